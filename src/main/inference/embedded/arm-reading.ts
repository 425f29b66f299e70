import { frontArmLines } from './merged-arms.js';
import type { RowArms } from './merged-arms.js';
import type { BodyPose } from '../human/human-runtime.js';
import type { RowRun, SampleRow } from './silhouette-edges.js';

/**
 * The upper arm's width read from the front photo. The silhouette fit compares the trunk and the
 * legs only, so the fitted body's arm follows them through the survey's correlations: on the dev
 * seed its girth kept about half of a heavy or a thin customer's departure from their build's usual
 * arm. Where an arm hangs apart from the trunk, a row crosses it as a run of its own, in the mask
 * and in the fitted body drawn in the same pose; their widths over the middle of the upper arm say
 * how much thicker the customer's arm is than the fitted one. Both runs cut the arm at the same
 * angle, so their ratio does not depend on how far the arm is held out.
 */

/** The middle of the upper arm, as shares of the way from the shoulder's keypoint down to the elbow's. */
const upperArmBand = { from: 0.3, to: 0.7 } as const;
/** Fewer rows than this (both arms together) read nothing: a run or two can be a hand or a sleeve's fold. */
const minimumRows = 4;

/**
 * How the reading moves the fitted girth, both chosen on the dev seed of `npm run eval:embedded`
 * (the 56 of 119 front + side + height scans whose arms hung apart; least squares of the true
 * girth over the fitted one on the width ratio, in logs):
 *
 * - `ratioAtFittedGirth`: the width ratio of an arm exactly as thick as the fitted one. The mask's
 *   arm stands wider than the model's drawn arm (the mask's soft edge is a larger share of a narrow
 *   limb than of the trunk, and the model's arm is not round), 1.16 at the median.
 * - `weight`: the share of the ratio's departure from that taken, the rest left to the fitted body
 *   (a precision-weighted mean of the two; the rows of one arm are not independent). The fitted
 *   girth's survey SD shrinks by √(1 − weight) with it.
 *
 * On that dev set the upper arm's MAE over the read scans went 1.76 → 1.28 cm (front + side +
 * height) and 1.94 → 1.37 cm (front + height).
 */
export const upperArmReading = { ratioAtFittedGirth: 1.164, weight: 0.5 } as const;

/** What the fitted upper arm's girth is multiplied by for this reading. */
export function upperArmFactor(reading: ArmReading): number {
  return (reading.widthRatio / upperArmReading.ratioAtFittedGirth) ** upperArmReading.weight;
}

export interface ArmReading {
  /** The customer's upper arm over the fitted body's, in width (the sleeve's ease taken off). */
  widthRatio: number;
  /** Rows read, both arms together. */
  rowCount: number;
}

function contains(run: RowRun, x: number): boolean {
  return run.start <= x && x <= run.end;
}

/** The run holding the arm's centreline, unless it holds the trunk too (an arm against the body). */
function armApart(runs: readonly RowRun[], x: number, anchors: readonly number[]): RowRun | null {
  const run = runs.find((candidate) => contains(candidate, x));
  return run && !anchors.some((anchor) => contains(run, anchor)) ? run : null;
}

/**
 * The upper arms' width ratio over the rows of a front photo where both the mask's and the fitted
 * body's arm stand apart; null when too few rows do.
 */
export function readUpperArms(input: {
  body: BodyPose | null;
  rows: readonly SampleRow[];
  arms: readonly (RowArms | null)[];
  maskRuns: readonly RowRun[][];
  modelRuns: readonly RowRun[][];
  /** The sleeve's ease at each edge of the arm (photo pixels). */
  sleeveEasePx: number;
}): ArmReading | null {
  const lines = frontArmLines(input.body);
  const ratios: number[] = [];
  input.rows.forEach((row, r) => {
    const crossing = input.arms[r];
    if (!crossing) return;
    (['start', 'end'] as const).forEach((side, k) => {
      const arm = crossing[side];
      const line = lines[k];
      if (!arm || !line) return;
      const [shoulder, elbow] = line;
      const share = (row.y - shoulder!.y) / (elbow!.y - shoulder!.y);
      if (!(share >= upperArmBand.from && share <= upperArmBand.to)) return;
      const mask = armApart(input.maskRuns[r]!, arm.x, row.anchors);
      const model = armApart(input.modelRuns[r]!, arm.x, row.anchors);
      if (!mask || !model) return;
      const seen = mask.end - mask.start - 2 * input.sleeveEasePx;
      const fitted = model.end - model.start;
      if (seen > 0 && fitted > 0) ratios.push(seen / fitted);
    });
  });
  if (ratios.length < minimumRows) return null;
  ratios.sort((a, b) => a - b);
  const middle = ratios.length >> 1;
  const median = ratios.length % 2 === 1 ? ratios[middle]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
  return { widthRatio: median, rowCount: ratios.length };
}
