import type { CaptureIssueCode } from '../../scans/capture-issues.js';
import type { FaceBox } from '../face-detector.js';
import type { BodyPose } from '../human/human-runtime.js';
import type { ImageStatistics } from './image-statistics.js';
import type { PersonSilhouette } from './person-silhouette.js';

/** Which photo of a scan a frame is: the customer facing the camera, or in profile. */
export const captureViews = ['front', 'side'] as const;
export type CaptureView = (typeof captureViews)[number];

/** `error`: the scan would be wrong, retake the photo. `warning`: the scan runs, with a note in its result. */
export type CaptureIssueSeverity = 'error' | 'warning';

export interface CaptureIssue {
  code: CaptureIssueCode;
  /** What staff (or the customer) should do, in words. */
  message: string;
  severity: CaptureIssueSeverity;
}

/** Everything the checks look at for one photo, in the photo's own pixels unless said otherwise. */
export interface FrameObservation {
  view: CaptureView;
  imageWidth: number;
  imageHeight: number;
  /** BlazeFace boxes: BlazePose sees one person, faces count the people. */
  faces: FaceBox[];
  /** BlazePose's person, or null when it found none (the average of `bodyRuns` when there are two). */
  body: BodyPose | null;
  /**
   * BlazePose's answers on the photo and on its mirror image (mapped back): the checks that read a
   * pose take the answer that sees the customer best, so that a photo and its mirror image, which
   * swap the two answers, get the same decision. Absent: `body` alone.
   */
  bodyRuns?: readonly (BodyPose | null)[];
  /** The largest person of the segmentation mask, or null when the mask is empty. */
  silhouette: PersonSilhouette | null;
  image: ImageStatistics;
  /** The crown's and soles' rows on the photo's own outline, read where a calibrated camera needs them (calibration/edge-rows.ts). */
  outline?: PhotoOutlineRows;
}

/** Photo rows (px) of the crown and of the lowest sole, read on the photo's outline; null where it shows no clear one. */
export interface PhotoOutlineRows {
  crownY: number | null;
  soleY: number | null;
}
