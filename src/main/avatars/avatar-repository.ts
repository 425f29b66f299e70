import type Database from 'better-sqlite3';
import { toIsoTimestamp } from '../db/row-parsing.js';
import { artifactFromRow, avatarFromRow, newAvatarRowParses } from './avatar-rows.js';
import { ArtifactMismatchError } from './errors.js';
import { syncStates, type ArtifactRecord, type Avatar, type NewAvatar, type SyncState } from './types.js';

/**
 * Where a new avatar's files are queued for upload, in the insert's own transaction: the sync
 * outbox (storage/sync/outbox-repository.ts), handed in by the wiring (src/main/stores.ts).
 */
export interface AvatarUploadQueue {
  enqueueUploads(avatar: { id: string; userId: string }, names: readonly string[]): void;
}

export interface AvatarRepositoryOptions {
  /** Epoch milliseconds for `createdAt` when a NewAvatar has none; defaults to Date.now. */
  now?: () => number;
  uploads: AvatarUploadQueue;
}

const avatarColumns = `seq, id, user_id, job_id, gender, smplx_betas, smplx_body_pose, smplx_global_orient,
  height_cm, chest_circumference_cm, waist_circumference_cm, hip_circumference_cm, inseam_cm, shoulder_width_cm,
  arm_length_cm, thigh_circumference_cm, neck_circumference_cm, measurements_json, provenance_json, consent, warnings_json,
  capture_json, sync_state, sync_error, synced_at, created_at`;

/** Newest first; `seq` (insertion order) breaks ties between equal timestamps. */
const newestFirst = 'ORDER BY created_at DESC, seq DESC';

/**
 * The avatars and their artifact records in SQLite. Every row read is parsed into the `Avatar` /
 * `ArtifactRecord` types. `insert` runs in its own transaction, or as a savepoint inside a
 * caller's (the job queue completes a job and inserts its avatar in one transaction).
 */
export class AvatarRepository {
  private readonly now: () => number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly insertTransaction: Database.Transaction<(newAvatar: NewAvatar, artifacts: readonly ArtifactRecord[]) => Avatar>;
  /** Every new avatar's files are queued for upload in the insert's transaction. */
  private readonly uploads: AvatarUploadQueue;

  constructor(
    private readonly db: Database.Database,
    options: AvatarRepositoryOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.statements = prepareStatements(db);
    this.uploads = options.uploads;
    this.insertTransaction = db.transaction((newAvatar: NewAvatar, artifacts: readonly ArtifactRecord[]) =>
      this.storedRow(this.insertRows(newAvatar, artifacts).seq),
    );
  }

  /**
   * Inserts an avatar and its artifact records atomically and returns the stored Avatar. Inside a
   * caller's transaction it runs as a savepoint: an error undoes only this insert, and the caller's
   * rollback undoes it too.
   */
  insert(newAvatar: NewAvatar, artifacts: readonly ArtifactRecord[] = []): Avatar {
    return this.insertTransaction(newAvatar, artifacts);
  }

  /**
   * `insert` for a caller that holds a transaction, rolls it back whole on any error and needs no
   * Avatar back (the job queue's completion): the same rows and the same checks, without the
   * savepoint that lets an error undo this insert alone, and without reading the row back where
   * the values written certainly parse.
   */
  insertInTransaction(newAvatar: NewAvatar, artifacts: readonly ArtifactRecord[] = []): void {
    if (!this.db.inTransaction) throw new Error('AvatarRepository.insertInTransaction needs an open transaction');
    const { seq, createdAt, syncState } = this.insertRows(newAvatar, artifacts);
    if (!newAvatarRowParses(newAvatar, createdAt, syncState)) this.storedRow(seq);
  }

