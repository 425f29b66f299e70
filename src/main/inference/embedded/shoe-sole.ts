import { soleHeight, soleWhenNotGiven, type Shoes, type SoleHeight } from '../../scans/capture-conditions.js';

/** The shoe sole under the customer in the photos, as staff said (`shoes`) or assumed when nobody did. */
export interface SoleReading extends SoleHeight {
  /** How the sole was found, for the scan's notes. */
  note: string;
}

export function shoeSole(shoes: Shoes | null): SoleReading {
  const given = soleHeight(shoes);
  if (given) return { ...given, note: `Shoe sole ${given.soleCm} cm (as given) taken out of the photos' stature.` };
  const { soleCm, sdCm } = soleWhenNotGiven;
  return {
    soleCm,
    sdCm,
    note:
      `Shoes not given: a street shoe's ${soleCm} cm sole (±${sdCm} cm) is assumed under the photos' stature. ` +
      "Give the shoes (none, flat, heels or the sole's height) for closer figures.",
  };
}
