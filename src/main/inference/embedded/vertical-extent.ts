import { keypoint } from '../capture-checks/body-geometry.js';
import type { PersonSilhouette } from '../capture-checks/person-silhouette.js';
import type { BodyPose } from '../human/human-runtime.js';

/**
 * Where the customer's head top and the floor are in a photo (photo rows): the span that the
 * customer's stature covers, which places the camera.
 */

/** The survey columns the ear's height needs (ANSUR II). */
export const tragionColumns = ['stature', 'tragiontopofhead'] as const;

/** Height of the ear (tragion) as a share of stature, from the survey's mean heights (mm) of one sex. */
export function tragionShare(meanMm: (column: (typeof tragionColumns)[number]) => number): number {
  return 1 - meanMm('tragiontopofhead') / meanMm('stature');
}

/** A mask more than this share of stature below the heels runs into a shadow or the floor. */
const maxShadowShare = 0.06;
/**
 * Top (head) and bottom (floor) of the person in photo rows. The floor line is where the heels
 * stand, not the lowest mask row: a camera above the floor sees the toes, nearer to it than the
 * body's plane, lower in the photo (about 3% of stature at 3 m), which would shrink every
 * breadth scaled by stature. Without heels the mask's lowest row is the best there is.
 *
 * The top is the mask's highest row unless the mask has lost the top of the head (dark hair on a
 * dark background, a hat, a segmentation that stops at the neck): the top of the head lies above
 * the ears by the survey's tragion-to-top-of-head height, some 8% of stature, so a mask top not
 * even halfway up from the ears to there is not the head's. The ears' keypoints and that
 * proportion then give the top; a stature short by a head would scale every breadth up by ~10%.
 */
export function verticalExtent(
  silhouette: PersonSilhouette,
  body: BodyPose | null,
  tragionShare?: number,
): { topY: number; bottomY: number; notes: string[] } {
  const floor = floorLine(silhouette, body);
  const maskTopY = silhouette.top / silhouette.scale;
  const ears = (['leftEar', 'rightEar'] as const).map((part) => keypoint(body, part)).filter((point) => point !== null);
  if (tragionShare === undefined || !(tragionShare > 0 && tragionShare < 1) || ears.length === 0) return { topY: maskTopY, ...floor };
  const earY = ears.reduce((sum, point) => sum + point.y, 0) / ears.length;
  const headTopY = floor.bottomY - (floor.bottomY - earY) / tragionShare;
  if (maskTopY <= (earY + headTopY) / 2) return { topY: maskTopY, ...floor };
  return {
    topY: headTopY,
    bottomY: floor.bottomY,
    notes: [...floor.notes, "The person mask misses the top of the head: the ears' keypoints and the survey's head height give the top."],
  };
}

function floorLine(silhouette: PersonSilhouette, body: BodyPose | null): { bottomY: number; notes: string[] } {
  const topY = silhouette.top / silhouette.scale;
  const maskBottomY = (silhouette.bottom + 1) / silhouette.scale;
  const heels = (['leftHeel', 'rightHeel'] as const).map((part) => keypoint(body, part)).filter((point) => point !== null);
  const toes = (['leftFoot', 'rightFoot'] as const).map((part) => keypoint(body, part)).filter((point) => point !== null);
  const feet = heels.length > 0 ? heels : toes;
  if (feet.length === 0) return { bottomY: maskBottomY, notes: [] };
  const feetY = Math.max(...feet.map((point) => point.y));
  if (maskBottomY - feetY > maxShadowShare * (feetY - topY)) {
    const source = heels.length > 0 ? 'the heels' : 'the feet keypoints';
    return { bottomY: feetY, notes: [`The person mask runs below the feet (a shadow or reflection): ${source} give the floor line.`] };
  }
  // The heels are the floor line; without them, the lower of the mask and the feet keypoints.
  return { bottomY: heels.length > 0 ? feetY : Math.max(maskBottomY, feetY), notes: [] };
}

/**
 * The floor row for placing the camera: the mask's lowest row, where the sole point nearest the
 * camera stands (steadier than BlazePose's heels, which wander by several centimetres in a
 * profile), unless the mask runs into a shadow: then the heels' (or the feet's) keypoints.
 */
export function floorRow(silhouette: PersonSilhouette, body: BodyPose | null): { y: number; at: 'sole' | 'heel' } {
  const floor = floorLine(silhouette, body);
  if (floor.notes.length > 0) return { y: floor.bottomY, at: 'heel' };
  return { y: (silhouette.bottom + 1) / silhouette.scale, at: 'sole' };
}
