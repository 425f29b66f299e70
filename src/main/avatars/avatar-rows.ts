import * as z from 'zod';
import { immutableJsonText, isoTimestamp, parseRow, sqliteBoolean } from '../db/row-parsing.js';
import { framesUsedSchema } from '../scans/frames-used.js';
import { heightSources } from '../scans/height-source.js';
import { genders } from '../jobs/types.js';
import { clothingClasses, shoesSchema } from '../scans/capture-conditions.js';
import {
  syncStates,
  type ArtifactRecord,
  type Avatar,
  type AvatarCapture,
  type AvatarProvenance,
  type AvatarWarning,
  type MeasurementValue,
} from './types.js';

/** zod schemas for the avatar JSON columns and the mapping of `avatars` / `artifacts` rows. */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const measurementValueSchema = z.object({
  name: z.string().min(1),
  valueCm: finite,
  sdCm: finite.nullable(),
  method: z.string().min(1),
}) satisfies z.ZodType<MeasurementValue>;

const modelProvenanceSchema = z.object({
  name: z.string(),
  version: z.string(),
  sha256: z.string().optional(),
});

export const avatarProvenanceSchema = z.object({
  pipeline: z.string(),
  pipelineVersion: z.string(),
  bodyModel: modelProvenanceSchema,
  models: z.array(modelProvenanceSchema),
  executionProvider: z.string(),
  notes: z.array(z.string()),
}) satisfies z.ZodType<AvatarProvenance>;

export const avatarWarningSchema = z.object({ code: z.string().min(1), message: z.string() }) satisfies z.ZodType<AvatarWarning>;

export const avatarCaptureSchema = z.object({
  frames: framesUsedSchema,
  heightSource: z.enum(heightSources),
  typedHeightCm: finite.positive().nullable(),
  clothing: z.enum(clothingClasses),
  shoes: shoesSchema.nullable(),
}) satisfies z.ZodType<AvatarCapture>;

const avatarRowSchema = z
  .object({
    seq: z.number().int(),
    id: z.string().min(1),
    user_id: z.string().min(1),
    job_id: z.string().nullable(),
    gender: z.enum(genders),
    smplx_betas: immutableJsonText(z.array(finite)),
    smplx_body_pose: immutableJsonText(z.array(finite)),
    smplx_global_orient: immutableJsonText(z.array(finite)),
    height_cm: finite,
    chest_circumference_cm: finite,
    waist_circumference_cm: finite,
    hip_circumference_cm: finite,
    inseam_cm: finite,
    shoulder_width_cm: finite,
    arm_length_cm: finite,
    thigh_circumference_cm: finite,
    neck_circumference_cm: finite,
    measurements_json: immutableJsonText(z.array(measurementValueSchema)),
    provenance_json: immutableJsonText(avatarProvenanceSchema),
    consent: sqliteBoolean.nullable(),
    warnings_json: immutableJsonText(z.array(avatarWarningSchema)),
    capture_json: immutableJsonText(avatarCaptureSchema).nullable(),
    sync_state: z.enum(syncStates),
    sync_error: z.string().nullable(),
    synced_at: isoTimestamp.nullable(),
    created_at: isoTimestamp,
  })
  .transform((row): Avatar => ({
    id: row.id,
    userId: row.user_id,
    jobId: row.job_id,
    gender: row.gender,
    betas: row.smplx_betas,
    bodyPose: row.smplx_body_pose,
    globalOrient: row.smplx_global_orient,
    heightCm: row.height_cm,
    chestCircumferenceCm: row.chest_circumference_cm,
    waistCircumferenceCm: row.waist_circumference_cm,
    hipCircumferenceCm: row.hip_circumference_cm,
    inseamCm: row.inseam_cm,
    shoulderWidthCm: row.shoulder_width_cm,
    armLengthCm: row.arm_length_cm,
    thighCircumferenceCm: row.thigh_circumference_cm,
    neckCircumferenceCm: row.neck_circumference_cm,
    measurements: row.measurements_json,
    provenance: row.provenance_json,
    warnings: row.warnings_json,
    capture: row.capture_json,
    consent: row.consent,
    syncState: row.sync_state,
    syncError: row.sync_error,
    syncedAt: row.synced_at,
    createdAt: row.created_at,
  }));

const artifactRowSchema = z
  .object({
    avatar_id: z.string().min(1),
    name: z.string().min(1),
    local_path: z.string().min(1),
    content_type: z.string().min(1),
    size_bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits'),
    md5_base64: z.string().length(24),
    object_key: z.string().nullable(),
    synced_at: isoTimestamp.nullable(),
  })
  .transform((row): ArtifactRecord => ({
    avatarId: row.avatar_id,
    name: row.name,
    localPath: row.local_path,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    md5Base64: row.md5_base64,
    objectKey: row.object_key,
    syncedAt: row.synced_at,
  }));

/** An `avatars` row as read from disk → Avatar; throws CorruptRowError when it does not fit. */
export function avatarFromRow(row: unknown): Avatar {
  return parseRow(avatarRowSchema, 'avatars', row);
}

/** An `artifacts` row → ArtifactRecord; throws CorruptRowError when it does not fit. */
export function artifactFromRow(row: unknown): ArtifactRecord {
  return parseRow(artifactRowSchema, 'artifacts', row);
}
