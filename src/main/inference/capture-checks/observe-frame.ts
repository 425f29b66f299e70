import type { HumanRuntime, PersonMask } from '../human/human-runtime.js';
import { grayscaleCopy, imageStatistics } from './image-statistics.js';
import { bestPose, fuseMirroredPoses } from './mirror-fused-pose.js';
import { personSilhouette } from './person-silhouette.js';
import type { CaptureView, FrameObservation } from './types.js';

/** Milliseconds spent per step of looking at one photo. */
export interface ObservationTimings {
  facesMs: number;
  bodyMs: number;
  maskMs: number;
  statisticsMs: number;
}

export interface ObservedFrame {
  observation: FrameObservation;
  /** The raw mask, for the embedded pipeline's silhouette measurements. */
  mask: PersonMask;
  timings: ObservationTimings;
}

/** The runtime must have been created with the face, body and segmentation modules. */
export type ObservingRuntime = Pick<HumanRuntime, 'detectFaces' | 'detectBody' | 'segmentPerson'>;

/**
 * Looks at one photo with Human (faces, BlazePose on the photo and on its mirror image, person
 * mask) and measures its exposure and focus: everything the capture checks and the embedded pipeline read. Runs in a worker thread.
 */
export async function observeFrame(runtime: ObservingRuntime, imageBytes: Uint8Array, view: CaptureView): Promise<ObservedFrame> {
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const value = await work();
    return [value, performance.now() - started];
  };
  const [faces, facesMs] = await timed(() => runtime.detectFaces(imageBytes));
  const [bodies, bodyMs] = await timed(async () => {
    const direct = await runtime.detectBody(imageBytes);
    const mirrored = await runtime.detectBody(imageBytes, { mirrored: true });
    const runs = [bestPose(direct.bodies), bestPose(mirrored.bodies)];
    return { imageWidth: direct.imageWidth, imageHeight: direct.imageHeight, body: fuseMirroredPoses(runs[0]!, runs[1]!), runs };
  });
  const [mask, maskMs] = await timed(() => runtime.segmentPerson(imageBytes));
  const [statistics, statisticsMs] = await timed(async () => {
    const silhouette = personSilhouette(mask);
    return { silhouette, image: imageStatistics(await grayscaleCopy(imageBytes), silhouette) };
  });
  return {
    observation: {
      view,
      imageWidth: bodies.imageWidth,
      imageHeight: bodies.imageHeight,
      faces: faces.faces,
      body: bodies.body,
      bodyRuns: bodies.runs,
      silhouette: statistics.silhouette,
      image: statistics.image,
    },
    mask,
    timings: { facesMs, bodyMs, maskMs, statisticsMs },
  };
}
