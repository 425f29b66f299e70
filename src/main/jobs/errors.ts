/**
 * Errors of the job queue. Each has a stable `code` that the HTTP layer and the CLI map (to 404,
 * 429, 409, …) without looking at messages.
 */

export abstract class JobQueueError extends Error {
  abstract readonly code: string;
}

export class JobNotFoundError extends JobQueueError {
  override readonly name = 'JobNotFoundError';
  readonly code = 'job_not_found';
  constructor(readonly jobId: string) {
    super(`No job ${jobId}`);
  }
}

/** `enqueue` with an id that is already taken. */
export class JobExistsError extends JobQueueError {
  override readonly name = 'JobExistsError';
  readonly code = 'job_exists';
  constructor(readonly jobId: string) {
    super(`A job with id ${jobId} already exists`);
  }
}

/** Too many jobs waiting; the API answers 429 with `Retry-After: retryAfterSeconds`. */
export class QueueFullError extends JobQueueError {
  override readonly name = 'QueueFullError';
  readonly code = 'queue_full';
  constructor(
    readonly pending: number,
    readonly maxPending: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`The scan queue is full (${pending} jobs waiting, limit ${maxPending}); try again in ${retryAfterSeconds} s`);
  }
}

/**
 * The caller no longer holds the job's lease: it expired and the job was recovered (requeued,
 * leased by someone else, or failed) meanwhile. The caller's result must be dropped.
 */
export class LeaseLostError extends JobQueueError {
  override readonly name = 'LeaseLostError';
  readonly code = 'lease_lost';
  constructor(
    readonly jobId: string,
    readonly owner: string,
    detail: string,
  ) {
    super(`Lease on job ${jobId} is no longer held by ${owner}: ${detail}`);
  }
}

/** The job is not in a state that allows the operation (e.g. retrying a job that has not failed). */
export class JobStateError extends JobQueueError {
  override readonly name = 'JobStateError';
  readonly code = 'job_state_invalid';
}

/** The avatar handed to `complete` is not this job's (other job id or other customer). */
export class CompletionMismatchError extends JobQueueError {
  override readonly name = 'CompletionMismatchError';
  readonly code = 'completion_mismatch';
}
