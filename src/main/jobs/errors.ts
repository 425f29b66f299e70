import { codedErrorClass, perfitErrorClass } from '../errors.js';

/**
 * Errors of the job queue. Those a caller can act on are on the one error model (a kind and a
 * stable `code`, `../errors.ts`); a broken invariant of the queue itself is a plain Error with a
 * code for the log, answered as a 500.
 */

export class JobNotFoundError extends perfitErrorClass('JobNotFoundError', 'not_found', 'job_not_found') {
  constructor(readonly jobId: string) {
    super(`No job ${jobId}`);
  }
}

/** `enqueue` with an id that is already taken. */
export class JobExistsError extends perfitErrorClass('JobExistsError', 'conflict', 'job_exists') {
  constructor(readonly jobId: string) {
    super(`A job with id ${jobId} already exists`);
  }
}

/** Too many jobs waiting; the API answers 429 with `Retry-After: retryAfterSeconds`. */
export class QueueFullError extends perfitErrorClass('QueueFullError', 'rate_limited', 'queue_full') {
  constructor(
    readonly pending: number,
    readonly maxPending: number,
    override readonly retryAfterSeconds: number,
  ) {
    super(`The scan queue is full (${pending} jobs waiting, limit ${maxPending}); try again in ${retryAfterSeconds} s`);
  }
}

/**
 * The caller no longer holds the job's lease: it expired and the job was recovered (requeued,
 * leased by someone else, or failed) meanwhile. The caller's result must be dropped.
 */
export class LeaseLostError extends codedErrorClass('LeaseLostError', 'lease_lost') {
  constructor(
    readonly jobId: string,
    readonly owner: string,
    detail: string,
  ) {
    super(`Lease on job ${jobId} is no longer held by ${owner}: ${detail}`);
  }
}

/** The job is not in a state that allows the operation (e.g. retrying a job that has not failed). */
export class JobStateError extends perfitErrorClass('JobStateError', 'conflict', 'job_state_invalid') {}

/** The avatar handed to `complete` is not this job's (other job id or other customer). */
export class CompletionMismatchError extends codedErrorClass('CompletionMismatchError', 'completion_mismatch') {}
