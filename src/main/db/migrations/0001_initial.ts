import type { Migration } from '../migrate.js';

/**
 * The first schema: jobs, avatars and their artifacts.
 *
 * NEVER EDIT A MIGRATION ONCE IT HAS LANDED: databases in the field have already applied it and
 * will not apply it again. Change the schema with a new migration (next id) instead.
 *
 * Conventions: timestamps are ISO 8601 UTC strings with milliseconds (`2025-01-31T09:30:00.000Z`),
 * except `lease_expires_at` (epoch milliseconds, compared with the clock); JSON is stored as TEXT
 * and checked with json_valid; booleans are INTEGER 0/1. Each table has an integer `seq` (the
 * rowid) that fixes the order of insertion, stable across VACUUM; `id` is the public UUID.
 */
export const migration: Migration = {
  id: '0001_initial',
  sql: `
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL CHECK (length(user_id) > 0),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  gender TEXT NOT NULL CHECK (gender IN ('male', 'female', 'neutral')),
  input_image_path TEXT NOT NULL,
  side_image_path TEXT,
  height_cm REAL CHECK (height_cm IS NULL OR height_cm > 0),
  consent INTEGER CHECK (consent IS NULL OR consent IN (0, 1)),
  avatar_id TEXT REFERENCES avatars (id) ON DELETE SET NULL,
  error_code TEXT,
  error_message TEXT,
  rq_job_id TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  lease_owner TEXT,
  lease_expires_at INTEGER,
  progress_stage TEXT,
  progress_percent REAL NOT NULL DEFAULT 0 CHECK (progress_percent >= 0 AND progress_percent <= 100),
  stage_timings_json TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(stage_timings_json) AND json_type(stage_timings_json) = 'array'),
  pipeline TEXT,
  pipeline_version TEXT,
  request_id TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  completed_at TEXT,
  updated_at TEXT NOT NULL,
  -- A job is processing exactly while someone holds its lease.
  CHECK ((status = 'processing') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- Leasing takes the oldest pending job; counts and recovery filter by status.
CREATE INDEX jobs_status_seq ON jobs (status, seq);
-- A customer's jobs, newest first.
CREATE INDEX jobs_user_seq ON jobs (user_id, seq);

CREATE TABLE avatars (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL CHECK (length(user_id) > 0),
  job_id TEXT UNIQUE REFERENCES jobs (id) ON DELETE SET NULL,
  gender TEXT NOT NULL CHECK (gender IN ('male', 'female', 'neutral')),
  smplx_betas TEXT NOT NULL CHECK (json_valid(smplx_betas) AND json_type(smplx_betas) = 'array'),
  smplx_body_pose TEXT NOT NULL CHECK (json_valid(smplx_body_pose) AND json_type(smplx_body_pose) = 'array'),
  smplx_global_orient TEXT NOT NULL CHECK (json_valid(smplx_global_orient) AND json_type(smplx_global_orient) = 'array'),
  height_cm REAL NOT NULL CHECK (height_cm > 0),
  chest_circumference_cm REAL NOT NULL CHECK (chest_circumference_cm > 0),
  waist_circumference_cm REAL NOT NULL CHECK (waist_circumference_cm > 0),
  hip_circumference_cm REAL NOT NULL CHECK (hip_circumference_cm > 0),
  inseam_cm REAL NOT NULL CHECK (inseam_cm > 0),
  shoulder_width_cm REAL NOT NULL CHECK (shoulder_width_cm > 0),
  arm_length_cm REAL NOT NULL CHECK (arm_length_cm > 0),
  thigh_circumference_cm REAL NOT NULL CHECK (thigh_circumference_cm > 0),
  neck_circumference_cm REAL NOT NULL CHECK (neck_circumference_cm > 0),
  measurements_json TEXT NOT NULL CHECK (json_valid(measurements_json) AND json_type(measurements_json) = 'array'),
  pipeline TEXT NOT NULL,
  pipeline_version TEXT NOT NULL,
  body_model_name TEXT NOT NULL,
  body_model_version TEXT NOT NULL,
  execution_provider TEXT NOT NULL,
  provenance_json TEXT NOT NULL CHECK (json_valid(provenance_json) AND json_type(provenance_json) = 'object'),
  consent INTEGER CHECK (consent IS NULL OR consent IN (0, 1)),
  sync_state TEXT NOT NULL DEFAULT 'pending' CHECK (sync_state IN ('pending', 'synced', 'failed', 'disabled')),
  sync_error TEXT,
  synced_at TEXT,
  created_at TEXT NOT NULL
);

-- A customer's latest avatar and history, newest first (seq, the rowid, breaks ties).
CREATE INDEX avatars_user_created ON avatars (user_id, created_at);

CREATE TABLE artifacts (
  avatar_id TEXT NOT NULL REFERENCES avatars (id) ON DELETE CASCADE,
  -- A file name inside the avatar's folder, never a path.
  name TEXT NOT NULL CHECK (
    length(name) > 0 AND name NOT IN ('.', '..') AND instr(name, '/') = 0 AND instr(name, char(92)) = 0
  ),
  local_path TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  md5_base64 TEXT NOT NULL CHECK (length(md5_base64) = 24),
  object_key TEXT,
  synced_at TEXT,
  PRIMARY KEY (avatar_id, name)
) WITHOUT ROWID;
`,
};
