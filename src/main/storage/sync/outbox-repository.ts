import type Database from 'better-sqlite3';
import * as z from 'zod';
import { isoTimestamp, parseRow, toIsoTimestamp } from '../../db/row-parsing.js';
import { objectKeyFor } from './object-keys.js';

/**
 * The sync outbox in SQLite (migration 0002): rows to upload or delete, leased by the sync loop.
 * The `enqueue*` methods write inside the caller's transaction (the avatar insert, the customer
 * erasure, the retention sweep), so the outbox always says what the avatar tables say.
 */
export const outboxOps = ['upload', 'delete'] as const;
export type OutboxOp = (typeof outboxOps)[number];
export const outboxStates = ['pending', 'leased', 'failed'] as const;
export type OutboxState = (typeof outboxStates)[number];

export interface OutboxItem {
  seq: number;
  op: OutboxOp;
  /** Null for the delete of a customer's whole prefix. */
  avatarId: string | null;
  userId: string;
  /** The artifact's file name (uploads, single-object deletes); null for a prefix delete. */
  name: string | null;
  /** The object key, or for a prefix delete the prefix (ending in `/`). */
  objectKey: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAtMs: number;
  lastErrorCode: string | null;
  lastError: string | null;
  createdAt: string;
}

export interface OutboxCounts {
  pendingUploads: number;
  pendingDeletes: number;
  /** Being worked on now (or by a process that died, until recovered). */
  leased: number;
  failed: number;
}

/** The sync loop's last known state (the one `sync_status` row). */
export interface PersistedSyncStatus {
  online: boolean | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastErrorCode: string | null;
  lastError: string | null;
  requestedAt: string | null;
}

export interface NewDelete {
  avatarId: string | null;
  userId: string;
  name: string | null;
  objectKey: string;
}

const outboxRowSchema = z
  .object({
    seq: z.number().int(),
    op: z.enum(outboxOps),
    avatar_id: z.string().min(1).nullable(),
    user_id: z.string().min(1),
    name: z.string().nullable(),
    object_key: z.string().min(1),
    state: z.enum(outboxStates),
    attempts: z.number().int().nonnegative(),
    next_attempt_at: z.number().int(),
    last_error_code: z.string().nullable(),
    last_error: z.string().nullable(),
    created_at: isoTimestamp,
  })
  .transform((row): OutboxItem => ({
    seq: row.seq,
    op: row.op,
    avatarId: row.avatar_id,
    userId: row.user_id,
    name: row.name,
    objectKey: row.object_key,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAtMs: row.next_attempt_at,
    lastErrorCode: row.last_error_code,
    lastError: row.last_error,
    createdAt: row.created_at,
  }));

const statusRowSchema = z
  .object({
    online: z.union([z.literal(0), z.literal(1)]).nullable(),
    last_success_at: isoTimestamp.nullable(),
    last_error_at: isoTimestamp.nullable(),
    last_error_code: z.string().nullable(),
    last_error: z.string().nullable(),
    requested_at: isoTimestamp.nullable(),
  })
  .transform((row): PersistedSyncStatus => ({
    online: row.online === null ? null : row.online === 1,
    lastSuccessAt: row.last_success_at,
    lastErrorAt: row.last_error_at,
    lastErrorCode: row.last_error_code,
    lastError: row.last_error,
    requestedAt: row.requested_at,
  }));

function itemFromRow(row: unknown): OutboxItem {
  return parseRow(outboxRowSchema, 'sync_outbox', row);
}

export interface SyncOutboxOptions {
  /** Epoch milliseconds; Date.now by default (tests pass a controllable clock). */
  now?: () => number;
}

export class SyncOutbox {
  private readonly now: () => number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly leaseTransaction: Database.Transaction<(owner: string, limit: number, leaseMs: number) => OutboxItem[]>;

  constructor(
    private readonly db: Database.Database,
    options: SyncOutboxOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.statements = prepareStatements(db);
    this.leaseTransaction = db.transaction((owner: string, limit: number, leaseMs: number): OutboxItem[] => {
      const nowMs = this.now();
      const nowIso = toIsoTimestamp(nowMs);
      this.statements.recoverExpired.run({ cutoffMs: nowMs, nowIso });
      const rows = this.statements.lease.all({ owner, limit, nowMs, expiresAtMs: nowMs + leaseMs, nowIso });
      return rows.map(itemFromRow).sort((a, b) => a.seq - b.seq);
    });
  }

