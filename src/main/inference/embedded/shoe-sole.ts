import type { BodyModel } from '../../body/model.js';
import { regressJoints, verticalSpan } from '../../body/shape.js';
import { jointIndex } from '../../body/skeleton.js';
import { keypoint } from '../capture-checks/body-geometry.js';
import type { BodyPose } from '../human/human-runtime.js';
import { soleHeight, type Shoes, type SoleHeight } from '../../scans/capture-conditions.js';

/**
 * The shoe sole under the customer in the photos: what staff said (`shoes`), or, when nobody
 * said, read from the front photo: the ankles' keypoints stand above the floor line by the ankle's
 * height plus the sole. The ankle's height is the body model's mean share of stature (the
 * survey's lateral malleolus height varies by about 0.6 cm SD), so the reading is good to a
 * little over a centimetre; it is kept between barefoot and a tall trainer's sole.
 */

/** A sole judged from the photo is kept within this range (cm). */
const judgedSoleRangeCm = [0, 5] as const;
/** SD of a sole judged from the ankles' keypoints (cm): the keypoints' scatter and the ankle's own height. */
const judgedSoleSdCm = 1.2;

export interface SoleReading extends SoleHeight {
  /** How the sole was found, for the scan's notes. */
  note: string;
}

/** Height of the ankle joints above the soles as a share of stature, on the model's mean shape. */
export function ankleShare(model: BodyModel): number {
  const joints = regressJoints(model, model.vTemplate);
  const { floorY, topY } = verticalSpan(model.vTemplate);
  const ankles = (['left_ankle', 'right_ankle'] as const).map((name) => joints[jointIndex(name) * 3 + 1]! - floorY);
  return (ankles[0]! + ankles[1]!) / 2 / (topY - floorY);
}

export function shoeSole(input: {
  shoes: Shoes | null;
  body: BodyPose | null;
  /** Photo rows of the top of the head and the floor line. */
  topY: number;
  floorY: number;
  statureCm: number;
  ankleShare: number;
}): SoleReading {
  const given = soleHeight(input.shoes);
  if (given) return { ...given, note: `Shoe sole ${given.soleCm} cm (as given) taken out of the photos' stature.` };
  const ankles = ['leftAnkle', 'rightAnkle'].map((part) => keypoint(input.body, part)).filter((point) => point !== null);
  const spanPx = input.floorY - input.topY;
  if (ankles.length === 0 || spanPx <= 0) {
    const flat = soleHeight('flat')!;
    return { ...flat, note: `Shoes not given and the ankles not seen: a ${flat.soleCm} cm sole is assumed.` };
  }
  // The photo spans stature + sole; the ankle keypoints stand at ankle height + sole above the floor.
  const share = (input.floorY - ankles.reduce((sum, point) => sum + point.y, 0) / ankles.length) / spanPx;
  const soleCm = ((share - input.ankleShare) * input.statureCm) / (1 - share);
  const kept = Math.min(judgedSoleRangeCm[1], Math.max(judgedSoleRangeCm[0], soleCm));
  return {
    soleCm: Number(kept.toFixed(1)),
    sdCm: judgedSoleSdCm,
    note: `Shoes not given: a sole of ${kept.toFixed(1)} cm judged from the ankles' height in the front photo.`,
  };
}
