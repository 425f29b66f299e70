import * as z from 'zod';

/**
 * What staff tell the kiosk about how the customer stands in the photos: the clothing class and the
 * footwear. The pipeline reads them to take the garment and the shoe sole out of the figures
 * (docs/api.md and docs/body-model.md say what each class assumes).
 */

/**
 * `tight`: sportswear, leggings, a fitted T-shirt. `regular`: an ordinary shirt and trousers.
 * `loose`: knitwear, a hoodie, wide trousers. `dress`: a dress or skirt, whose skirt hides the body
 * from below the waist to the knee (the pipeline reads nothing there and says which figures are regressed).
 */
export const clothingClasses = ['tight', 'regular', 'loose', 'dress'] as const;
export type ClothingClass = (typeof clothingClasses)[number];

/**
 * Assumed when staff do not choose and the photo does not show bare skin (or the pipeline cannot
 * judge it): what most customers walk in wearing.
 */
export const defaultClothing: ClothingClass = 'regular';

/**
 * Where the clothing class a scan used came from: `staff` gave it; `photo`: not given, judged from
 * the front photo (bare skin on the trunk and thighs reads as `tight`, anything else `regular`);
 * `assumed`: not given and not judged (a pipeline that does not judge it), `regular`.
 */
export const clothingSources = ['staff', 'photo', 'assumed'] as const;
export type ClothingSource = (typeof clothingSources)[number];

/** The class a pipeline that does not judge clothing scans with: staff's, or `regular` assumed. */
export function clothingAsGiven(given: ClothingClass | null): { clothing: ClothingClass; clothingSource: ClothingSource } {
  return given === null ? { clothing: defaultClothing, clothingSource: 'assumed' } : { clothing: given, clothingSource: 'staff' };
}

/** `none`: barefoot or socks. `flat`: trainers, street shoes, flat boots. `heels`: a raised heel. */
export const shoeKinds = ['none', 'flat', 'heels'] as const;
export type ShoeKind = (typeof shoeKinds)[number];

/** The tallest sole (heel) the kiosk accepts as a typed number, cm. */
export const maxShoeSoleCm = 15;

/**
 * The footwear as staff gave it: a kind, or the sole height in cm when they know it. Null: not said,
 * the pipeline assumes `soleWhenNotGiven` and says so.
 */
export type Shoes = ShoeKind | { soleCm: number };

/** Shoes as the service's parts hand them to each other (worker messages, stored avatars), checked on the way in. */
export const shoesSchema = z.union([
  z.enum(shoeKinds),
  z.object({ soleCm: z.number().min(0).max(maxShoeSoleCm) }),
]) satisfies z.ZodType<Shoes>;

export interface SoleHeight {
  /** How much the shoes raise the customer above the floor, cm. */
  soleCm: number;
  /** How far that may be off for a customer of this kind, cm (one SD). */
  sdCm: number;
}

/**
 * The sole assumed for each kind. Flat shoes: trainers and street shoes measure 2–3.5 cm under the
 * heel. Heels: the ones customers wear in a shop are mostly 5–9 cm, and the body stands raised by
 * roughly that at the heel.
 */
export const soleByShoeKind: Record<ShoeKind, SoleHeight> = {
  none: { soleCm: 0, sdCm: 0.3 },
  flat: { soleCm: 2.5, sdCm: 1 },
  heels: { soleCm: 7, sdCm: 2 },
};

/**
 * The sole when nobody said: a street shoe's, the flat kind's height, with an SD that also covers a
 * customer in socks or a thicker trainer (0–4 cm). The photo does not tell it: the ankles' keypoints
 * above the floor line missed the evaluation's soles by 4.7 cm on average (docs/embedded-pipeline.md, step 3).
 */
export const soleWhenNotGiven: SoleHeight = { soleCm: soleByShoeKind.flat.soleCm, sdCm: 1.3 };

/** A typed sole height is a staff member's reading of the shoe, good to about half a centimetre. */
const typedSoleSdCm = 0.5;

/** The sole under the customer's feet, or null when nobody said (`soleWhenNotGiven` then). */
export function soleHeight(shoes: Shoes | null): SoleHeight | null {
  if (shoes === null) return null;
  if (typeof shoes === 'string') return soleByShoeKind[shoes];
  return { soleCm: shoes.soleCm, sdCm: typedSoleSdCm };
}

/** The footwear as the API and the CLI take it (a kind, or a sole height in cm) → Shoes. */
export function shoesInput(given: ShoeKind | number | null | undefined): Shoes | null {
  if (given === null || given === undefined) return null;
  return typeof given === 'number' ? { soleCm: given } : given;
}
