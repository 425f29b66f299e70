import type Database from 'better-sqlite3';
import * as z from 'zod';
import { integer, nonEmptyText, nullable, number, oneOf, rejected, text, timestamp, type Check } from '../db/row-checks.js';
import { isoTimestamp, jsonText, parseRow, sqliteBoolean } from '../db/row-parsing.js';
import { clothingClasses, shoeKinds, type ShoeKind, type Shoes } from '../scans/capture-conditions.js';
import { genders, isJobErrorCode, jobStatuses, type Job, type StageTiming } from './types.js';

const stageTimingSchema = z.object({
  stage: z.string(),
  durationMs: z.number().nonnegative(),
}) satisfies z.ZodType<StageTiming>;

const jobColumnsSchema = z.object({
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
  clothing: z.enum(clothingClasses).nullable(),
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
});
type JobColumns = z.output<typeof jobColumnsSchema>;

function jobFromColumns(row: JobColumns): Job {
  return {
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
  };
}

const jobRowSchema = jobColumnsSchema.transform(jobFromColumns);

function shoesFromColumns(kind: ShoeKind | null, soleCm: number | null): Shoes | null {
  if (kind !== null) return kind;
  return soleCm === null ? null : { soleCm };
}

/** A `jobs` row as read from disk → Job; throws CorruptRowError when it does not fit. */
export function jobFromRow(row: unknown): Job {
  return parseRow(jobRowSchema, 'jobs', row);
}

/**
 * The queue reads a job back after every write (enqueue, lease, fail), so the row check sits on its
 * hot path: zod's walk of the 30 columns cost about as much as the statement that wrote them, and
 * better-sqlite3 building a 30-key object per row nearly as much again. Rows are therefore fetched
 * as arrays and checked by plain functions (db/row-checks.ts and below), which accept only values
 * that the schema accepts too and give what it gives. Anything else, a bad row or one they are
 * unsure of (another timestamp form), goes to the schema, which keeps the last word: the same rows
 * parse, and the same rows fail with the same CorruptRowError.
 */

function jsonArray<T>(element: Check<T>): Check<T[]> {
  return (value) => {
    if (value === '[]') return [];
    if (typeof value !== 'string') return rejected;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return rejected;
    }
    if (!Array.isArray(parsed)) return rejected;
    const checked: T[] = [];
    for (const item of parsed) {
      const result = element(item);
      if (result === rejected) return rejected;
      checked.push(result);
    }
    return checked;
  };
}

const durationMs = number((value) => value >= 0);

/** Like the schema, keeps only the two keys. */
const stageTiming: Check<StageTiming> = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return rejected;
  const { stage, durationMs: ms } = value as Record<string, unknown>;
  const duration = durationMs(ms);
  return typeof stage === 'string' && duration !== rejected ? { stage, durationMs: duration } : rejected;
};

/** One check per column of the schema (the mapped type makes a missing or mistyped one a compile error). */
const columnChecks: { [K in keyof JobColumns]-?: Check<JobColumns[K]> } = {
  seq: integer(Number.MIN_SAFE_INTEGER),
  id: nonEmptyText,
  user_id: nonEmptyText,
  status: oneOf(jobStatuses),
  gender: oneOf(genders),
  input_image_path: text,
  side_image_path: nullable(text),
  frame_paths_json: jsonArray(nonEmptyText),
  side_frame_paths_json: jsonArray(nonEmptyText),
  height_cm: nullable(number((value) => value > 0)),
  consent: nullable((value) => (value === 0 || value === 1 ? value === 1 : rejected)),
  clothing: nullable(oneOf(clothingClasses)),
  shoes: nullable(oneOf(shoeKinds)),
  shoe_sole_cm: nullable(number((value) => value >= 0)),
  avatar_id: nullable(text),
  error_code: nullable((value) => (typeof value !== 'string' ? rejected : isJobErrorCode(value) ? value : 'pipeline_failed')),
  error_message: nullable(text),
  rq_job_id: text,
  attempts: integer(0),
  max_attempts: integer(1),
  lease_owner: nullable(text),
  lease_expires_at: nullable(integer(Number.MIN_SAFE_INTEGER)),
  progress_stage: nullable(text),
  progress_percent: number((value) => value >= 0 && value <= 100),
  stage_timings_json: jsonArray(stageTiming),
  pipeline: nullable(text),
  pipeline_version: nullable(text),
  request_id: nullable(text),
  created_at: timestamp,
  started_at: nullable(timestamp),
  completed_at: nullable(timestamp),
  updated_at: timestamp,
};

const columnCheckList = Object.entries(columnChecks) as [keyof JobColumns, Check<unknown>][];

