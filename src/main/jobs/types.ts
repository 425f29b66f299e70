/** The job record and the queue's interface. The SQLite schema lives in src/main/db/migrations. */

import { captureIssueCodes } from '../scans/capture-issues.js';
import type { ClothingClass, Shoes } from '../scans/capture-conditions.js';

export const jobStatuses = ['pending', 'processing', 'completed', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const genders = ['male', 'female', 'neutral'] as const;
export type Gender = (typeof genders)[number];

/**
 * Every code a failed job can carry (stored with it, the API's job `error_code`): first what the
 * photos refuse (retake them: the capture checks' codes, and a photo the decoder cannot read), then
 * the service's own failures.
 */
export const jobErrorCodes = [
  ...captureIssueCodes,
  'image_undecodable',
  /** No pipeline could be loaded (its reason is in the message). */
  'no_pipeline',
  /** The pipeline failed in a way it could not name (retried). */
  'pipeline_failed',
  'worker_crashed',
  'worker_busy',
  'worker_start_timeout',
  'scan_timeout',
  /** Failed, or lost to a crash, `maxAttempts` times. */
  'attempts_exhausted',
  /** Its lease expired (the worker or the process died); the job went back to pending. */
  'job_abandoned',
  'storage_failed',
  'disk_full',
  /** The service stopped while the scan ran. */
  'service_stopped',
] as const;
export type JobErrorCode = (typeof jobErrorCodes)[number];

export function isJobErrorCode(code: string): code is JobErrorCode {
  return (jobErrorCodes as readonly string[]).includes(code);
}

export interface StageTiming {
  stage: string;
  durationMs: number;
}

export interface Job {
  id: string;
  userId: string;
  status: JobStatus;
  gender: Gender;
  inputImagePath: string;
  sideImagePath: string | null;
  /**
   * Extra frames of a burst (multi-frame capture), after the first one in `inputImagePath` /
   * `sideImagePath`; empty for single photos, and emptied when the job ends and they are deleted.
   */
  framePaths: string[];
  sideFramePaths: string[];
  heightCm: number | null;
  consent: boolean | null;
  /** The clothing class staff chose; null when nobody said (the pipeline judges it from the front photo). */
  clothing: ClothingClass | null;
  /** The footwear staff gave; null when nobody said. */
  shoes: Shoes | null;
  avatarId: string | null;
  errorMessage: string | null;
  errorCode: JobErrorCode | null;
  /** The queue's own id (contract field `rq_job_id`). */
  rqJobId: string;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseExpiresAtMs: number | null;
  progressStage: string | null;
  progressPercent: number;
  stageTimings: StageTiming[];
  pipeline: string | null;
  pipelineVersion: string | null;
  requestId: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
}

export interface EnqueueInput {
  id?: string;
  userId: string;
  gender: Gender;
  inputImagePath: string;
  sideImagePath?: string | null;
  /** Extra frames per view, in order (multi-frame capture); none by default. */
  framePaths?: readonly string[];
  sideFramePaths?: readonly string[];
  heightCm?: number | null;
  consent?: boolean | null;
  clothing?: ClothingClass | null;
  shoes?: Shoes | null;
  requestId?: string | null;
}

export interface ListJobsFilter {
  status?: JobStatus;
  userId?: string;
  limit?: number;
}

/** Settings of the queue (config `queue`), plus an injectable clock for tests. */
export interface JobQueueOptions {
  /** Jobs waiting (pending) at or beyond which `enqueue` throws QueueFullError. */
  maxPending: number;
  /** Attempts before a job is failed for good; stored with each job when it is enqueued. */
  maxAttempts: number;
  /** How long a lease lasts without renewal. */
  leaseMs: number;
  /** Handed to callers in QueueFullError (the API's Retry-After). */
  retryAfterSeconds: number;
  /** Epoch milliseconds; defaults to Date.now. */
  now?: () => number;
}

export interface FailInput {
  code: JobErrorCode;
  message: string;
  /** Put the job back in the queue when attempts remain; otherwise it fails for good. */
  retry: boolean;
}

export interface RecoveryResult {
  /** Jobs put back to pending. */
  requeued: number;
  /** Jobs failed with 'attempts_exhausted' because they had used up their attempts. */
  failed: number;
}
