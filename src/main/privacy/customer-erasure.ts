import { rm } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { objectKeyFor, userPrefix } from '../storage/sync/object-keys.js';
import type { NewDelete, SyncOutbox } from '../storage/sync/outbox-repository.js';
import { codedErrorClass } from '../errors.js';

/** A scan of the customer is queued or running: erasing now would let it store a new avatar after. */
export class CustomerBusyError extends codedErrorClass('CustomerBusyError', 'scan_in_progress') {}

export interface ErasureResult {
  userId: string;
  avatarsDeleted: number;
  /** Jobs (and their photos) deleted. */
  jobsDeleted: number;
  /** Objects queued for deletion in the bucket (plus one delete of the customer's whole prefix). */
  remoteDeletesQueued: number;
}

export interface CustomerErasureOptions {
  db: Database.Database;
  /** The local avatar folder of an avatar id (ArtifactStore.folderOf). */
  avatarFolder: (avatarId: string) => string;
  /** The upload folder of a job id (UploadStore.folderOf). */
  uploadFolder: (jobId: string) => string;
  /** Where the deletes of the customer's bucket objects are queued. */
  outbox: SyncOutbox;
}

interface FolderStore {
  folderOf(id: string): string;
}

/** The erasure of a data folder: avatar files in the artifact store, photos in the upload store. */
export function customerErasureOf(
  db: Database.Database,
  stores: { artifacts: FolderStore; uploads: FolderStore; outbox: SyncOutbox },
): CustomerErasure {
  const { artifacts, uploads, outbox } = stores;
  return new CustomerErasure({ db, avatarFolder: (id) => artifacts.folderOf(id), uploadFolder: (id) => uploads.folderOf(id), outbox });
}

/**
 * `DELETE /api/v1/avatar/{user_id}` (privacy): removes a customer's avatars, their files and
 * photos, and their finished jobs from this kiosk, and queues the deletion of their objects in the
 * bucket, all in one transaction; the files go after the commit (a crash in between leaves
 * orphaned files of rows that no longer exist, never rows pointing at missing files).
 *
 * The bucket side deletes every object this kiosk uploaded for the customer and then everything
 * under the customer's prefix (`avatars/{user_id}/`), including avatars other stores uploaded:
 * erasure is of the customer, not of this kiosk's copy.
 */
export class CustomerErasure {
  private readonly outbox: SyncOutbox;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(private readonly options: CustomerErasureOptions) {
    this.outbox = options.outbox;
    this.statements = prepareStatements(options.db);
  }

  /**
   * Another kiosk erased the customer at `erasedAtIso` while this one held scans of them (it was
   * offline, or the scan was waiting to upload): drops this kiosk's avatars, photos and finished
   * jobs of the customer made up to that time. Nothing is queued for the bucket: the erasing kiosk
   * deleted the customer's folder there, and these files never reached it. Later scans are a new
   * visit and stay. The number of avatars dropped.
   */
  async eraseMadeBefore(userId: string, erasedAtIso: string): Promise<number> {
    const removed = this.options.db
      .transaction(() => {
        const avatars = this.statements.avatarsBefore.all({ userId, erasedAtIso });
        for (const avatar of avatars) this.outbox.cancelUploadsOf(avatar.id);
        const jobs = this.statements.finishedJobsBefore.all({ userId, erasedAtIso });
        this.statements.deleteAvatarsBefore.run({ userId, erasedAtIso });
        for (const job of jobs) this.statements.deleteJob.run(job.id);
        return { avatarIds: avatars.map((avatar) => avatar.id), jobIds: jobs.map((job) => job.id) };
      })
      .immediate();
    await this.removeFromDisk(removed);
    return removed.avatarIds.length;
  }

  /**
   * The avatar retention period (privacy.avatarRetentionDays): removes up to `limit` avatars of any
   * customer made before `cutoffIso`, with their files, the jobs that made them and failed jobs
   * from before then, and queues the deletion of this kiosk's objects of those avatars in the
   * bucket, in one transaction as `erase` does. The customer's newer avatars stay, and so do other
   * stores' objects (their own retention removes them). Call again until it removes nothing.
   */
  async eraseMadeBeforeForAll(cutoffIso: string, limit: number): Promise<Omit<ErasureResult, 'userId'>> {
    const removed = this.options.db
      .transaction(() => {
        const avatars = this.statements.oldestAvatarsBefore.all({ cutoffIso, limit });
        const deletes: NewDelete[] = [];
        const jobIds: string[] = [];
        for (const avatar of avatars) {
          deletes.push(...this.stopUploadsAndListDeletes(avatar.id, avatar.user_id));
          // Read before the avatar goes: its delete sets jobs.avatar_id to null.
          jobIds.push(...this.statements.jobsOfAvatar.all(avatar.id).map((job) => job.id));
          this.statements.deleteAvatar.run(avatar.id);
        }
        jobIds.push(...this.statements.failedJobsBefore.all({ cutoffIso, limit }).map((job) => job.id));
        for (const jobId of jobIds) this.statements.deleteJob.run(jobId);
        if (deletes.length > 0) this.outbox.enqueueDeletes(deletes);
        return { avatarIds: avatars.map((avatar) => avatar.id), jobIds, remoteDeletes: deletes.length };
      })
      .immediate();
    await this.removeFromDisk(removed);
    return { avatarsDeleted: removed.avatarIds.length, jobsDeleted: removed.jobIds.length, remoteDeletesQueued: removed.remoteDeletes };
  }

