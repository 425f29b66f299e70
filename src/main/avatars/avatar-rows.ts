import * as z from 'zod';
import { integer, nonEmptyText, nullable, number, oneOf, rejected, text, timestamp } from '../db/row-checks.js';
import { immutableJsonText, isoTimestamp, parseRow, sqliteBoolean } from '../db/row-parsing.js';
import { framesUsedSchema } from '../scans/frames-used.js';
import { heightSources } from '../scans/height-source.js';
import { genders } from '../jobs/types.js';
import { clothingClasses, clothingSources, maxShoeSoleCm, shoeKinds, shoesSchema } from '../scans/capture-conditions.js';
import { contractMeasurementFields } from './contract-measurements.js';
import {
  syncStates,
  type ArtifactRecord,
  type Avatar,
  type AvatarCapture,
  type AvatarProvenance,
  type AvatarWarning,
  type MeasurementValue,
  type NewAvatar,
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
  // Avatars stored before the camera's reading was recorded have none.
  cameraHeightCm: finite.positive().nullable().default(null),
  clothing: z.enum(clothingClasses),
  // Avatars stored before the class could be judged used the one their job gave.
  clothingSource: z.enum(clothingSources).default('staff'),
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

/**
 * Whether the `avatars` row that `newAvatar` is written as (its arrays and documents as
 * JSON.stringify writes them) certainly parses: a plain walk of the values, for the job queue's
 * completion, which needs no Avatar back and so no read-back of the row. True only where the row
 * schema accepts the row too; false where it rejects it or where this walk is unsure (an object
 * that is not plain, another timestamp form), and the caller then reads the row back through the
 * schema, which keeps the last word.
 */
export function newAvatarRowParses(newAvatar: NewAvatar, createdAt: string, syncState: string): boolean {
  return (
    nonEmptyText(newAvatar.id) !== rejected &&
    nonEmptyText(newAvatar.userId) !== rejected &&
    nullableText(newAvatar.jobId) !== rejected &&
    gender(newAvatar.gender) !== rejected &&
    jsonArrayOf(newAvatar.betas, finiteNumber) &&
    jsonArrayOf(newAvatar.bodyPose, finiteNumber) &&
    jsonArrayOf(newAvatar.globalOrient, finiteNumber) &&
    contractColumns.every((field) => finiteNumber(newAvatar[field])) &&
    jsonArrayOf(newAvatar.measurements, measurementParses) &&
    provenanceParses(newAvatar.provenance) &&
    jsonArrayOf(newAvatar.warnings ?? [], warningParses) &&
    // A falsy capture is written as NULL.
    (!newAvatar.capture || captureParses(newAvatar.capture)) &&
    knownSyncState(syncState) !== rejected &&
    timestamp(createdAt) !== rejected
  );
}

const nullableText = nullable(text);
const gender = oneOf(genders);
const knownSyncState = oneOf(syncStates);
const heightSource = oneOf(heightSources);
const clothing = oneOf(clothingClasses);
const clothingSource = oneOf(clothingSources);
const shoeKind = oneOf(shoeKinds);
const frontFrames = integer(1);
const sideFrames = integer(0);
const typedHeightCm = number((value) => value > 0);
const soleCm = number((value) => value >= 0 && value <= maxShoeSoleCm);

const contractColumns = Object.values(contractMeasurementFields);

function finiteNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function isText(value: unknown): boolean {
  return typeof value === 'string';
}

/**
 * JSON.stringify writes an array's items by index (a hole as null) and calls a toJSON it finds
 * instead; only arrays it writes item for item are walked.
 */
function jsonArrayOf(value: unknown, item: (value: unknown) => boolean): boolean {
  if (!Array.isArray(value) || (value as { toJSON?: unknown }).toJSON !== undefined) return false;
  for (let index = 0; index < value.length; index += 1) if (!item(value[index])) return false;
  return true;
}

/**
 * The object when JSON.stringify writes it field for field: a plain object, no toJSON (not an
 * Array, a Date, a class instance); null otherwise.
 */
function plainObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return null;
  return (value as { toJSON?: unknown }).toJSON === undefined ? (value as Record<string, unknown>) : null;
}

const isEnumerable = Object.prototype.propertyIsEnumerable;

/** A field as JSON.stringify writes it: own enumerable properties only, the others left out. */
function field(object: Record<string, unknown>, key: string): unknown {
  return isEnumerable.call(object, key) ? object[key] : undefined;
}

function measurementParses(value: unknown): boolean {
  const object = plainObject(value);
  if (object === null) return false;
  const sdCm = field(object, 'sdCm');
  return (
    nonEmptyText(field(object, 'name')) !== rejected &&
    finiteNumber(field(object, 'valueCm')) &&
    (sdCm === null || finiteNumber(sdCm)) &&
    nonEmptyText(field(object, 'method')) !== rejected
  );
}

function modelParses(value: unknown): boolean {
  const object = plainObject(value);
  if (object === null) return false;
  const sha256 = field(object, 'sha256');
  // An undefined sha256 is left out of the JSON, as the optional field may be.
  return (
    typeof field(object, 'name') === 'string' &&
    typeof field(object, 'version') === 'string' &&
    (sha256 === undefined || typeof sha256 === 'string')
  );
}

function provenanceParses(value: unknown): boolean {
  const object = plainObject(value);
  return (
    object !== null &&
    typeof field(object, 'pipeline') === 'string' &&
    typeof field(object, 'pipelineVersion') === 'string' &&
    modelParses(field(object, 'bodyModel')) &&
    jsonArrayOf(field(object, 'models'), modelParses) &&
    typeof field(object, 'executionProvider') === 'string' &&
    jsonArrayOf(field(object, 'notes'), isText)
  );
}

function warningParses(value: unknown): boolean {
  const object = plainObject(value);
  return object !== null && nonEmptyText(field(object, 'code')) !== rejected && typeof field(object, 'message') === 'string';
}

function captureParses(value: unknown): boolean {
  const object = plainObject(value);
  if (object === null) return false;
  const frames = plainObject(field(object, 'frames'));
  const typedHeight = field(object, 'typedHeightCm');
  const cameraHeight = field(object, 'cameraHeightCm');
  const shoes = field(object, 'shoes');
  return (
    frames !== null &&
    frontFrames(field(frames, 'front')) !== rejected &&
    sideFrames(field(frames, 'side')) !== rejected &&
    heightSource(field(object, 'heightSource')) !== rejected &&
    (typedHeight === null || typedHeightCm(typedHeight) !== rejected) &&
    (cameraHeight === undefined || cameraHeight === null || typedHeightCm(cameraHeight) !== rejected) &&
    clothing(field(object, 'clothing')) !== rejected &&
    clothingSource(field(object, 'clothingSource')) !== rejected &&
    (shoes === null || shoeKind(shoes) !== rejected || soleParses(shoes))
  );
}

function soleParses(value: unknown): boolean {
  const object = plainObject(value);
  return object !== null && soleCm(field(object, 'soleCm')) !== rejected;
}
