import type Database from 'better-sqlite3';
import { AvatarRepository } from './avatars/avatar-repository.js';
import { JobQueue } from './jobs/job-queue.js';
import type { JobQueueOptions } from './jobs/types.js';
import { SyncOutbox } from './storage/sync/outbox-repository.js';

/**
 * The repositories of one database, wired together: the one place a repository is given its
 * collaborators (the service, the CLI's short commands and the tests all open them here). A
 * completed job stores its avatar, and a new avatar queues its files for upload, each in the same
 * transaction, so the three share one connection.
 */
export interface AvatarStores {
  outbox: SyncOutbox;
  avatars: AvatarRepository;
}

export interface Stores extends AvatarStores {
  queue: JobQueue;
}

export function openAvatarStores(db: Database.Database, options: { now?: () => number } = {}): AvatarStores {
  const outbox = new SyncOutbox(db, { now: options.now });
  return { outbox, avatars: new AvatarRepository(db, { now: options.now, uploads: outbox }) };
}

export function openStores(db: Database.Database, queueOptions: JobQueueOptions): Stores {
  const stores = openAvatarStores(db, { now: queueOptions.now });
  return { ...stores, queue: new JobQueue(db, queueOptions, stores.avatars) };
}
