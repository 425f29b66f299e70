import type { Migration } from '../migrate.js';

/**
 * What staff told the kiosk about the capture, stored with the job, and the warnings an avatar
 * carries (a body outside what the body model covers).
 *
 * NEVER EDIT A MIGRATION ONCE IT HAS LANDED (see 0001_initial.ts).
 *
 * - `jobs.clothing`: tight, regular or loose; jobs made before this migration were scanned with
 *   no class chosen, which the pipeline treated as regular.
 * - `jobs.shoes` / `jobs.shoe_sole_cm`: the footwear as a kind (none, flat, heels) or as a sole
 *   height in cm, never both; both NULL when nobody said.
 * - `avatars.warnings_json`: an array of `{code, message}` a reader of the figures must see.
 */
export const migration: Migration = {
  id: '0004_capture_conditions',
  sql: `
ALTER TABLE jobs ADD COLUMN clothing TEXT NOT NULL DEFAULT 'regular' CHECK (clothing IN ('tight', 'regular', 'loose'));
ALTER TABLE jobs ADD COLUMN shoes TEXT CHECK (shoes IS NULL OR shoes IN ('none', 'flat', 'heels'));
ALTER TABLE jobs ADD COLUMN shoe_sole_cm REAL CHECK (
  shoe_sole_cm IS NULL OR (shoe_sole_cm >= 0 AND shoe_sole_cm <= 15 AND shoes IS NULL)
);
ALTER TABLE avatars ADD COLUMN warnings_json TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(warnings_json) AND json_type(warnings_json) = 'array');
`,
};
