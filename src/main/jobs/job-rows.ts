import * as z from 'zod';
import { isoTimestamp, jsonText, parseRow, sqliteBoolean } from '../db/row-parsing.js';
import { clothingClasses, shoeKinds, type ShoeKind, type Shoes } from '../scans/capture-conditions.js';
import { genders, isJobErrorCode, jobStatuses, type Job, type StageTiming } from './types.js';

const stageTimingSchema = z.object({
  stage: z.string(),
  durationMs: z.number().nonnegative(),
}) satisfies z.ZodType<StageTiming>;

const jobRowSchema = z
  .object({
    seq: z.number().int(),
    id: z.string().min(1),
    user_id: z.string().min(1),
    status: z.enum(jobStatuses),
    gender: z.enum(genders),
    input_image_path: z.string(),
    side_image_path: z.string().nullable(),
    frame_paths_json: jsonText(z.array(z.string().min(1))),
    side_frame_paths_json: jsonText(z.array(z.string().min(1))),
    height_cm: z.number().positive().nullable(),
    consent: sqliteBoolean.nullable(),
    clothing: z.enum(clothingClasses),
    shoes: z.enum(shoeKinds).nullable(),
    shoe_sole_cm: z.number().min(0).nullable(),
    avatar_id: z.string().nullable(),
    // Codes outside the closed set (written by an older version) read as the generic failure; the message keeps the detail.
    error_code: z
      .string()
      .nullable()
      .transform((code) => (code === null || isJobErrorCode(code) ? code : 'pipeline_failed')),
    error_message: z.string().nullable(),
    rq_job_id: z.string(),
    attempts: z.number().int().nonnegative(),
    max_attempts: z.number().int().positive(),
    lease_owner: z.string().nullable(),
    lease_expires_at: z.number().int().nullable(),
    progress_stage: z.string().nullable(),
    progress_percent: z.number().min(0).max(100),
    stage_timings_json: jsonText(z.array(stageTimingSchema)),
    pipeline: z.string().nullable(),
    pipeline_version: z.string().nullable(),
    request_id: z.string().nullable(),
    created_at: isoTimestamp,
    started_at: isoTimestamp.nullable(),
    completed_at: isoTimestamp.nullable(),
    updated_at: isoTimestamp,
  })
  .transform((row): Job => ({
    id: row.id,
    userId: row.user_id,
    status: row.status,
    gender: row.gender,
    inputImagePath: row.input_image_path,
    sideImagePath: row.side_image_path,
    framePaths: row.frame_paths_json,
    sideFramePaths: row.side_frame_paths_json,
    heightCm: row.height_cm,
    consent: row.consent,
    clothing: row.clothing,
    shoes: shoesFromColumns(row.shoes, row.shoe_sole_cm),
    avatarId: row.avatar_id,
    errorMessage: row.error_message,
    errorCode: row.error_code,
    rqJobId: row.rq_job_id,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAtMs: row.lease_expires_at,
    progressStage: row.progress_stage,
    progressPercent: row.progress_percent,
    stageTimings: row.stage_timings_json,
    pipeline: row.pipeline,
    pipelineVersion: row.pipeline_version,
    requestId: row.request_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    updatedAt: row.updated_at,
  }));

function shoesFromColumns(kind: ShoeKind | null, soleCm: number | null): Shoes | null {
  if (kind !== null) return kind;
  return soleCm === null ? null : { soleCm };
}

/** A `jobs` row as read from disk → Job; throws CorruptRowError when it does not fit. */
export function jobFromRow(row: unknown): Job {
  return parseRow(jobRowSchema, 'jobs', row);
}