  /** One upload row per artifact of a new avatar; call inside the transaction that inserts it. */
  enqueueUploads(avatar: { id: string; userId: string }, names: readonly string[]): void {
    const nowMs = this.now();
    for (const name of names) {
      this.statements.insert.run({
        op: 'upload',
        avatarId: avatar.id,
        userId: avatar.userId,
        name,
        objectKey: objectKeyFor(avatar.userId, avatar.id, name),
        nowMs,
        nowIso: toIsoTimestamp(nowMs),
      });
    }
  }

  /**
   * Delete rows for objects that must leave the bucket; call inside the transaction that removes
   * them locally. Uploads of the same avatar not yet started are dropped (nothing to delete then,
   * but a delete of a key never uploaded is harmless); an upload in flight keeps its row and the
   * delete of its key waits for it (rows of one key run in order).
   */
  enqueueDeletes(deletes: readonly NewDelete[]): void {
    const nowMs = this.now();
    const nowIso = toIsoTimestamp(nowMs);
    for (const item of deletes) {
      if (item.name !== null) this.statements.cancelUpload.run({ objectKey: item.objectKey });
      this.statements.insert.run({
        op: 'delete',
        avatarId: item.avatarId,
        userId: item.userId,
        name: item.name,
        objectKey: item.objectKey,
        nowMs,
        nowIso,
      });
    }
  }

  /** Drops the avatar's upload rows not being worked on (its files are gone). */
  cancelUploadsOf(avatarId: string): number {
    return this.statements.cancelUploadsOfAvatar.run({ avatarId }).changes;
  }

  /**
   * Leases up to `limit` due rows for `owner`, oldest first, taking back expired leases first.
   * A row is due when its backoff has passed and no older row of the same key is still open.
   */
  lease(owner: string, limit: number, leaseMs: number): OutboxItem[] {
    return this.leaseTransaction.immediate(owner, limit, leaseMs);
  }

  /** Extends the leases `owner` holds; the number of rows renewed. */
  renewLeases(owner: string, leaseMs: number): number {
    const nowMs = this.now();
    return this.statements.renew.run({ owner, expiresAtMs: nowMs + leaseMs, nowIso: toIsoTimestamp(nowMs) }).changes;
  }

  /** The row is done: removed. False when `owner` no longer holds it. */
  complete(seq: number, owner: string): boolean {
    return this.statements.complete.run({ seq, owner }).changes === 1;
  }

  /** Back to pending without counting an attempt (the endpoint failed, not the object). */
  release(seq: number, owner: string): boolean {
    return this.statements.release.run({ seq, owner, nowIso: toIsoTimestamp(this.now()) }).changes === 1;
  }

  /** Counts a failed attempt of this object and schedules the next one. */
  retryLater(seq: number, owner: string, error: { code: string; message: string }, nextAttemptAtMs: number): boolean {
    const nowIso = toIsoTimestamp(this.now());
    return this.statements.retryLater.run({ seq, owner, code: error.code, message: error.message, nextAttemptAtMs, nowIso }).changes === 1;
  }

  /** Fails the object for good (until `requeueFailed`), with its reason. */
  fail(seq: number, owner: string, error: { code: string; message: string }): boolean {
    const nowIso = toIsoTimestamp(this.now());
    return this.statements.fail.run({ seq, owner, code: error.code, message: error.message, nowIso }).changes === 1;
  }

  /**
   * At start-up of the one process that owns the data folder: every leased row belongs to a
   * process that died (kill -9 mid-upload), whatever its lease says. The upload is redone; the
   * stat-before-put in the sync loop keeps it from being stored twice.
   */
  recoverAllLeases(): number {
    return this.statements.recoverExpired.run({ cutoffMs: Number.MAX_SAFE_INTEGER, nowIso: toIsoTimestamp(this.now()) }).changes;
  }

  /** Failed rows back to pending with their attempts reset (`perfit sync now`); their number. */
  requeueFailed(): number {
    const nowMs = this.now();
    return this.statements.requeueFailed.run({ nowMs, nowIso: toIsoTimestamp(nowMs) }).changes;
  }

  /** Makes every pending row due now and records the request for a running service. */
  expedite(): number {
    const nowMs = this.now();
    const nowIso = toIsoTimestamp(nowMs);
    return this.db
      .transaction(() => {
        this.statements.requested.run({ nowIso });
        return this.statements.expedite.run({ nowMs }).changes;
      })
      .immediate();
  }

