import { randomUUID } from 'node:crypto';
import { withoutMetadata } from '../images/strip-metadata.js';
import type { ValidatedImage } from '../images/validate-image.js';
import { perfitErrorClass } from '../errors.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Gender, Job } from '../jobs/types.js';
import type { UploadStore } from '../storage/uploads.js';
import type { ClothingClass, Shoes } from './capture-conditions.js';

/** A scan without the customer's recorded consent: nothing is stored and no job is made. */
export class ConsentRequiredError extends perfitErrorClass('ConsentRequiredError', 'invalid', 'consent_required') {
  constructor() {
    super("The customer's consent is required before a scan: send consent: true once they have agreed");
  }
}

export interface ScanSubmission {
  userId: string;
  gender: Gender;
  heightCm: number | null;
  /** Only true is accepted; the type allows what callers parse so the refusal lives here, in one place. */
  consent: boolean | null;
  clothing: ClothingClass | null;
  shoes: Shoes | null;
  requestId: string | null;
  /** Already validated (format, size, decodability; the face check is the caller's). */
  image: ValidatedImage;
  side: ValidatedImage | null;
  /**
   * A burst's extra frames per view (multi-frame capture), validated like `image`; none for single
   * photos. Only `image` is face-checked: it is the frame the customer was shown.
   */
  frames?: readonly ValidatedImage[];
  sideFrames?: readonly ValidatedImage[];
}

export interface SubmitScanDeps {
  queue: Pick<JobQueue, 'enqueue'>;
  uploads: Pick<UploadStore, 'save' | 'remove'>;
}

/**
 * Stores the photos without their EXIF, XMP and IPTC (images/strip-metadata.ts), atomically and
 * before the job exists (the worker may lease it at once), and enqueues the job; if the queue
 * refuses, the photos are removed again. Refuses a scan without consent before anything is
 * written. Shared by the REST API and `perfit scan` so both create jobs the same way.
 */
export async function submitScan(deps: SubmitScanDeps, submission: ScanSubmission): Promise<Job> {
  if (submission.consent !== true) throw new ConsentRequiredError();
  const image = await withoutMetadata(submission.image);
  const side = submission.side ? await withoutMetadata(submission.side) : null;
  const frames = await Promise.all((submission.frames ?? []).map((frame) => withoutMetadata(frame)));
  const sideFrames = await Promise.all((submission.sideFrames ?? []).map((frame) => withoutMetadata(frame)));
  const file = (photo: { bytes: Uint8Array; extension: string }) => ({ bytes: photo.bytes, extension: photo.extension });
  const jobId = randomUUID();
  const saved = await deps.uploads.save(jobId, {
    source: file(image),
    side: side ? file(side) : null,
    frames: frames.map(file),
    sideFrames: sideFrames.map(file),
  });
  try {
    return deps.queue.enqueue({
      id: jobId,
      userId: submission.userId,
      gender: submission.gender,
      inputImagePath: saved.inputImagePath,
      sideImagePath: saved.sideImagePath,
      framePaths: saved.framePaths,
      sideFramePaths: saved.sideFramePaths,
      heightCm: submission.heightCm,
      consent: submission.consent,
      clothing: submission.clothing,
      shoes: submission.shoes,
      requestId: submission.requestId,
    });
  } catch (error) {
    await deps.uploads.remove(jobId);
    throw error;
  }
}
