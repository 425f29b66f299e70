import { keypoint, torsoAxis } from '../capture-checks/body-geometry.js';
import type { PersonSilhouette } from '../capture-checks/person-silhouette.js';
import type { BodyPose } from '../human/human-runtime.js';
import { frontLegLines, maskRuns, runContaining } from './silhouette-edges.js';

/**
 * The band of the body a skirt hides (clothing class `dress`): from just above the waist to the
 * hem. The mask there is the skirt's flare, not the hips and thighs, so the fit reads no outline
 * in it. The band is found on the front photo and given as shares of the photo's stature (0 at the
 * top of the head, 1 at the floor line), so the profile photo drops the same band of the body.
 */

export interface HiddenBand {
  /** Share of the stature from the top of the head where the hidden band starts… */
  fromShare: number;
  /** …and where it ends (the hem, or the knees when the hem is above them). */
  toShare: number;
}

/**
 * Where the band starts between the shoulder and hip keypoints: below the waist, whose landmark
 * (the omphalion) lies about 70% of the way from the shoulder joints to the hip joints (ANSUR II
 * means: acromion 0.81, omphalion 0.60, hip joint 0.50 of the stature), and whose outline is read
 * within ±2.5 cm of it (local-girth.ts): a dress's bodice and a skirt's waistband sit on the waist;
 * the skirt flares below it.
 */
const bandStartShareOfTorso = 0.82;
/** Rows this share of the stature beyond the hem (or knee) are still left out: a hem is not a sharp line in the mask. */
const hemMarginShare = 0.015;
/**
 * Without usable keypoints: the same start on ANSUR II's means as shares from the top of the head
 * (acromion 0.19, hip joint 0.50), and the mean knee height (0.28 of the stature) and a margin.
 */
const fallbackBand: HiddenBand = { fromShare: 0.44, toShare: 0.75 };

export interface SkirtBandInput {
  silhouette: PersonSilhouette;
  body: BodyPose | null;
  topY: number;
  floorY: number;
}

/**
 * The hidden band of a front photo. The top: the waist between the shoulder and hip keypoints.
 * The bottom: the lower of the knees and the skirt's hem, which is the last row below the hips
 * where both legs' lines lie in one run of the mask (a skirt joins them; below the hem the legs
 * stand apart). Legs that touch below the hem extend the band further: nothing is read where the
 * mask cannot tell a skirt from two legs.
 */
export function skirtBand(front: SkirtBandInput): HiddenBand {
  const staturePx = front.floorY - front.topY;
  if (!(staturePx > 0)) return fallbackBand;
  const share = (y: number): number => (y - front.topY) / staturePx;
  const torso = torsoAxis(front.body);
  const legs = frontLegLines(front.silhouette, front.body, staturePx);
  if (!torso || !legs || legs.length < 2) return fallbackBand;
  const startY = torso.shoulderMid.y + bandStartShareOfTorso * (torso.hipMid.y - torso.shoulderMid.y);
  const knees = (['leftKnee', 'rightKnee'] as const).map((part) => keypoint(front.body, part, 0.3)).filter((point) => point !== null);
  const ankleY = Math.min(legs[0]!.ankle.y, legs[1]!.ankle.y);
  const kneeY = knees.length > 0 ? Math.max(...knees.map((knee) => knee.y)) : torso.hipMid.y + 0.5 * (ankleY - torso.hipMid.y);
  const legX = (leg: (typeof legs)[number], y: number): number =>
    leg.hip.x + ((y - leg.hip.y) / (leg.ankle.y - leg.hip.y)) * (leg.ankle.x - leg.hip.x);
  const scale = front.silhouette.scale;
  let hemY = torso.hipMid.y;
  const gapPx = 0.01 * staturePx;
  for (let maskRow = Math.ceil(torso.hipMid.y * scale); maskRow < Math.floor(ankleY * scale); maskRow++) {
    const y = (maskRow + 0.5) / scale;
    const runs = maskRuns(front.silhouette, y);
    const left = runContaining(runs, legX(legs[0]!, y), gapPx);
    const right = runContaining(runs, legX(legs[1]!, y), gapPx);
    if (!left || left !== right) break;
    hemY = y;
  }
  const bottomY = Math.min(ankleY, Math.max(kneeY, hemY));
  return { fromShare: Math.max(0, share(startY)), toShare: Math.min(1, share(bottomY) + hemMarginShare) };
}

/** Whether photo row y of a view (its top of the head and floor line) lies in the band. */
export function inHiddenBand(band: HiddenBand, view: { topY: number; floorY: number }, y: number): boolean {
  const share = (y - view.topY) / (view.floorY - view.topY);
  return share >= band.fromShare && share <= band.toShare;
}

/**
 * The survey columns whose body part lies in the band: a measurement built on any of them is not
 * seen under a skirt, so it is regressed from what is seen (body-step.ts).
 */
export const skirtHiddenColumns: readonly string[] = [
  'buttockcircumference',
  'thighcircumference',
  'lowerthighcircumference',
  'hipbreadth',
  'buttockdepth',
  'crotchheight',
];
