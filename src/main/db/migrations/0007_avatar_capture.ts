import type { Migration } from '../migrate.js';

/**
 * How an avatar was captured (views and frames its figures rest on, where its height came from, the
 * clothing and shoes staff gave), so that a reader of the avatar can judge its figures without the
 * job, which is deleted with the customer's photos.
 *
 * NEVER EDIT A MIGRATION ONCE IT HAS LANDED (see 0001_initial.ts).
 *
 * NULL for every avatar stored before this migration: how they were captured was not recorded, and
 * their jobs may be gone, so it stays unknown rather than guessed.
 */
export const migration: Migration = {
  id: '0007_avatar_capture',
  sql: `
ALTER TABLE avatars ADD COLUMN capture_json TEXT
  CHECK (capture_json IS NULL OR (json_valid(capture_json) AND json_type(capture_json) = 'object'));
`,
};
