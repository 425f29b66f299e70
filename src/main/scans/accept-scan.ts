import { perfitErrorClass } from '../errors.js';
import type { ValidatedImage } from '../images/validate-image.js';
import type { FaceDetector } from '../inference/face-detector.js';
import { QueueFullError } from '../jobs/errors.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Job } from '../jobs/types.js';
import type { Logger } from '../logging.js';
import { requireFace } from './face-gate.js';
import { ConsentRequiredError, submitScan, type ScanSubmission, type SubmitScanDeps } from './submit-scan.js';
import { statureOutOfRange } from './supported-stature.js';

/** A typed height outside what the body model covers (API 422): the scan would be an adult-sized guess. */
export class HeightOutOfRangeError extends perfitErrorClass('HeightOutOfRangeError', 'unprocessable', 'height_out_of_range') {}

/** The photos of a scan, read and checked (format, size, decodability). */
export interface ScanPhotos {
  image: ValidatedImage;
  side: ValidatedImage | null;
  frames: ValidatedImage[];
  sideFrames: ValidatedImage[];
}

export interface ScanRequest extends Omit<ScanSubmission, keyof ScanPhotos> {
  /** Reads and checks the photos; called only once consent, the height and the queue's room are known to be fine. */
  photos: () => Promise<ScanPhotos>;
}

export interface AcceptScanDeps extends SubmitScanDeps {
  queue: Pick<JobQueue, 'enqueue' | 'pendingCount'>;
  queueLimits: { maxPending: number; retryAfterSeconds: number };
  /** The face check every first frame passes; null when it is off (config.requireFace). */
  faceDetector: FaceDetector | null;
  log: Pick<Logger, 'debug' | 'error'>;
}

/**
 * The one way a scan enters the kiosk (POST /api/v1/avatar and `perfit scan`), cheapest refusal
 * first: without consent nothing of the customer is read; a height the model does not cover and a
 * full queue are refused before any photo is decoded; then the photos, the face on the first frame
 * (the one the customer was shown), and the stored job.
 */
export async function acceptScan(deps: AcceptScanDeps, request: ScanRequest): Promise<{ job: Job; photos: ScanPhotos }> {
  if (request.consent !== true) throw new ConsentRequiredError();
  const refusal = request.heightCm === null ? null : statureOutOfRange(request.heightCm);
  if (refusal !== null) throw new HeightOutOfRangeError(refusal);
  // Shed load before the expensive part: the enqueue stays the authority.
  const pending = deps.queue.pendingCount();
  if (pending >= deps.queueLimits.maxPending)
    throw new QueueFullError(pending, deps.queueLimits.maxPending, deps.queueLimits.retryAfterSeconds);
  const photos = await request.photos();
  if (deps.faceDetector) await requireFace(deps.faceDetector, photos.image, deps.log);
  const { photos: _read, ...submission } = request;
  const job = await submitScan(deps, { ...submission, ...photos });
  return { job, photos };
}
