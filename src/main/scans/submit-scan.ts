import { randomUUID } from 'node:crypto';
import { withoutMetadata } from '../images/strip-metadata.js';
import type { ValidatedImage } from '../images/validate-image.js';
import { PerfitError } from '../errors.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Gender, Job } from '../jobs/types.js';
import type { UploadStore } from '../storage/uploads.js';
import type { ClothingClass, Shoes } from './capture-conditions.js';

/** A scan without the customer's recorded consent: nothing is stored and no job is made. */
export class ConsentRequiredError extends PerfitError {
  override readonly name = 'ConsentRequiredError';
  readonly kind = 'invalid';
  readonly code = 'consent_required';
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
  clothing: ClothingClass;
  shoes: Shoes | null;
  requestId: string | null;
  /** Already validated (format, size, decodability; the face check is the caller's). */
  image: ValidatedImage;
  side: ValidatedImage | null;
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
  const jobId = randomUUID();
  const saved = await deps.uploads.save(jobId, {
    source: { bytes: image.bytes, extension: image.extension },
    side: side ? { bytes: side.bytes, extension: side.extension } : null,
  });
  try {
    return deps.queue.enqueue({
      id: jobId,
      userId: submission.userId,
      gender: submission.gender,
      inputImagePath: saved.inputImagePath,
      sideImagePath: saved.sideImagePath,
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
