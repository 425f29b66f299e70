import { keypoint } from '../inference/capture-checks/body-geometry.js';
import type { PersonSilhouette } from '../inference/capture-checks/person-silhouette.js';
import type { BodyPose } from '../inference/human/human-runtime.js';

/**
 * The floor line the calibrated camera reads a stature from, in a calibration photo and in a
 * scan alike. It is the person mask's lowest row (the sole point nearest the camera), unless the
 * mask runs on into a shadow or reflection: then the toes' keypoints. Unlike the body fit's floor
 * row (vertical-extent.ts), the shadow is judged against the toes, not the heels: in a front photo
 * BlazePose puts the hidden heels 3–5 cm up the foot, which took a mask that ended at the soles for
 * a shadow and read the floor at the ankles, 50 px (about 10 cm of stature) too high.
 */

/** A mask more than this share of the person's height below the toes runs into a shadow. */
const maxShadowShare = 0.04;

export function cameraFloorRow(silhouette: PersonSilhouette, body: BodyPose | null, topY: number): number {
  const maskBottomY = (silhouette.bottom + 1) / silhouette.scale;
  const toes = ['leftFoot', 'rightFoot'].map((part) => keypoint(body, part)).filter((point) => point !== null);
  if (toes.length === 0) return maskBottomY;
  const toesY = Math.max(...toes.map((point) => point.y));
  return maskBottomY - toesY > maxShadowShare * (toesY - topY) ? toesY : maskBottomY;
}