  async erase(userId: string): Promise<ErasureResult> {
    const { db } = this.options;
    const removed = db
      .transaction(() => {
        const busy = this.statements.busyJobs.get(userId)!.count;
        if (busy > 0) {
          throw new CustomerBusyError(`A scan of customer ${userId} is queued or running; erase the customer once it has finished`);
        }
        const avatars = this.statements.avatarsOf.all(userId);
        const deletes: NewDelete[] = [];
        for (const avatar of avatars) deletes.push(...this.stopUploadsAndListDeletes(avatar.id, userId));
        // Last, so that it runs after this kiosk's own deletes and uploads still in flight.
        deletes.push({ avatarId: null, userId, name: null, objectKey: userPrefix(userId) });
        this.outbox.enqueueDeletes(deletes);
        const jobs = this.statements.jobsOf.all(userId);
        this.statements.deleteAvatars.run(userId);
        this.statements.deleteJobs.run(userId);
        return { avatarIds: avatars.map((avatar) => avatar.id), jobIds: jobs.map((job) => job.id), remoteDeletes: deletes.length - 1 };
      })
      .immediate();
    await this.removeFromDisk(removed);
    return {
      userId,
      avatarsDeleted: removed.avatarIds.length,
      jobsDeleted: removed.jobIds.length,
      remoteDeletesQueued: removed.remoteDeletes,
    };
  }

  /** Cancels the avatar's uploads still queued, and lists the bucket deletes of its files (inside the erasing transaction). */
  private stopUploadsAndListDeletes(avatarId: string, userId: string): NewDelete[] {
    this.outbox.cancelUploadsOf(avatarId);
    return this.statements.artifactsOf.all(avatarId).map((artifact) => ({
      avatarId,
      userId,
      name: artifact.name,
      objectKey: artifact.object_key ?? objectKeyFor(userId, avatarId, artifact.name),
    }));
  }

  /**
   * After a removal has committed, what is left of it on disk. The deleted rows' bytes are
   * overwritten in the database file (secure_delete, db/connection.ts), but their earlier page
   * versions stay in the write-ahead log until it is checkpointed and truncated: done at once when
   * rows went, so erased rows leave the disk with the erasure. Then the avatars' and jobs' folders.
   */
  private async removeFromDisk(removed: { avatarIds: string[]; jobIds: string[] }): Promise<void> {
    if (removed.avatarIds.length + removed.jobIds.length > 0) this.options.db.pragma('wal_checkpoint(TRUNCATE)');
    await Promise.all([
      ...removed.avatarIds.map((id) => removeFolder(() => this.options.avatarFolder(id))),
      ...removed.jobIds.map((id) => removeFolder(() => this.options.uploadFolder(id))),
    ]);
  }
}

/** Removes a folder; a folder name the store refuses (not a UUID) has no folder to remove. */
async function removeFolder(folderOf: () => string): Promise<void> {
  let folder: string;
  try {
    folder = folderOf();
  } catch {
    return;
  }
  await rm(folder, { recursive: true, force: true });
}

function prepareStatements(db: Database.Database) {
  return {
    busyJobs: db.prepare<[string], { count: number }>(
      `SELECT COUNT(*) AS count FROM jobs WHERE user_id = ? AND status IN ('pending', 'processing')`,
    ),
    avatarsOf: db.prepare<[string], { id: string }>('SELECT id FROM avatars WHERE user_id = ? ORDER BY seq'),
    artifactsOf: db.prepare<[string], { name: string; object_key: string | null }>(
      'SELECT name, object_key FROM artifacts WHERE avatar_id = ? ORDER BY name',
    ),
    jobsOf: db.prepare<[string], { id: string }>('SELECT id FROM jobs WHERE user_id = ?'),
    // Artifacts go with their avatar (ON DELETE CASCADE).
    deleteAvatars: db.prepare<[string]>('DELETE FROM avatars WHERE user_id = ?'),
    deleteJobs: db.prepare<[string]>('DELETE FROM jobs WHERE user_id = ?'),
    // Timestamps are ISO 8601 in UTC with milliseconds throughout, so text order is time order.
    avatarsBefore: db.prepare<[{ userId: string; erasedAtIso: string }], { id: string }>(
      'SELECT id FROM avatars WHERE user_id = @userId AND created_at <= @erasedAtIso ORDER BY seq',
    ),
    deleteAvatarsBefore: db.prepare<[{ userId: string; erasedAtIso: string }]>(
      'DELETE FROM avatars WHERE user_id = @userId AND created_at <= @erasedAtIso',
    ),
    // The jobs that made those avatars, and failed attempts (their photos) from before the erasure.
    finishedJobsBefore: db.prepare<[{ userId: string; erasedAtIso: string }], { id: string }>(
      `SELECT id FROM jobs WHERE user_id = @userId AND (
         (status = 'failed' AND created_at <= @erasedAtIso)
         OR (status = 'completed' AND avatar_id IN (SELECT id FROM avatars WHERE user_id = @userId AND created_at <= @erasedAtIso))
       )`,
    ),
    deleteJob: db.prepare<[string]>('DELETE FROM jobs WHERE id = ?'),
    oldestAvatarsBefore: db.prepare<[{ cutoffIso: string; limit: number }], { id: string; user_id: string }>(
      'SELECT id, user_id FROM avatars WHERE created_at < @cutoffIso ORDER BY seq LIMIT @limit',
    ),
    jobsOfAvatar: db.prepare<[string], { id: string }>('SELECT id FROM jobs WHERE avatar_id = ?'),
    deleteAvatar: db.prepare<[string]>('DELETE FROM avatars WHERE id = ?'),
    failedJobsBefore: db.prepare<[{ cutoffIso: string; limit: number }], { id: string }>(
      `SELECT id FROM jobs WHERE status = 'failed' AND created_at < @cutoffIso ORDER BY created_at LIMIT @limit`,
    ),
  };
}
