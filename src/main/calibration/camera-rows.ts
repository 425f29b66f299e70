import { keypoint } from '../inference/capture-checks/body-geometry.js';
import type { PersonSilhouette } from '../inference/capture-checks/person-silhouette.js';
import type { CaptureView, PhotoOutlineRows } from '../inference/capture-checks/types.js';
import type { BodyPose } from '../inference/human/human-runtime.js';

/**
 * The floor line the calibrated camera reads a stature from, in a calibration photo and in a
 * scan alike. Three readings of it:
 * - the shoes' outline on the photo itself (edge-rows.ts): the lowest sole's edge against the
 *   floor, the sole point nearest the camera;
 * - the person mask's lowest row, meant as the same point, but drawn at the segmentation model's
 *   256 px: on the dev renders it lies within 6 px (SD, front) of where the true sole projects,
 *   and it loses a shoe of the floor's colour;
 * - BlazePose's toe keypoints, which sit a median 15 px (front) above the sole with an SD of 13 px.
 * When the mask (or the outline) has plainly failed, the toes alone place the floor: a row far
 * below them has run into a shadow or reflection, and one ending above them in profile has lost
 * the shoes. Otherwise the outline stands; without one, the mask and the toes are weighed by
 * their inverse variances on the front photos (`maskWeight`).
 *
 * Unlike the body fit's floor row (vertical-extent.ts), the heels play no part: in a front photo
 * BlazePose puts the hidden heels 3–5 cm up the foot.
 */

/**
 * The mask's weight against the toes' when both are sound: 1/6² against 1/13² (px, front photos of
 * the dev seed). On those photos the floor line's SD went 5.9 → 5.1 px (front) and 9.9 → 8.9 px
 * (profile) against the mask alone.
 */
const maskWeight = 0.8;
/** How far the sole lies below BlazePose's toe keypoint, as a share of the person's height in the photo (dev renders). */
const soleBelowToesShare = 0.02;
/** A mask more than this share of the person's height below where the toes put the sole runs into a shadow. */
const maxShadowShare = 0.08;
/**
 * A mask whose lowest row lies this share of the person's height above the toe keypoint has lost
 * the feet. In profile the toe keypoint is at the foot's tip, which the sole never ends above; in a
 * front photo it can be drawn a little below a sound mask, so only a clear gap counts.
 */
const lostFeetShare: Record<CaptureView, number> = { front: 0.02, side: 0 };

export function cameraFloorRow(
  silhouette: PersonSilhouette,
  body: BodyPose | null,
  topY: number,
  view: CaptureView,
  /** The soles' row on the photo's outline (edge-rows.ts); null: none was found, the mask's lowest row stands for it. */
  outlineSoleY: number | null = null,
): number {
  const maskBottomY = outlineSoleY ?? (silhouette.bottom + 1) / silhouette.scale;
  const toes = (['leftFoot', 'rightFoot'] as const).map((part) => keypoint(body, part)).filter((point) => point !== null);
  if (toes.length === 0) return maskBottomY;
  const toesY = Math.max(...toes.map((point) => point.y));
  const spanPx = toesY - topY;
  if (!(spanPx > 0)) return maskBottomY;
  const soleY = toesY + soleBelowToesShare * spanPx;
  if (maskBottomY - soleY > maxShadowShare * spanPx) return soleY;
  if (toesY - maskBottomY > lostFeetShare[view] * spanPx) return soleY;
  if (outlineSoleY !== null) return outlineSoleY;
  return maskWeight * maskBottomY + (1 - maskWeight) * soleY;
}

/**
 * The crown and floor rows a calibrated camera reads: the photo's outline where it shows one
 * (edge-rows.ts), otherwise the mask's. The crown from the ears' keypoints (vertical-extent.ts,
 * where the mask has lost the head's top) stands as it is.
 */
export function cameraRowsOf(
  silhouette: PersonSilhouette,
  body: BodyPose | null,
  topY: number,
  view: CaptureView,
  outline: PhotoOutlineRows | null,
): { topY: number; floorY: number } {
  const maskTopY = silhouette.top / silhouette.scale;
  const crownY = topY === maskTopY ? (outline?.crownY ?? topY) : topY;
  return { topY: crownY, floorY: cameraFloorRow(silhouette, body, crownY, view, outline?.soleY ?? null) };
}
