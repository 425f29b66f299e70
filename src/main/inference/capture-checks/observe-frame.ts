import type { BodyPose, HumanRuntime, PersonMask } from '../human/human-runtime.js';
import type { PixelRegion } from '../human/image-decoder.js';
import { grayscaleCopy, imageStatistics, type GrayImage } from './image-statistics.js';
import { bestPose, viewFusedPose } from './mirror-fused-pose.js';
import { personSilhouette, type PersonSilhouette } from './person-silhouette.js';
import { needsSecondLook } from './mirror-pass.js';
import { checkOrientation } from './rules.js';
import { defaultCaptureCheckSettings, type CaptureCheckSettings } from './settings.js';
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

/** The mean of two masks of the same photo: the same for a photo and its mirror image, which swap them. */
function averageMasks(a: PersonMask, b: PersonMask): PersonMask {
  const mask = new Uint8Array(a.mask.length);
  for (let i = 0; i < mask.length; i += 1) mask[i] = (a.mask[i]! + b.mask[i]! + 1) >> 1;
  return { ...a, mask, durationMs: a.durationMs + b.durationMs };
}

function bestScore(runs: readonly (BodyPose | null)[] = []): number {
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
  /** What the first look alone saw (the first BlazePose answer and mask): `observation` itself when that sufficed. */
  firstLook: FrameObservation;
  /** The photo's grayscale copy the statistics were measured on. */
  gray: GrayImage;
  timings: ObservationTimings;
}

/** The runtime must have been created with the face, body and segmentation modules. */
export type ObservingRuntime = Pick<HumanRuntime, 'detectFaces' | 'detectBody' | 'segmentPerson'>;

/**
 * `always`: the mask and BlazePose on the photo and on its mirror image, fused (the scan: its fit
 * reads the fused pose and mask). `when-unsure`: the photo alone first, and the mirror image too
 * only when that first look does not decide the photo on its own (mirror-pass.ts); the live
 * check's choice. A photo looked at twice gets exactly the scan's observation.
 */
export type MirrorPass = 'always' | 'when-unsure';

export interface ObserveOptions {
  mirrorPass?: MirrorPass;
  /** The thresholds the decision will use (the `when-unsure` first look reads them). */
  settings?: CaptureCheckSettings;
}

/**
 * Looks at one photo with Human (faces, person mask and BlazePose, on the photo and on its mirror
 * image) and measures its exposure and focus: everything the capture checks and the embedded
 * pipeline read. Runs in a worker thread.
 */
export async function observeFrame(
  runtime: ObservingRuntime,
  imageBytes: Uint8Array,
  view: CaptureView,
  options: ObserveOptions = {},
): Promise<ObservedFrame> {
  const settings = options.settings ?? defaultCaptureCheckSettings;
  const timings: ObservationTimings = { facesMs: 0, bodyMs: 0, maskMs: 0, statisticsMs: 0 };
  const timed = async <T>(step: keyof ObservationTimings, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[step] += performance.now() - started;
    }
  };
  // The faces are asked for first and awaited last: the photo's shrink to the face detector's input
  // is sharp's work on its own threads and runs while the mask runs here, and the detector takes
  // its turn after the mask. `maskMs` therefore counts the photo's decode, and `facesMs` only
  // the wait for the detector once the mask and the pose are done. The grayscale copy is sharp's
  // work too, started now so that it has the decode, the mask and the faces to finish in (on a busy
  // machine, started after the mask, it was still running when the faces were done), and
  // `statisticsMs` counts only the wait for it. Failures are awaited below, not left unhandled.
  const facesLook = runtime.detectFaces(imageBytes);
  facesLook.catch(() => undefined);
  const grayCopy = grayscaleCopy(imageBytes);
  grayCopy.catch(() => undefined);
  let mask = await timed('maskMs', () => runtime.segmentPerson(imageBytes));
  const direct = await timed('bodyMs', () => runtime.detectBody(imageBytes));
  const faces = await timed('facesMs', () => facesLook);
  const gray = await timed('statisticsMs', () => grayCopy);
  const first = bestPose(direct.bodies);
  const frame = { view, imageWidth: direct.imageWidth, imageHeight: direct.imageHeight, faces: faces.faces };
  const withMask = async (fromMask: PersonMask): Promise<Pick<FrameObservation, 'silhouette' | 'image'>> => {
    const silhouette = personSilhouette(fromMask);
    return { silhouette, image: await timed('statisticsMs', async () => imageStatistics(gray, silhouette)) };
  };
  const firstLook: FrameObservation = { ...frame, body: first, bodyRuns: [first], ...(await withMask(mask)) };
  if ((options.mirrorPass ?? 'always') === 'when-unsure' && needsSecondLook(firstLook, settings) === null)
    return { observation: firstLook, mask, firstLook, gray, timings };

  // The segmentation model is not mirror-symmetric either: a side photo's mask and its mirror
  // image's differed by up to 5% of their area on the dev photos, and the scan's girths by up to
  // 3 cm. The mean of the two masks is the same for a photo and its mirror image.
  mask = averageMasks(mask, await timed('maskMs', () => runtime.segmentPerson(imageBytes, { mirrored: true })));
  const mirrored = bestPose((await timed('bodyMs', () => runtime.detectBody(imageBytes, { mirrored: true }))).bodies);
  let observation: FrameObservation = {
    ...frame,
    body: viewFusedPose(first, mirrored, view, settings),
    bodyRuns: [first, mirrored],
    ...(await withMask(mask)),
  };
  // BlazePose looks at the whole frame shrunk to 256 px: a person filling half the frame's height
  // in profile can score 0.13 there and 0.96 in a square around them. Looked at again when unsure.
  const region = observation.silhouette ? personRegion(observation.silhouette, frame.imageWidth, frame.imageHeight) : null;
  const closer = async (): Promise<FrameObservation> => {
    const runs = await timed('bodyMs', async () => [
      bestPose((await runtime.detectBody(imageBytes, { region: region! })).bodies),
      bestPose((await runtime.detectBody(imageBytes, { region: region!, mirrored: true })).bodies),
    ]);
    return { ...observation, body: viewFusedPose(runs[0]!, runs[1]!, view, settings), bodyRuns: runs };
  };
  if (region && bestScore(observation.bodyRuns) < retryBelowBodyScore) {
    const again = await closer();
    if (bestScore(again.bodyRuns) > bestScore(observation.bodyRuns)) observation = again;
  } else if (region && view === 'front' && checkOrientation(observation, settings).length > 0) {
    // On the whole frame BlazePose read a body square to the camera as in profile in both answers
    // (facing ratio 0.04–0.15) on resized and re-encoded copies of dev photos whose originals read
    // 0.36–0.45; in a square around the person it read about 0.45–0.56 (docs/capture-checks.md). A
    // front photo refused as turned away is looked at again there, and kept as refused only if it
    // still reads turned.
    const again = await closer();
    if (checkOrientation(again, settings).length === 0) observation = again;
  }
  return { observation, mask, firstLook, gray, timings };
}