  counts(): OutboxCounts {
    const counts: OutboxCounts = { pendingUploads: 0, pendingDeletes: 0, leased: 0, failed: 0 };
    for (const row of this.statements.counts.all()) {
      if (row.state === 'leased') counts.leased += row.count;
      else if (row.state === 'failed') counts.failed += row.count;
      else if (row.op === 'upload') counts.pendingUploads += row.count;
      else counts.pendingDeletes += row.count;
    }
    return counts;
  }

  /** When the next pending row becomes due (epoch ms), or null when none waits. */
  nextDueAtMs(): number | null {
    return this.statements.nextDue.get()?.due ?? null;
  }

  /** Rows of one avatar (the API's per-avatar sync state, tests). */
  itemsOf(avatarId: string): OutboxItem[] {
    return this.statements.itemsOf.all(avatarId).map(itemFromRow);
  }

  failedItems(limit = 50): OutboxItem[] {
    return this.statements.failedItems.all(limit).map(itemFromRow);
  }

  /**
   * Upload rows for artifacts that are neither synced nor in the outbox: avatars stored before the
   * outbox existed (migration 0002 on an existing database). Idempotent; the number added.
   */
  backfill(): number {
    return this.db
      .transaction(() => {
        const missing = this.statements.unqueuedArtifacts.all();
        const byAvatar = new Map<string, { id: string; userId: string; names: string[] }>();
        for (const row of missing) {
          const entry = byAvatar.get(row.avatar_id) ?? { id: row.avatar_id, userId: row.user_id, names: [] };
          entry.names.push(row.name);
          byAvatar.set(row.avatar_id, entry);
        }
        for (const avatar of byAvatar.values()) this.enqueueUploads(avatar, avatar.names);
        return missing.length;
      })
      .immediate();
  }

  status(): PersistedSyncStatus {
    return parseRow(statusRowSchema, 'sync_status', this.statements.status.get());
  }

  recordSuccess(): void {
    const nowIso = toIsoTimestamp(this.now());
    this.statements.recordSuccess.run({ nowIso });
  }

  recordError(error: { code: string; message: string }, online: boolean | null): void {
    const nowIso = toIsoTimestamp(this.now());
    this.statements.recordError.run({ nowIso, code: error.code, message: error.message, online: online === null ? null : online ? 1 : 0 });
  }

  recordOnline(online: boolean | null): void {
    this.statements.recordOnline.run({ online: online === null ? null : online ? 1 : 0, nowIso: toIsoTimestamp(this.now()) });
  }
}

