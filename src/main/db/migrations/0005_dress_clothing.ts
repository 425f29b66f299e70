import type { Migration } from '../migrate.js';

/**
 * The `dress` clothing class (a dress or skirt: the skirt hides the body from the waist to the
 * knee, so the pipeline reads nothing there).
 *
 * NEVER EDIT A MIGRATION ONCE IT HAS LANDED (see 0001_initial.ts).
 *
 * SQLite cannot change a column's CHECK constraint in place, and rebuilding `jobs` would fire the
 * ON DELETE actions of the avatars that reference it. A column whose CHECK mentions only itself can
 * be dropped, though: the class moves to a new column with the wider CHECK, the old one is
 * dropped, and the new one takes its name. Every existing value stays valid.
 */
export const migration: Migration = {
  id: '0005_dress_clothing',
  sql: `
ALTER TABLE jobs ADD COLUMN clothing_class TEXT NOT NULL DEFAULT 'regular'
  CHECK (clothing_class IN ('tight', 'regular', 'loose', 'dress'));
UPDATE jobs SET clothing_class = clothing;
ALTER TABLE jobs DROP COLUMN clothing;
ALTER TABLE jobs RENAME COLUMN clothing_class TO clothing;
`,
};
