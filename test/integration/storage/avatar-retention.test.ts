import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CustomerErasure } from '../../../src/main/privacy/customer-erasure.js';
import { RetentionSweeper } from '../../../src/main/privacy/retention.js';
import { UploadStore } from '../../../src/main/storage/uploads.js';
import { makeQueueOptions } from '../../factories/jobs.js';
import { storeAvatar } from '../../factories/stored-avatars.js';
import { startSyncStack, type SyncStack } from '../../fixtures/sync/sync-stack.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { openAvatarStores, openStores } from '../../../src/main/stores.js';

const dayMs = 86_400_000;
const nowMs = Date.parse('2025-06-01T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

describe('avatar retention', () => {
  let server: TestS3Server;
  let stack: SyncStack | null = null;
  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterEach(async () => {
    await stack?.close();
    stack = null;
  });
  afterAll(async () => server?.close());

  const sweeperFor = (current: SyncStack, avatarRetentionDays: number | null) => {
    const uploads = new UploadStore(join(current.dataDir, 'uploads'));
    const stores = openAvatarStores(current.db, { now: () => nowMs });
    const erasure = new CustomerErasure({
      db: current.db,
      avatarFolder: (id) => current.artifacts.folderOf(id),
      uploadFolder: (id) => uploads.folderOf(id),
      outbox: stores.outbox,
    });
    return new RetentionSweeper({
      db: current.db,
      uploadsDir: uploads.rootDir,
      settings: { sourceRetentionDays: null, avatarRetentionDays, retentionSweepIntervalMs: 3_600_000 },
      erasure,
      ...stores,
      log: current.log,
      now: () => nowMs,
    });
  };

  it('erases avatars older than the period here and in the bucket, with their jobs, and keeps newer ones', async () => {
    const bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const old = storeAvatar(stack, { userId: 'regular', createdAt: iso(nowMs - 400 * dayMs) });
    const recent = storeAvatar(stack, { userId: 'regular', createdAt: iso(nowMs - 10 * dayMs) });
    await stack.sync.drain({ timeoutMs: 10_000 });
    expect(await server.list(bucket)).toHaveLength(10);
    // An old avatar that never reached the bucket must not be uploaded after its erasure.
    const oldUnsent = storeAvatar(stack, { userId: 'offline', createdAt: iso(nowMs - 500 * dayMs) });

    const oldQueue = openStores(stack.db, makeQueueOptions({ now: () => nowMs - 400 * dayMs })).queue;
    const oldFailed = oldQueue.enqueue({ userId: 'regular', gender: 'neutral', inputImagePath: 'x' });
    oldQueue.lease('test');
    oldQueue.fail(oldFailed.id, 'test', { code: 'pipeline_failed', message: 'failed', retry: false });
    const madeOld = oldQueue.enqueue({ userId: 'regular', gender: 'neutral', inputImagePath: 'x' });
    // The job that made the old avatar (a real completion needs a whole scan; the link is what counts).
    stack.db.prepare(`UPDATE jobs SET status = 'completed', avatar_id = ? WHERE id = ?`).run(old.avatar.id, madeOld.id);
    const recentQueue = openStores(stack.db, makeQueueOptions({ now: () => nowMs - dayMs })).queue;
    const recentFailed = recentQueue.enqueue({ userId: 'regular', gender: 'neutral', inputImagePath: 'x' });
    recentQueue.lease('test');
    recentQueue.fail(recentFailed.id, 'test', { code: 'pipeline_failed', message: 'failed', retry: false });

    const sweeper = sweeperFor(stack, 365);
    expect(await sweeper.sweep()).toEqual({ photosRemoved: 0, uploadFoldersRemoved: 0, avatarsRemoved: 2 });

    for (const gone of [old, oldUnsent]) {
      expect(stack.avatars.get(gone.avatar.id)).toBeNull();
      expect(existsSync(join(stack.dataDir, 'avatars', gone.avatar.id))).toBe(false);
    }
    expect(stack.avatars.get(recent.avatar.id)).not.toBeNull();
    const queue = openStores(stack.db, makeQueueOptions()).queue;
    expect(queue.get(oldFailed.id)).toBeNull();
    expect(queue.get(madeOld.id)).toBeNull();
    expect(queue.get(recentFailed.id)).not.toBeNull();
    expect(stack.logLines.some((line) => line['msg'] === 'erased avatars past the retention period')).toBe(true);

    await stack.sync.drain({ timeoutMs: 10_000 });
    const keys = (await server.list(bucket)).map((object) => object.key).sort();
    expect(keys).toEqual([...recent.files.keys()].map((name) => `avatars/regular/${recent.avatar.id}/${name}`).sort());
    expect([...server.completedPuts(bucket)].some((key) => key.includes(oldUnsent.avatar.id))).toBe(false);
    expect(await sweeper.sweep()).toEqual({ photosRemoved: 0, uploadFoldersRemoved: 0, avatarsRemoved: 0 });
  });

  it('erases more avatars than one batch in one sweep', async () => {
    const bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    for (let index = 0; index < 205; index += 1)
      storeAvatar(stack, { userId: `u${index}`, createdAt: iso(nowMs - 40 * dayMs), photoBytes: 64 });
    expect((await sweeperFor(stack, 30).sweep()).avatarsRemoved).toBe(205);
    expect(stack.db.prepare('SELECT COUNT(*) AS count FROM avatars').get()).toEqual({ count: 0 });
  });

  it('keeps every avatar when the period is off (the default)', async () => {
    const bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const old = storeAvatar(stack, { userId: 'forever', createdAt: iso(nowMs - 4000 * dayMs) });
    expect((await sweeperFor(stack, null).sweep()).avatarsRemoved).toBe(0);
    expect(stack.avatars.get(old.avatar.id)).not.toBeNull();
  });
});
