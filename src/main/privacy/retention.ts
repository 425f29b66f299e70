import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AvatarRepository } from '../avatars/avatar-repository.js';
import type { Config } from '../config.js';
import { toIsoTimestamp } from '../db/row-parsing.js';
import { objectKeyFor } from '../storage/sync/object-keys.js';
import type { SyncOutbox } from '../storage/sync/outbox-repository.js';
import type { CustomerErasure } from './customer-erasure.js';

/** The retention settings of `privacy` (keepAllFrames is the inference host's: frames end with their job). */
export type PrivacySettings = Pick<Config['privacy'], 'sourceRetentionDays' | 'avatarRetentionDays' | 'retentionSweepIntervalMs'>;

export interface RetentionOptions {
  db: Database.Database;
  /** The uploads folder (UploadStore.rootDir): photos as received, one folder per job. */
  uploadsDir: string;
  settings: PrivacySettings;
  /** Erases avatars past privacy.avatarRetentionDays; required when that is set. */
  erasure?: Pick<CustomerErasure, 'eraseMadeBeforeForAll'>;
  /** Where the bucket deletes of expired photos are queued. */
  outbox: SyncOutbox;
  avatars: AvatarRepository;
  log: Logger;
  now?: () => number;
}

export interface SweepResult {
  /** `source.*` / `side.*` files removed from avatars (and queued for deletion in the bucket). */
  photosRemoved: number;
  /** Job upload folders removed. */
  uploadFoldersRemoved: number;
  /** Avatars (with all their files and jobs) erased past privacy.avatarRetentionDays. */
  avatarsRemoved: number;
}

const jobFolderPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const batchSize = 200;

/**
 * The retention periods. Photos (privacy.sourceRetentionDays): photos of avatars older than it are
 * deleted here and, through the outbox, in the bucket; the avatars, meshes and measurements stay.
 * Avatars (privacy.avatarRetentionDays, off by default): avatars older than it are erased whole,
 * with the semantics of a customer erasure (CustomerErasure.eraseMadeBeforeForAll).
 * The photos as received (the jobs' upload folders) go once their job has finished and is older
 * than the period. Each photo's row removal and its bucket delete are one transaction; the file
 * goes after the commit.
 */
export class RetentionSweeper {
  private readonly now: () => number;
  private readonly outbox: SyncOutbox;
  private readonly avatars: AvatarRepository;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private running: Promise<SweepResult> | null = null;

  constructor(private readonly options: RetentionOptions) {
    this.now = options.now ?? Date.now;
    this.outbox = options.outbox;
    this.avatars = options.avatars;
    this.statements = prepareStatements(options.db);
    if (options.settings.avatarRetentionDays !== null && !options.erasure) {
      throw new Error('privacy.avatarRetentionDays is set but the retention sweeper was given no erasure');
    }
  }

  get retentionDays(): number | null {
    return this.options.settings.sourceRetentionDays;
  }

  get avatarRetentionDays(): number | null {
    return this.options.settings.avatarRetentionDays;
  }