  private insertRows(newAvatar: NewAvatar, artifacts: readonly ArtifactRecord[]) {
    const { provenance } = newAvatar;
    const createdAt = newAvatar.createdAt ?? toIsoTimestamp(this.now());
    const syncState = newAvatar.syncState ?? 'pending';
    const { lastInsertRowid: seq } = this.statements.insertAvatar.run({
      id: newAvatar.id,
      userId: newAvatar.userId,
      jobId: newAvatar.jobId,
      gender: newAvatar.gender,
      betas: JSON.stringify(newAvatar.betas),
      bodyPose: JSON.stringify(newAvatar.bodyPose),
      globalOrient: JSON.stringify(newAvatar.globalOrient),
      heightCm: newAvatar.heightCm,
      chestCircumferenceCm: newAvatar.chestCircumferenceCm,
      waistCircumferenceCm: newAvatar.waistCircumferenceCm,
      hipCircumferenceCm: newAvatar.hipCircumferenceCm,
      inseamCm: newAvatar.inseamCm,
      shoulderWidthCm: newAvatar.shoulderWidthCm,
      armLengthCm: newAvatar.armLengthCm,
      thighCircumferenceCm: newAvatar.thighCircumferenceCm,
      neckCircumferenceCm: newAvatar.neckCircumferenceCm,
      measurements: JSON.stringify(newAvatar.measurements),
      pipeline: provenance.pipeline,
      pipelineVersion: provenance.pipelineVersion,
      bodyModelName: provenance.bodyModel.name,
      bodyModelVersion: provenance.bodyModel.version,
      executionProvider: provenance.executionProvider,
      provenance: JSON.stringify(provenance),
      consent: newAvatar.consent === null ? null : newAvatar.consent ? 1 : 0,
      warnings: JSON.stringify(newAvatar.warnings ?? []),
      capture: newAvatar.capture ? JSON.stringify(newAvatar.capture) : null,
      syncState,
      createdAt,
    });
    for (const artifact of artifacts) {
      if (artifact.avatarId !== newAvatar.id) {
        throw new ArtifactMismatchError(`Artifact ${artifact.name} belongs to avatar ${artifact.avatarId}, not to ${newAvatar.id}`);
      }
      this.statements.insertArtifact.run(artifact);
    }
    // The outbox row is written with the avatar: a crash cannot leave an avatar that never uploads.
    const unsynced = artifacts.filter((artifact) => artifact.syncedAt === null).map((artifact) => artifact.name);
    if (unsynced.length > 0) this.uploads.enqueueUploads(newAvatar, unsynced);
    return { seq, createdAt, syncState };
  }

  /**
   * The row as stored, read back in the insert's transaction, through the row mapper: what was
   * written must parse (e.g. no NaN in the arrays, which JSON writes as null).
   */
  private storedRow(seq: number | bigint): Avatar {
    return avatarFromRow(this.statements.bySeq.get(seq));
  }

  get(id: string): Avatar | null {
    const row = this.statements.byId.get(id);
    return row === undefined ? null : avatarFromRow(row);
  }

  /** The customer's newest avatar (contract `GET /api/v1/avatar/{user_id}`). */
  latestForUser(userId: string): Avatar | null {
    const row = this.statements.latestForUser.get(userId);
    return row === undefined ? null : avatarFromRow(row);
  }

  /**
   * The customer's avatars, newest first (contract `GET /api/v1/avatar/{user_id}/history`): at most
   * `limit` of them, and only those older than the avatar `beforeId` when it is given. Null when
   * `beforeId` is not one of this customer's avatars.
   */
  historyForUser(userId: string, options: { limit?: number; beforeId?: string } = {}): Avatar[] | null {
    const limit = options.limit ?? -1; // SQLite: a negative LIMIT means no limit
    if (options.beforeId === undefined) return this.statements.historyForUser.all(userId, limit).map(avatarFromRow);
    const before = this.statements.historyPosition.get(options.beforeId, userId);
    if (before === undefined) return null;
    return this.statements.historyBefore.all(userId, before.created_at, before.seq, limit).map(avatarFromRow);
  }

  /** How many avatars the customer has. */
  countForUser(userId: string): number {
    return this.statements.countForUser.get(userId)!.count;
  }

  /** The avatar's files, by name. */
  artifacts(avatarId: string): ArtifactRecord[] {
    return this.statements.artifacts.all(avatarId).map(artifactFromRow);
  }

  artifact(avatarId: string, name: string): ArtifactRecord | null {
    const row = this.statements.artifact.get(avatarId, name);
    return row === undefined ? null : artifactFromRow(row);
  }

  count(): number {
    return this.statements.count.get()!.count;
  }

  // --- sync state ---

  /**
   * Records that one file is in the bucket under `objectKey`; when it was the avatar's last file
   * not yet there, the avatar becomes `synced`. Returns the avatar's sync state afterwards (null
   * when the avatar is gone). Run it in the transaction that completes the outbox row.
   */
  markArtifactSynced(avatarId: string, name: string, objectKey: string, syncedAtMs: number = this.now()): SyncState | null {
    const syncedAt = toIsoTimestamp(syncedAtMs);
    this.statements.markArtifactSynced.run({ avatarId, name, objectKey, syncedAt });
    this.statements.markAvatarSyncedIfComplete.run({ avatarId, syncedAt });
    const row = this.statements.syncState.get(avatarId);
    return row ? (syncStates.find((state) => state === row.sync_state) ?? null) : null;
  }

  /** After files were removed (photo retention): the avatar is synced when every file left is. */
  refreshSyncState(avatarId: string, nowMs: number = this.now()): void {
    this.statements.markAvatarSyncedIfComplete.run({ avatarId, syncedAt: toIsoTimestamp(nowMs) });
  }

  /**
   * Records why the last upload of one of the avatar's files failed. `permanent` marks the avatar
   * `failed` (until `perfit sync now` retries it); otherwise it stays `pending` with the reason.
   */
  recordSyncError(avatarId: string, message: string, permanent: boolean): void {
    this.statements.recordSyncError.run({ avatarId, message, failed: permanent ? 1 : 0 });
  }

  /** Failed avatars back to pending (their outbox rows are requeued at the same time). */
  resetFailedSync(): number {
    return this.statements.resetFailedSync.run().changes;
  }

