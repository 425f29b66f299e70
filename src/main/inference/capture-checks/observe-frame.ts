import type { BodyPose, HumanRuntime, PersonMask } from '../human/human-runtime.js';
import type { PixelRegion } from '../human/image-decoder.js';
import { grayscaleCopy, imageStatistics } from './image-statistics.js';
import { bestPose, fuseMirroredPoses } from './mirror-fused-pose.js';
import { personSilhouette, type PersonSilhouette } from './person-silhouette.js';
import { defaultCaptureCheckSettings } from './settings.js';
import type { CaptureView, FrameObservation } from './types.js';

/** Below this best score BlazePose looks again, at a square around the person of the mask (the checks' `minBodyScore`). */
const retryBelowBodyScore = defaultCaptureCheckSettings.minBodyScore;

/** A square around the mask's person, 10% larger than their height, inside the photo (its pixels). */
function personRegion(silhouette: PersonSilhouette, imageWidth: number, imageHeight: number): PixelRegion | null {
  const left = silhouette.left / silhouette.scale;
  const right = (silhouette.right + 1) / silhouette.scale;
  const top = silhouette.top / silhouette.scale;
  const bottom = (silhouette.bottom + 1) / silhouette.scale;
  const side = Math.min(Math.max(right - left, bottom - top) * 1.1, imageWidth, imageHeight);
  if (side <= 0) return null;
  const x = Math.min(Math.max(0, (left + right - side) / 2), imageWidth - side);
  const y = Math.min(Math.max(0, (top + bottom - side) / 2), imageHeight - side);
  return { left: Math.round(x), top: Math.round(y), width: Math.round(side), height: Math.round(side) };
}

function bestScore(runs: readonly (BodyPose | null)[]): number {
  return Math.max(0, ...runs.map((run) => run?.score ?? 0));
}

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
 * Looks at one photo with Human (faces, person mask, BlazePose on the photo and on its mirror
 * image) and measures its exposure and focus: everything the capture checks and the embedded
 * pipeline read. Runs in a worker thread.
 */
export async function observeFrame(runtime: ObservingRuntime, imageBytes: Uint8Array, view: CaptureView): Promise<ObservedFrame> {
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const value = await work();
    return [value, performance.now() - started];
  };
  const [faces, facesMs] = await timed(() => runtime.detectFaces(imageBytes));
  const [mask, maskMs] = await timed(() => runtime.segmentPerson(imageBytes));
  const silhouette = personSilhouette(mask);
  const [bodies, bodyMs] = await timed(async () => {
    const pair = async (region?: PixelRegion) => {
      const direct = await runtime.detectBody(imageBytes, region ? { region } : {});
      const mirrored = await runtime.detectBody(imageBytes, region ? { region, mirrored: true } : { mirrored: true });
      return { imageWidth: direct.imageWidth, imageHeight: direct.imageHeight, runs: [bestPose(direct.bodies), bestPose(mirrored.bodies)] };
    };
    let found = await pair();
    // BlazePose looks at the whole frame shrunk to 256 px: a person filling half the frame's height
    // in profile can score 0.13 there and 0.96 in a square around them. Looked at again when unsure.
    const region = silhouette ? personRegion(silhouette, found.imageWidth, found.imageHeight) : null;
    if (region && bestScore(found.runs) < retryBelowBodyScore) {
      const closer = await pair(region);
      if (bestScore(closer.runs) > bestScore(found.runs)) found = closer;
    }
    return { ...found, body: fuseMirroredPoses(found.runs[0]!, found.runs[1]!) };
  });
  const [statistics, statisticsMs] = await timed(async () => {
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
