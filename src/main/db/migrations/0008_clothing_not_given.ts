import type { Migration } from '../migrate.js';

/**
 * A job's clothing class may be left unsaid (NULL): the pipeline then judges it from the front photo
 * (bare skin on the trunk and thighs reads as `tight`, anything else as `regular`), and the avatar
 * records which class it used and whether staff gave it.
 *
 * NEVER EDIT A MIGRATION ONCE IT HAS LANDED (see 0001_initial.ts).
 *
 * The column is replaced as in 0005 (SQLite cannot change a CHECK or NOT NULL in place, and rebuilding
 * `jobs` would fire the ON DELETE actions of the avatars that reference it). Every existing job keeps
 * its class: it was given, or assumed `regular` and scanned so.
 */
export const migration: Migration = {
  id: '0008_clothing_not_given',
  sql: `
ALTER TABLE jobs ADD COLUMN clothing_given TEXT
  CHECK (clothing_given IS NULL OR clothing_given IN ('tight', 'regular', 'loose', 'dress'));
UPDATE jobs SET clothing_given = clothing;
ALTER TABLE jobs DROP COLUMN clothing;
ALTER TABLE jobs RENAME COLUMN clothing_given TO clothing;
`,
};