/**
 * A row to fill in column by column, every key present from the start: an object given its 32 keys
 * one by one through `row[name] =` turns into a hash table, slower to build and to read; this keeps
 * one fixed shape (the mapped type makes a missing column a compile error).
 */
function blankColumns(): { [K in keyof JobColumns]-?: unknown } {
  return {
    seq: undefined,
    id: undefined,
    user_id: undefined,
    status: undefined,
    gender: undefined,
    input_image_path: undefined,
    side_image_path: undefined,
    frame_paths_json: undefined,
    side_frame_paths_json: undefined,
    height_cm: undefined,
    consent: undefined,
    clothing: undefined,
    shoes: undefined,
    shoe_sole_cm: undefined,
    avatar_id: undefined,
    error_code: undefined,
    error_message: undefined,
    rq_job_id: undefined,
    attempts: undefined,
    max_attempts: undefined,
    lease_owner: undefined,
    lease_expires_at: undefined,
    progress_stage: undefined,
    progress_percent: undefined,
    stage_timings_json: undefined,
    pipeline: undefined,
    pipeline_version: undefined,
    request_id: undefined,
    created_at: undefined,
    started_at: undefined,
    completed_at: undefined,
    updated_at: undefined,
  };
}

/** Every column of a `jobs` row by name, as the queue binds them when it inserts one. */
export type JobRowValues = { [K in keyof JobColumns]: unknown };

/** Every column an INSERT writes (all but `seq`, which SQLite assigns), in the schema's order. */
export const insertedJobColumns: readonly string[] = columnCheckList.map(([name]) => name).filter((name) => name !== 'seq');

/** A lone UTF-16 surrogate: text holding one is not stored as given (it reads back as U+FFFD). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a value bound to a column certainly reads back as the same value: text without a lone
 * surrogate, and any number but -0 (SQLite stores a whole REAL as an integer and reads it back as 0).
 * A number in an INTEGER column that is not whole, or a value of another type, is left to the checks.
 */
function readsBackAsWritten(value: unknown): boolean {
  return typeof value === 'string' ? !loneSurrogate.test(value) : !Object.is(value, -0);
}

/**
 * The Job that the row just inserted with these values reads back as, without reading it: the plain
 * checks accept only values of their column's type (a string for TEXT, a finite number for REAL,
 * a safe integer for INTEGER), which SQLite stores and gives back unchanged, and they parse the JSON
 * columns as a read does. Undefined where a check rejects a value or is unsure of it: the caller
 * then reads the row back, and the row parser keeps the last word as on any read.
 */
export function jobAsWritten(row: JobRowValues): Job | undefined {
  const checked = blankColumns();
  for (const [name, check] of columnCheckList) {
    const written = row[name];
    const value = readsBackAsWritten(written) ? check(written) : rejected;
    if (value === rejected) return undefined;
    checked[name] = value;
  }
  return jobFromColumns(checked as JobColumns);
}

/**
 * Maps rows fetched as arrays (`statement.raw()`) with these `columns` to Jobs, as jobFromRow maps
 * the same rows fetched as objects: the same Job, or the same CorruptRowError.
 */
export function jobRowReader(columns: readonly string[]): (values: readonly unknown[]) => Job {
  const plan = columnCheckList.map(([name, check]) => ({ name, index: columns.indexOf(name), check }));
  // A missing column cannot be checked here; the schema names it.
  const complete = plan.every(({ index }) => index >= 0);
  return (values) => {
    if (complete) {
      const row = blankColumns();
      let ok = true;
      for (const { name, index, check } of plan) {
        const value = check(values[index]);
        if (value === rejected) {
          ok = false;
          break;
        }
        row[name] = value;
      }
      if (ok) return jobFromColumns(row as JobColumns);
    }
    const row: Record<string, unknown> = {};
    columns.forEach((name, index) => {
      row[name] = values[index];
    });
    return jobFromRow(row);
  };
}

/** A statement's `jobs` rows as Jobs, read as arrays through jobRowReader. */
export interface JobReader<P extends unknown[]> {
  get(...params: P): Job | undefined;
  all(...params: P): Job[];
}

/** Wraps a statement that returns whole `jobs` rows (SELECT * or RETURNING *); switches it to raw rows. */
export function jobReader<P extends unknown[]>(statement: Database.Statement<P, unknown>): JobReader<P> {
  const read = jobRowReader(statement.columns().map((column) => column.name));
  const raw = statement.raw(true) as unknown as Database.Statement<P, unknown[]>;
  return {
    get: (...params) => {
      const values = raw.get(...params);
      return values === undefined ? undefined : read(values);
    },
    all: (...params) => raw.all(...params).map(read),
  };
}
