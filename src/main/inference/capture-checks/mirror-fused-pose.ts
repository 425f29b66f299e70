import { otherSide, type BodyKeypoint, type BodyPose } from '../human/human-runtime.js';

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
