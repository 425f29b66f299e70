import { otherSide, type BodyKeypoint, type BodyPose } from '../human/human-runtime.js';
import { facingRatio } from './rules.js';
import type { CaptureCheckSettings } from './settings.js';
import type { CaptureView } from './types.js';

/**
 * BlazePose is not mirror-symmetric: on the mirror image of a photo it can score a keypoint 0.55
 * instead of 0.45, or place a hidden shoulder elsewhere, and a threshold on either flips a
 * capture decision. Averaging its answer on the photo with its answer on the mirror image (mapped
 * back, see HumanRuntime.detectBody) gives one pose that is the same, mirrored, for a photo and
 * its mirror image: the two runs swap roles. It also halves the keypoints' jitter.
 */
export function fuseMirroredPoses(direct: BodyPose | null, mirrored: BodyPose | null): BodyPose | null {
  if (!direct || !mirrored) return direct ?? mirrored;
  // An untextured or back-lit body can be read as facing the camera in one run and away from it in
  // the other: pair each keypoint with the twin that lies nearer, not with the same name.
  const sameNames = new Map(mirrored.keypoints.map((keypoint) => [keypoint.part, keypoint]));
  const swappedNames = new Map(mirrored.keypoints.map((keypoint) => [otherSide(keypoint.part), keypoint]));
  const other = pairingCost(direct, swappedNames) < pairingCost(direct, sameNames) ? swappedNames : sameNames;
  const keypoints = direct.keypoints.flatMap((keypoint) => {
    const twin = other.get(keypoint.part);
    if (!twin) return [];
    const z = keypoint.z !== null && twin.z !== null ? (keypoint.z + twin.z) / 2 : null;
    return [
      { part: keypoint.part, x: (keypoint.x + twin.x) / 2, y: (keypoint.y + twin.y) / 2, z, score: (keypoint.score + twin.score) / 2 },
    ];
  });
  const left = Math.min(direct.box.x, mirrored.box.x);
  const top = Math.min(direct.box.y, mirrored.box.y);
  const right = Math.max(direct.box.x + direct.box.width, mirrored.box.x + mirrored.box.width);
  const bottom = Math.max(direct.box.y + direct.box.height, mirrored.box.y + mirrored.box.height);
  return { score: (direct.score + mirrored.score) / 2, box: { x: left, y: top, width: right - left, height: bottom - top }, keypoints };
}

/**
 * The pose a photo is read by: the two answers fused, unless they disagree on the view itself.
 * BlazePose can read a body square to the camera as in profile in one answer and not the other
 * (a dev front photo: shoulders 55 px apart in one answer, 180 px in the other); their average
 * is neither, and the fit posed the model's arms across its torso from it (girths 10 cm apart
 * between the photo and its resized copy, which averaged 62 and 118 px). When one answer reads the
 * asked-for view and the other does not, by the orientation check's own threshold, the pose is the
 * answer that reads it: the one the orientation check decides by, so a photo and its mirror image,
 * which swap the answers, still get the same pose.
 */
export function viewFusedPose(
  direct: BodyPose | null,
  mirrored: BodyPose | null,
  view: CaptureView,
  settings: Pick<CaptureCheckSettings, 'minFrontFacingRatio' | 'maxSideFacingRatio'>,
): BodyPose | null {
  const directRatio = facingRatio(direct);
  const mirroredRatio = facingRatio(mirrored);
  if (directRatio === null || mirroredRatio === null) return fuseMirroredPoses(direct, mirrored);
  const readsView = (ratio: number): boolean =>
    view === 'front' ? ratio >= settings.minFrontFacingRatio : ratio <= settings.maxSideFacingRatio;
  if (readsView(directRatio) === readsView(mirroredRatio)) return fuseMirroredPoses(direct, mirrored);
  return readsView(directRatio) ? direct : mirrored;
}

/** The best-scoring pose of a detection, or null. */
export function bestPose(bodies: readonly BodyPose[]): BodyPose | null {
  return [...bodies].sort((a, b) => b.score - a.score)[0] ?? null;
}

/** Summed distance between the keypoints and their twins under one pairing. */
function pairingCost(direct: BodyPose, twins: Map<string, BodyKeypoint>): number {
  let cost = 0;
  for (const keypoint of direct.keypoints) {
    const twin = twins.get(keypoint.part);
    if (twin) cost += Math.hypot(keypoint.x - twin.x, keypoint.y - twin.y);
  }
  return cost;
}
