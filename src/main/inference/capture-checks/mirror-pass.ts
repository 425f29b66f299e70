import type { BlazePosePart } from '../human/blazepose-landmarks.js';
import { keypoint, minKeypointScore, torsoAxis } from './body-geometry.js';
import { armGapShares, armPostures, checkFrame, hasErrors } from './rules.js';
import type { CaptureCheckSettings } from './settings.js';
import type { FrameObservation } from './types.js';

/**
 * When the live capture check needs its second look: the mask and BlazePose on the mirror image.
 *
 * A decision read from both looks is mirror-consistent: a photo and its mirror image swap them
 * (mirror-fused-pose.ts, the averaged masks of observe-frame.ts). The second look costs a
 * BlazePose run and a segmentation, and most photos do not need it: the rules that read the pose
 * accept a photo when any one answer shows it right (arms apart from the body, facing the camera
 * or in profile, a person seen), so a photo the first answer accepts on all of them is accepted by
 * both. The second look is taken when the first refuses anything (a refusal is then decided, and
 * worded, from both), when the first answer does not see the torso (the second could, and give the
 * arm and orientation rules a verdict), and when a value that the second look would average lies
 * near its threshold: a head or foot keypoint near the edge, the keypoints' span near the smallest
 * person, an arm's gap in the mask near `minArmGapShare`. The margins are larger than the
 * differences between a dev photo's two looks (scripts/capture/eval-photo-report.ts, docs/capture-checks.md).
 */
export interface SecondLookMargins {
  /** A head or foot keypoint this close to the top or bottom edge (share of the height). */
  edgeShare: number;
  /** Around `minPersonHeightShare` (the keypoints' span is a floor of the person's height). */
  personHeightShare: number;
  /** Above `minArmGapShare`: the mask of the photo and of its mirror image differ most at the arms. */
  armGapShare: number;
}

export const defaultSecondLookMargins: SecondLookMargins = { edgeShare: 0.03, personHeightShare: 0.05, armGapShare: 0.4 };

const edgeParts = [
  'nose',
  'leftEye',
  'rightEye',
  'leftEar',
  'rightEar',
  'leftAnkle',
  'rightAnkle',
  'leftHeel',
  'rightHeel',
  'leftFoot',
  'rightFoot',
] as const satisfies readonly BlazePosePart[];

/**
 * Why the second look is needed (a few words, for tests and logs), or null when the first look's
 * decision is the decision of both. `firstLook`: the observation with the first answer and mask alone.
 */
export function needsSecondLook(
  firstLook: FrameObservation,
  settings: CaptureCheckSettings,
  margins = defaultSecondLookMargins,
): string | null {
  const { body } = firstLook;
  if (!body) return 'no pose';
  if (hasErrors(checkFrame(firstLook, settings))) return 'refused on the first look';
  const torso = torsoAxis(body);
  if (!torso) return 'torso not seen';
  const height = firstLook.imageHeight;
  for (const part of edgeParts) {
    const point = keypoint(body, part, 0);
    if (point && (point.y < height * margins.edgeShare || point.y > height * (1 - margins.edgeShare))) return `${part} near the edge`;
  }
  const seen = body.keypoints.filter((point) => point.score >= minKeypointScore);
  if (seen.length >= 2) {
    const spanShare = (Math.max(...seen.map((point) => point.y)) - Math.min(...seen.map((point) => point.y))) / height;
    if (Math.abs(spanShare - settings.minPersonHeightShare) < margins.personHeightShare) return 'person height near its threshold';
  }
  if (firstLook.view === 'front') {
    const gaps = armGapShares(firstLook.silhouette, body, torso);
    const raised = new Set(
      armPostures(body, torso)
        .filter((arm) => arm.angleDeg >= settings.raisedArmDeg)
        .map((arm) => arm.side),
    );
    for (const side of ['left', 'right'] as const) {
      if (gaps && !raised.has(side) && gaps[side] < settings.minArmGapShare + margins.armGapShare)
        return `${side} arm gap near its threshold`;
    }
  }
  return null;
}