  start(): void {
    if ((this.retentionDays === null && this.avatarRetentionDays === null) || this.started) return;
    this.started = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sweep()
        .catch((error: unknown) => this.options.log.error({ err: error }, 'retention sweep failed'))
        .finally(() => {
          if (this.started) this.schedule(this.options.settings.retentionSweepIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Removes what is older than the retention period now; a sweep in progress is joined. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<SweepResult> {
    const result: SweepResult = { photosRemoved: 0, uploadFoldersRemoved: 0, avatarsRemoved: 0 };
    result.avatarsRemoved = await this.sweepAvatars();
    const days = this.retentionDays;
    if (days === null) return result;
    const cutoffMs = this.now() - days * 86_400_000;
    const cutoffIso = toIsoTimestamp(cutoffMs);

    for (;;) {
      const photos = this.statements.expiredPhotos.all({ cutoffIso, limit: batchSize });
      if (photos.length === 0) break;
      this.options.db
        .transaction(() => {
          for (const photo of photos) {
            this.statements.deleteArtifact.run({ avatarId: photo.avatar_id, name: photo.name });
          }
          this.outbox.enqueueDeletes(
            photos.map((photo) => ({
              avatarId: photo.avatar_id,
              userId: photo.user_id,
              name: photo.name,
              objectKey: photo.object_key ?? objectKeyFor(photo.user_id, photo.avatar_id, photo.name),
            })),
          );
          // A photo that was the avatar's last file waiting for upload no longer holds it back.
          for (const avatarId of new Set(photos.map((photo) => photo.avatar_id))) this.avatars.refreshSyncState(avatarId, this.now());
        })
        .immediate();
      await Promise.all(photos.map((photo) => rm(photo.local_path, { force: true })));
      result.photosRemoved += photos.length;
      if (photos.length < batchSize) break;
    }

    result.uploadFoldersRemoved = await this.sweepUploads(cutoffMs);
    if (result.photosRemoved + result.uploadFoldersRemoved > 0) {
      this.options.log.info(
        {
          photos_removed: result.photosRemoved,
          upload_folders_removed: result.uploadFoldersRemoved,
          avatars_removed: result.avatarsRemoved,
          retention_days: days,
        },
        'removed customer photos past the retention period',
      );
    }
    return result;
  }

  private async sweepAvatars(): Promise<number> {
    const days = this.avatarRetentionDays;
    if (days === null || !this.options.erasure) return 0;
    const cutoffIso = toIsoTimestamp(this.now() - days * 86_400_000);
    let avatarsRemoved = 0;
    let jobsRemoved = 0;
    // Every round removes at least one row older than the cutoff, so this ends.
    for (;;) {
      const round = await this.options.erasure.eraseMadeBeforeForAll(cutoffIso, batchSize);
      avatarsRemoved += round.avatarsDeleted;
      jobsRemoved += round.jobsDeleted;
      if (round.avatarsDeleted + round.jobsDeleted === 0) break;
    }
    if (avatarsRemoved + jobsRemoved > 0) {
      this.options.log.info(
        { avatars_removed: avatarsRemoved, jobs_removed: jobsRemoved, avatar_retention_days: days },
        'erased avatars past the retention period',
      );
    }
    return avatarsRemoved;
  }

  private async sweepUploads(cutoffMs: number): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.options.uploadsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names.filter((candidate) => jobFolderPattern.test(candidate))) {
      const job = this.statements.job.get(name);
      const folder = join(this.options.uploadsDir, name);
      let expired: boolean;
      if (job) {
        expired = (job.status === 'completed' || job.status === 'failed') && Date.parse(job.created_at) < cutoffMs;
      } else {
        // No job (it was never created, or erased): the folder's own age decides.
        expired = await stat(folder).then(
          (info) => info.mtimeMs < cutoffMs,
          () => false,
        );
      }
      if (!expired) continue;
      await rm(folder, { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }
}

function prepareStatements(db: Database.Database) {
  return {
    expiredPhotos: db.prepare<
      [{ cutoffIso: string; limit: number }],
      { avatar_id: string; user_id: string; name: string; local_path: string; object_key: string | null }
    >(
      `SELECT ar.avatar_id, av.user_id, ar.name, ar.local_path, ar.object_key
       FROM artifacts ar JOIN avatars av ON av.id = ar.avatar_id
       -- Photos of the customer (source.{ext}, side.{ext}); the avatar's other files are kept.
       WHERE av.created_at < @cutoffIso AND (ar.name LIKE 'source.%' OR ar.name LIKE 'side.%')
       ORDER BY av.seq LIMIT @limit`,
    ),
    deleteArtifact: db.prepare<[{ avatarId: string; name: string }]>('DELETE FROM artifacts WHERE avatar_id = @avatarId AND name = @name'),
    job: db.prepare<[string], { status: string; created_at: string }>('SELECT status, created_at FROM jobs WHERE id = ?'),
  };
}