function prepareStatements(db: Database.Database) {
  const clearLease = 'lease_owner = NULL, lease_expires_at = NULL';
  return {
    insert: db.prepare<
      [{ op: OutboxOp; avatarId: string | null; userId: string; name: string | null; objectKey: string; nowMs: number; nowIso: string }]
    >(
      `INSERT INTO sync_outbox (op, avatar_id, user_id, name, object_key, next_attempt_at, created_at, updated_at)
       VALUES (@op, @avatarId, @userId, @name, @objectKey, @nowMs, @nowIso, @nowIso)`,
    ),
    cancelUpload: db.prepare<[{ objectKey: string }]>(
      `DELETE FROM sync_outbox WHERE object_key = @objectKey AND op = 'upload' AND state != 'leased'`,
    ),
    cancelUploadsOfAvatar: db.prepare<[{ avatarId: string }]>(
      `DELETE FROM sync_outbox WHERE avatar_id = @avatarId AND op = 'upload' AND state != 'leased'`,
    ),
    // Per-key order: a row waits while an older row of its key is open (pending, leased or failed).
    lease: db.prepare<[{ owner: string; limit: number; nowMs: number; expiresAtMs: number; nowIso: string }], unknown>(
      `UPDATE sync_outbox SET state = 'leased', lease_owner = @owner, lease_expires_at = @expiresAtMs, updated_at = @nowIso
       WHERE seq IN (
         SELECT o.seq FROM sync_outbox o
         WHERE o.state = 'pending' AND o.next_attempt_at <= @nowMs
           AND NOT EXISTS (SELECT 1 FROM sync_outbox e WHERE e.object_key = o.object_key AND e.seq < o.seq)
         ORDER BY o.seq LIMIT @limit
       )
       RETURNING *`,
    ),
    recoverExpired: db.prepare<[{ cutoffMs: number; nowIso: string }]>(
      `UPDATE sync_outbox SET state = 'pending', ${clearLease}, updated_at = @nowIso
       WHERE state = 'leased' AND lease_expires_at <= @cutoffMs`,
    ),
    renew: db.prepare<[{ owner: string; expiresAtMs: number; nowIso: string }]>(
      `UPDATE sync_outbox SET lease_expires_at = @expiresAtMs, updated_at = @nowIso WHERE state = 'leased' AND lease_owner = @owner`,
    ),
    complete: db.prepare<[{ seq: number; owner: string }]>(
      `DELETE FROM sync_outbox WHERE seq = @seq AND state = 'leased' AND lease_owner = @owner`,
    ),
    release: db.prepare<[{ seq: number; owner: string; nowIso: string }]>(
      `UPDATE sync_outbox SET state = 'pending', ${clearLease}, updated_at = @nowIso WHERE seq = @seq AND state = 'leased' ` +
        `AND lease_owner = @owner`,
    ),
    retryLater: db.prepare<[{ seq: number; owner: string; code: string; message: string; nextAttemptAtMs: number; nowIso: string }]>(
      `UPDATE sync_outbox SET state = 'pending', ${clearLease}, attempts = attempts + 1, next_attempt_at = @nextAttemptAtMs,
         last_error_code = @code, last_error = @message, updated_at = @nowIso
       WHERE seq = @seq AND state = 'leased' AND lease_owner = @owner`,
    ),
    fail: db.prepare<[{ seq: number; owner: string; code: string; message: string; nowIso: string }]>(
      `UPDATE sync_outbox SET state = 'failed', ${clearLease}, attempts = attempts + 1,
         last_error_code = @code, last_error = @message, updated_at = @nowIso
       WHERE seq = @seq AND state = 'leased' AND lease_owner = @owner`,
    ),
    requeueFailed: db.prepare<[{ nowMs: number; nowIso: string }]>(
      `UPDATE sync_outbox SET state = 'pending', attempts = 0, next_attempt_at = @nowMs, updated_at = @nowIso WHERE state = 'failed'`,
    ),
    expedite: db.prepare<[{ nowMs: number }]>(
      `UPDATE sync_outbox SET next_attempt_at = @nowMs WHERE state = 'pending' AND next_attempt_at > @nowMs`,
    ),
    requested: db.prepare<[{ nowIso: string }]>(`UPDATE sync_status SET requested_at = @nowIso, updated_at = @nowIso WHERE id = 1`),
    counts: db.prepare<[], { op: OutboxOp; state: OutboxState; count: number }>(
      'SELECT op, state, COUNT(*) AS count FROM sync_outbox GROUP BY op, state',
    ),
    nextDue: db.prepare<[], { due: number | null }>(`SELECT MIN(next_attempt_at) AS due FROM sync_outbox WHERE state = 'pending'`),
    itemsOf: db.prepare<[string], unknown>('SELECT * FROM sync_outbox WHERE avatar_id = ? ORDER BY seq'),
    failedItems: db.prepare<[number], unknown>(`SELECT * FROM sync_outbox WHERE state = 'failed' ORDER BY seq LIMIT ?`),
    unqueuedArtifacts: db.prepare<[], { avatar_id: string; user_id: string; name: string }>(
      `SELECT ar.avatar_id, av.user_id, ar.name FROM artifacts ar JOIN avatars av ON av.id = ar.avatar_id
       WHERE ar.synced_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.avatar_id = ar.avatar_id AND o.name = ar.name AND o.op = 'upload')
       ORDER BY av.seq, ar.name`,
    ),
    status: db.prepare<[], unknown>('SELECT * FROM sync_status WHERE id = 1'),
    recordSuccess: db.prepare<[{ nowIso: string }]>(
      `UPDATE sync_status SET online = 1, last_success_at = @nowIso, updated_at = @nowIso WHERE id = 1`,
    ),
    recordError: db.prepare<[{ nowIso: string; code: string; message: string; online: 0 | 1 | null }]>(
      `UPDATE sync_status SET online = @online, last_error_at = @nowIso, last_error_code = @code, last_error = @message, ` +
        `updated_at = @nowIso WHERE id = 1`,
    ),
    recordOnline: db.prepare<[{ online: 0 | 1 | null; nowIso: string }]>(
      `UPDATE sync_status SET online = @online, updated_at = @nowIso WHERE id = 1`,
    ),
  };
}
