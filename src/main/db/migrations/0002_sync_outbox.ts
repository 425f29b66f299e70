import type { Migration } from '../migrate.js';

/**
 * The sync outbox (issue 6): what must reach the central bucket, written in the same transaction as
 * the avatar it describes (or its deletion), so a crash can never leave an avatar that is never
 * uploaded, nor a deleted one whose files stay in the bucket.
 *
 * NEVER EDIT A MIGRATION ONCE IT HAS LANDED (see 0001_initial.ts).
 *
 * - `sync_outbox`: one row per object to upload or delete. Rows of the same `object_key` run in
 *   `seq` order (a delete waits for an upload of the same key still in flight). A row being worked
 *   on is `leased` (owner + expiry, epoch ms) so that a process killed mid-upload leaves a row that
 *   is taken back, not lost; `attempts` counts failures of this object only (an unreachable
 *   endpoint is not the object's fault and does not count). Done rows are deleted; the artifacts
 *   table keeps `object_key` and `synced_at`. No foreign key to avatars: delete rows outlive them.
 * - `sync_status`: one row, the sync loop's last known state, so `perfit sync status` (another
 *   process) can show it, and `requested_at`, set by `perfit sync now` to wake a running service.
 */
export const migration: Migration = {
  id: '0002_sync_outbox',
  sql: `
CREATE TABLE sync_outbox (
  seq INTEGER PRIMARY KEY,
  op TEXT NOT NULL CHECK (op IN ('upload', 'delete')),
  -- NULL for the delete of a customer's whole prefix.
  avatar_id TEXT,
  user_id TEXT NOT NULL,
  -- The artifact's file name for uploads; NULL for deletes of a whole prefix.
  name TEXT,
  -- The object (or, for a prefix delete, the prefix ending in '/') in the bucket.
  object_key TEXT NOT NULL CHECK (length(object_key) > 0),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'leased', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  last_error_code TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (op = 'delete' OR (name IS NOT NULL AND avatar_id IS NOT NULL)),
  CHECK ((state = 'leased') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- Leasing takes the due rows in order; the per-key order check looks rows up by key.
CREATE INDEX sync_outbox_state_due ON sync_outbox (state, next_attempt_at, seq);
CREATE INDEX sync_outbox_key_seq ON sync_outbox (object_key, seq);
CREATE INDEX sync_outbox_avatar ON sync_outbox (avatar_id);

CREATE TABLE sync_status (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  online INTEGER CHECK (online IS NULL OR online IN (0, 1)),
  last_success_at TEXT,
  last_error_at TEXT,
  last_error_code TEXT,
  last_error TEXT,
  requested_at TEXT,
  updated_at TEXT NOT NULL
);
INSERT INTO sync_status (id, updated_at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
`,
};