  /** How many avatars are in each sync state (every state present, zero included). */
  syncStateCounts(): Record<SyncState, number> {
    const counts = Object.fromEntries(syncStates.map((state) => [state, 0])) as Record<SyncState, number>;
    for (const row of this.statements.syncStateCounts.all()) {
      const state = syncStates.find((candidate) => candidate === row.sync_state);
      if (state) counts[state] = row.count;
    }
    return counts;
  }
}

function prepareStatements(db: Database.Database) {
  return {
    insertAvatar: db.prepare(`INSERT INTO avatars (
        id, user_id, job_id, gender, smplx_betas, smplx_body_pose, smplx_global_orient,
        height_cm, chest_circumference_cm, waist_circumference_cm, hip_circumference_cm, inseam_cm,
        shoulder_width_cm, arm_length_cm, thigh_circumference_cm, neck_circumference_cm,
        measurements_json, pipeline, pipeline_version, body_model_name, body_model_version, execution_provider,
        provenance_json, consent, warnings_json, capture_json, sync_state, created_at
      ) VALUES (
        @id, @userId, @jobId, @gender, @betas, @bodyPose, @globalOrient,
        @heightCm, @chestCircumferenceCm, @waistCircumferenceCm, @hipCircumferenceCm, @inseamCm,
        @shoulderWidthCm, @armLengthCm, @thighCircumferenceCm, @neckCircumferenceCm,
        @measurements, @pipeline, @pipelineVersion, @bodyModelName, @bodyModelVersion, @executionProvider,
        @provenance, @consent, @warnings, @capture, @syncState, @createdAt
      )`),
    insertArtifact: db.prepare(`INSERT INTO artifacts (
        avatar_id, name, local_path, content_type, size_bytes, sha256, md5_base64, object_key, synced_at
      ) VALUES (@avatarId, @name, @localPath, @contentType, @sizeBytes, @sha256, @md5Base64, @objectKey, @syncedAt)`),
    byId: db.prepare<[string], unknown>(`SELECT ${avatarColumns} FROM avatars WHERE id = ?`),
    // Read-backs after an insert by its seq: RETURNING would run through a temporary table.
    bySeq: db.prepare<[number | bigint], unknown>(`SELECT ${avatarColumns} FROM avatars WHERE seq = ?`),
    latestForUser: db.prepare<[string], unknown>(`SELECT ${avatarColumns} FROM avatars WHERE user_id = ? ${newestFirst} LIMIT 1`),
    historyForUser: db.prepare<[string, number], unknown>(`SELECT ${avatarColumns} FROM avatars WHERE user_id = ? ${newestFirst} LIMIT ?`),
    historyPosition: db.prepare<[string, string], { created_at: string; seq: number }>(
      'SELECT created_at, seq FROM avatars WHERE id = ? AND user_id = ?',
    ),
    historyBefore: db.prepare<[string, string, number, number], unknown>(
      `SELECT ${avatarColumns} FROM avatars WHERE user_id = ? AND (created_at, seq) < (?, ?) ${newestFirst} LIMIT ?`,
    ),
    countForUser: db.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM avatars WHERE user_id = ?'),
    artifacts: db.prepare<[string], unknown>('SELECT * FROM artifacts WHERE avatar_id = ? ORDER BY name'),
    artifact: db.prepare<[string, string], unknown>('SELECT * FROM artifacts WHERE avatar_id = ? AND name = ?'),
    count: db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM avatars'),
    markArtifactSynced: db.prepare<[{ avatarId: string; name: string; objectKey: string; syncedAt: string }]>(
      'UPDATE artifacts SET object_key = @objectKey, synced_at = @syncedAt WHERE avatar_id = @avatarId AND name = @name',
    ),
    markAvatarSyncedIfComplete: db.prepare<[{ avatarId: string; syncedAt: string }]>(
      `UPDATE avatars SET sync_state = 'synced', synced_at = @syncedAt, sync_error = NULL
       WHERE id = @avatarId AND sync_state != 'failed'
         AND NOT EXISTS (SELECT 1 FROM artifacts WHERE avatar_id = @avatarId AND synced_at IS NULL)`,
    ),
    syncState: db.prepare<[string], { sync_state: string }>('SELECT sync_state FROM avatars WHERE id = ?'),
    recordSyncError: db.prepare<[{ avatarId: string; message: string; failed: 0 | 1 }]>(
      `UPDATE avatars SET sync_error = @message, sync_state = CASE WHEN @failed = 1 THEN 'failed' ELSE sync_state END
       WHERE id = @avatarId AND sync_state != 'synced'`,
    ),
    resetFailedSync: db.prepare<[], unknown>(`UPDATE avatars SET sync_state = 'pending' WHERE sync_state = 'failed'`),
    syncStateCounts: db.prepare<[], { sync_state: string; count: number }>(
      'SELECT sync_state, COUNT(*) AS count FROM avatars GROUP BY sync_state',
    ),
  };
}
