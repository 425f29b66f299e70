import type { HumanRuntime } from '../human/human-runtime.js';
import { grayscaleCopy, imageStatistics } from './image-statistics.js';
import { bestPose } from './mirror-fused-pose.js';
import { personSilhouette } from './person-silhouette.js';
import type { CaptureView, FrameObservation } from './types.js';

/** Which image a burst frame's one look runs on: the photo, or its mirror image (the answer mapped back). */
export type BurstLook = 'photo' | 'mirror image';

/**
 * The look of a burst's extra frame (frame k ≥ 1 of a view): `photo` on odd frames, `mirror image`
 * on even ones. BlazePose and the segmentation are not mirror-symmetric (observe-frame.ts), so a
 * burst whose extra frames all took the photo's look would lean the fused median towards that
 * look's side; alternating them balances the two as the first frame's averaged look does.
 */
export function burstLook(frameIndex: number): BurstLook {
  return frameIndex % 2 === 1 ? 'photo' : 'mirror image';
}

/**
 * One look at a burst's extra frame: the person mask and BlazePose on one image, and the exposure
 * and focus statistics, for the checks and the fit. Half the models of the first frame's
 * observation (observeFrame looks at the photo and its mirror image), and no face detection: the
 * first frame of the view carries the face check and the people count, and an extra frame only
 * matters when it is refused, which reads the pose, the mask and the statistics. Its `faces` is
 * therefore empty: it means "not looked for", and nothing reads it but a warning the pipeline drops
 * for extra frames and the wording of a `no_person` refusal. No second look closer to the person
 * either: a frame BlazePose is unsure of is refused and left out of the fusion.
 */
export async function observeBurstFrame(
  runtime: Pick<HumanRuntime, 'detectBody' | 'segmentPerson'>,
  imageBytes: Uint8Array,
  view: CaptureView,
  look: BurstLook,
): Promise<FrameObservation> {
  const mirrored = look === 'mirror image';
  // sharp decodes the grayscale copy on its own threads while the models run here.
  const grayCopy = grayscaleCopy(imageBytes);
  grayCopy.catch(() => undefined);
  const mask = await runtime.segmentPerson(imageBytes, { mirrored });
  const detection = await runtime.detectBody(imageBytes, { mirrored });
  const body = bestPose(detection.bodies);
  const silhouette = personSilhouette(mask);
  return {
    view,
    imageWidth: detection.imageWidth,
    imageHeight: detection.imageHeight,
    faces: [],
    body,
    bodyRuns: [body],
    silhouette,
    image: imageStatistics(await grayCopy, silhouette),
  };
}
