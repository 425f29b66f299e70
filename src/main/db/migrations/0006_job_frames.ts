import type { Migration } from '../migrate.js';

/**
 * Multi-frame capture (issue 12, part 3): a scan may bring a short burst of frames per view. The
 * first frame of each view stays in `input_image_path` / `side_image_path`; the extra frames'
 * upload paths, in order, are JSON arrays here. Empty for a scan of single photos (every job made
 * before this migration). The lists are emptied when the job ends and its extra frames are
 * deleted (unless privacy.keepAllFrames keeps them), so a retried job never names a missing file.
 *
 * NEVER EDIT A MIGRATION ONCE IT HAS LANDED (see 0001_initial.ts).
 */
export const migration: Migration = {
  id: '0006_job_frames',
  sql: `
ALTER TABLE jobs ADD COLUMN frame_paths_json TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(frame_paths_json) AND json_type(frame_paths_json) = 'array');
ALTER TABLE jobs ADD COLUMN side_frame_paths_json TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(side_frame_paths_json) AND json_type(side_frame_paths_json) = 'array');
`,
};
