/**
 * What a scan reads when staff leave `shoes` out. The pipeline then assumes a street shoe's sole
 * (`soleWhenNotGiven`) under the photos' stature whatever the customer stands on, so a barefoot
 * customer's outline is taken for a body shorter than it is and scaled up: every figure reads large
 * by that sole's share of the stature, about 1.5%. The first subjects are scanned again, with their own photos, height and
 * clothing class, with `shoes` left out (left-out-rescan.ts).
 */
import { soleWhenNotGiven } from '../../src/main/scans/capture-conditions.js';
import { leftOutSection, rescanLeftOut, type LeftOutErrors } from './left-out-rescan.js';
import type { RescanOptions } from './scan-population.js';

export interface DefaultShoesRecord extends LeftOutErrors {
  /** The sole the subject stands on in the photos (mm; 0 barefoot). */
  soleMm: number;
}

export function scanAtDefaultShoes(options: RescanOptions): Promise<DefaultShoesRecord[]> {
  return rescanLeftOut<DefaultShoesRecord>(options, 'shoes', (subject) => ({ soleMm: subject.soleMm }));
}

/** The rows: barefoot, then soles by their height (mm, lower bound included). */
const soleBands = [
  { label: 'barefoot | `none`', from: 0, to: 0 },
  { label: 'sole 0.1–2 cm | `flat`', from: 0.1, to: 20 },
  { label: 'sole 2–3 cm | `flat`', from: 20, to: 30 },
  { label: 'sole 3 cm and more | `flat`', from: 30, to: Number.POSITIVE_INFINITY },
] as const;

const inBand = (soleMm: number, band: (typeof soleBands)[number]): boolean =>
  band.to === 0 ? soleMm === 0 : soleMm >= band.from && soleMm < band.to;

/** The mean sole in the photos and the mean by which the assumed sole misses it (cm). */
const soleCells = (accepted: DefaultShoesRecord[]): string[] => {
  if (accepted.length === 0) return ['–', '–'];
  const meanSoleCm = accepted.reduce((sum, record) => sum + record.soleMm, 0) / accepted.length / 10;
  const missCm = soleWhenNotGiven.soleCm - meanSoleCm;
  return [meanSoleCm.toFixed(1), `${missCm >= 0 ? '+' : '−'}${Math.abs(missCm).toFixed(1)}`];
};

/** The report's section on scans with the shoes left out. */
export function formatDefaultShoes(records: DefaultShoesRecord[], pipeline: string): string[] {
  return leftOutSection(records, {
    heading: `${pipeline}: shoes left out`,
    intro: (subjects) =>
      `The typed height is barefoot and the photos show the customer on their soles, so the pipeline takes the sole out of the photos' stature: the kind staff say (\`none\` 0 cm, \`flat\` 2.5 cm), or with \`shoes\` left out a street shoe's ${soleWhenNotGiven.soleCm} cm (±${soleWhenNotGiven.sdCm} cm), whatever the feet stand on. The tables above give staff's kind every time. Here the first ${subjects} subjects are scanned again from the same photos, height and clothing class with \`shoes\` left out (scripts/eval/default-shoes.ts). "Sole" is the mean height the subjects stand on in the photos, and "assumed − sole" what the assumption misses it by.`,
    table: {
      groupHeader: 'feet | staff say',
      ownHeader: ['sole (cm)', 'assumed − sole (cm)'],
      groups: soleBands.map((band) => ({ label: band.label, has: (record) => inBand(record.soleMm, band) })),
      ownCells: soleCells,
    },
  });
}
