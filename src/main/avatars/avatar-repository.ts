import type Database from 'better-sqlite3';
import { toIsoTimestamp } from '../db/row-parsing.js';
import { artifactFromRow, avatarFromRow } from './avatar-rows.js';
import { ArtifactMismatchError } from './errors.js';
import type { ArtifactRecord, Avatar, NewAvatar } from './types.js';

export interface AvatarRepositoryOptions {
  /** Epoch milliseconds for `createdAt` when a NewAvatar has none; defaults to Date.now. */
  now?: () => number;
}

const avatarColumns = `seq, id, user_id, job_id, gender, smplx_betas, smplx_body_pose, smplx_global_orient,
  height_cm, chest_circumference_cm, waist_circumference_cm, hip_circumference_cm, inseam_cm, shoulder_width_cm,
  arm_length_cm, thigh_circumference_cm, neck_circumference_cm, measurements_json, provenance_json, consent,
  sync_state, sync_error, synced_at, created_at`;

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

  constructor(
    private readonly db: Database.Database,
    options: AvatarRepositoryOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.statements = prepareStatements(db);
    this.insertTransaction = db.transaction((newAvatar: NewAvatar, artifacts: readonly ArtifactRecord[]): Avatar => {
      const { provenance } = newAvatar;
      this.statements.insertAvatar.run({
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
        syncState: newAvatar.syncState ?? 'pending',
        createdAt: newAvatar.createdAt ?? toIsoTimestamp(this.now()),
      });
      for (const artifact of artifacts) {
        if (artifact.avatarId !== newAvatar.id) {
          throw new ArtifactMismatchError(
            `Artifact ${artifact.name} belongs to avatar ${artifact.avatarId}, not to ${newAvatar.id}`,
          );
        }
        this.statements.insertArtifact.run(artifact);
      }
      // Read back through the row mapper: what was written must parse (e.g. no NaN in the arrays).
      return avatarFromRow(this.statements.byId.get(newAvatar.id));
    });
  }

  /**
   * Inserts an avatar and its artifact records atomically and returns the stored Avatar. Inside a
   * caller's transaction it runs as a savepoint: an error undoes only this insert, and the caller's
   * rollback undoes it too.
   */
  insert(newAvatar: NewAvatar, artifacts: readonly ArtifactRecord[] = []): Avatar {
    return this.insertTransaction(newAvatar, artifacts);
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

  /** All the customer's avatars, newest first (contract `GET /api/v1/avatar/{user_id}/history`). */
  historyForUser(userId: string, options: { limit?: number } = {}): Avatar[] {
    const limit = options.limit ?? -1; // SQLite: a negative LIMIT means no limit
    return this.statements.historyForUser.all(userId, limit).map(avatarFromRow);
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
}

function prepareStatements(db: Database.Database) {
  return {
    insertAvatar: db.prepare(`INSERT INTO avatars (
        id, user_id, job_id, gender, smplx_betas, smplx_body_pose, smplx_global_orient,
        height_cm, chest_circumference_cm, waist_circumference_cm, hip_circumference_cm, inseam_cm,
        shoulder_width_cm, arm_length_cm, thigh_circumference_cm, neck_circumference_cm,
        measurements_json, pipeline, pipeline_version, body_model_name, body_model_version, execution_provider,
        provenance_json, consent, sync_state, created_at
      ) VALUES (
        @id, @userId, @jobId, @gender, @betas, @bodyPose, @globalOrient,
        @heightCm, @chestCircumferenceCm, @waistCircumferenceCm, @hipCircumferenceCm, @inseamCm,
        @shoulderWidthCm, @armLengthCm, @thighCircumferenceCm, @neckCircumferenceCm,
        @measurements, @pipeline, @pipelineVersion, @bodyModelName, @bodyModelVersion, @executionProvider,
        @provenance, @consent, @syncState, @createdAt
      )`),
    insertArtifact: db.prepare(`INSERT INTO artifacts (
        avatar_id, name, local_path, content_type, size_bytes, sha256, md5_base64, object_key, synced_at
      ) VALUES (@avatarId, @name, @localPath, @contentType, @sizeBytes, @sha256, @md5Base64, @objectKey, @syncedAt)`),
    byId: db.prepare<[string], unknown>(`SELECT ${avatarColumns} FROM avatars WHERE id = ?`),
    latestForUser: db.prepare<[string], unknown>(`SELECT ${avatarColumns} FROM avatars WHERE user_id = ? ${newestFirst} LIMIT 1`),
    historyForUser: db.prepare<[string, number], unknown>(
      `SELECT ${avatarColumns} FROM avatars WHERE user_id = ? ${newestFirst} LIMIT ?`,
    ),
    artifacts: db.prepare<[string], unknown>('SELECT * FROM artifacts WHERE avatar_id = ? ORDER BY name'),
    artifact: db.prepare<[string, string], unknown>('SELECT * FROM artifacts WHERE avatar_id = ? AND name = ?'),
    count: db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM avatars'),
  };
}
