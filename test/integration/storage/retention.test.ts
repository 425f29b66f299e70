import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RetentionSweeper } from '../../../src/main/privacy/retention.js';
import { makeQueueOptions } from '../../factories/jobs.js';
import { storeAvatar } from '../../factories/stored-avatars.js';
import { startSyncStack, type SyncStack } from '../../fixtures/sync/sync-stack.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { openAvatarStores, openStores } from '../../../src/main/stores.js';

const dayMs = 86_400_000;
const nowMs = Date.parse('2025-06-01T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

describe('photo retention', () => {
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

  it('deletes photos older than the retention period here and in the bucket, keeps the avatars and their other files, and keeps recent photos', async () => {
    const bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const old = storeAvatar(stack, { userId: 'retention', createdAt: iso(nowMs - 40 * dayMs) });
    const recent = storeAvatar(stack, { userId: 'retention', createdAt: iso(nowMs - 5 * dayMs) });
    await stack.sync.drain({ timeoutMs: 10_000 });
    expect(await server.list(bucket)).toHaveLength(10);

    // Photos as received: an old finished job, an old job still waiting, a recent finished job, orphans.
    const uploadsDir = join(stack.dataDir, 'uploads');
    const queue = openStores(stack.db, makeQueueOptions({ now: () => nowMs - 40 * dayMs })).queue;
    const folder = (id: string): string => {
      mkdirSync(join(uploadsDir, id), { recursive: true });
      writeFileSync(join(uploadsDir, id, 'source.jpg'), 'photo');
      return join(uploadsDir, id);
    };
    const oldFinished = queue.enqueue({ userId: 'retention', gender: 'neutral', inputImagePath: 'x' });
    queue.lease('test');
    queue.fail(oldFinished.id, 'test', { code: 'pipeline_failed', message: 'done', retry: false });
    const recentQueue = openStores(stack.db, makeQueueOptions({ now: () => nowMs - dayMs })).queue;
    const recentFinished = recentQueue.enqueue({ userId: 'retention', gender: 'neutral', inputImagePath: 'x' });
    recentQueue.lease('test');
    recentQueue.fail(recentFinished.id, 'test', { code: 'pipeline_failed', message: 'done', retry: false });
    const oldPending = queue.enqueue({ userId: 'retention', gender: 'neutral', inputImagePath: 'x' });
    const oldOrphan = folder('00000000-0000-4000-8000-000000000001');
    utimesSync(oldOrphan, new Date(nowMs - 60 * dayMs), new Date(nowMs - 60 * dayMs));
    const freshOrphan = folder('00000000-0000-4000-8000-000000000002');
    for (const job of [oldFinished, oldPending, recentFinished]) folder(job.id);

    const sweeper = new RetentionSweeper({
      db: stack.db,
      uploadsDir,
      settings: { sourceRetentionDays: 30, avatarRetentionDays: null, retentionSweepIntervalMs: 3_600_000 },
      ...openAvatarStores(stack.db, { now: () => nowMs }),
      log: stack.log,
      now: () => nowMs,
    });
    expect(await sweeper.sweep()).toEqual({ photosRemoved: 1, uploadFoldersRemoved: 2, avatarsRemoved: 0 });

    const oldPhoto = join(stack.dataDir, 'avatars', old.avatar.id, 'source.jpg');
    expect(existsSync(oldPhoto)).toBe(false);
    expect(stack.avatars.artifact(old.avatar.id, 'source.jpg')).toBeNull();
    expect(stack.avatars.get(old.avatar.id)).not.toBeNull();
    expect(stack.avatars.artifacts(old.avatar.id).map((artifact) => artifact.name)).toEqual([
      'avatar.json',
      'mesh.glb',
      'mesh.obj',
      'smplx_params.npz',
    ]);
    expect(existsSync(join(stack.dataDir, 'avatars', recent.avatar.id, 'source.jpg'))).toBe(true);
    expect(existsSync(join(uploadsDir, oldFinished.id))).toBe(false);
    expect(existsSync(oldOrphan)).toBe(false);
    for (const kept of [join(uploadsDir, oldPending.id), join(uploadsDir, recentFinished.id), freshOrphan])
      expect(existsSync(kept), kept).toBe(true);

    await stack.sync.drain({ timeoutMs: 10_000 });
    const keys = (await server.list(bucket)).map((object) => object.key);
    expect(keys).not.toContain(`avatars/retention/${old.avatar.id}/source.jpg`);
    expect(keys).toContain(`avatars/retention/${old.avatar.id}/mesh.obj`);
    expect(keys).toContain(`avatars/retention/${recent.avatar.id}/source.jpg`);
    expect(keys).toHaveLength(9);
    expect(await sweeper.sweep()).toEqual({ photosRemoved: 0, uploadFoldersRemoved: 0, avatarsRemoved: 0 });
  });

  it('deletes an expired photo that never reached the bucket without uploading it first', async () => {
    const bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const old = storeAvatar(stack, { userId: 'never-sent', createdAt: iso(nowMs - 40 * dayMs) });
    const sweeper = new RetentionSweeper({
      db: stack.db,
      uploadsDir: join(stack.dataDir, 'uploads'),
      settings: { sourceRetentionDays: 30, avatarRetentionDays: null, retentionSweepIntervalMs: 3_600_000 },
      ...openAvatarStores(stack.db, { now: () => nowMs }),
      log: stack.log,
      now: () => nowMs,
    });
    await sweeper.sweep();
    await stack.sync.drain({ timeoutMs: 10_000 });
    expect(server.completedPuts(bucket).has(`avatars/never-sent/${old.avatar.id}/source.jpg`)).toBe(false);
    expect(await server.list(bucket)).toHaveLength(4);
    expect(stack.avatars.get(old.avatar.id)!.syncState).toBe('synced');
  });

  it('marks an avatar synced when its expired photo was the only file still waiting for upload', async () => {
    const bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const old = storeAvatar(stack, { userId: 'last-file', createdAt: iso(nowMs - 40 * dayMs) });
    for (const name of ['avatar.json', 'mesh.glb', 'mesh.obj', 'smplx_params.npz'])
      stack.avatars.markArtifactSynced(old.avatar.id, name, `k/${name}`);
    expect(stack.avatars.get(old.avatar.id)!.syncState).toBe('pending');
    const sweeper = new RetentionSweeper({
      db: stack.db,
      uploadsDir: join(stack.dataDir, 'uploads'),
      settings: { sourceRetentionDays: 30, avatarRetentionDays: null, retentionSweepIntervalMs: 3_600_000 },
      ...openAvatarStores(stack.db, { now: () => nowMs }),
      log: stack.log,
      now: () => nowMs,
    });
    await sweeper.sweep();
    expect(stack.avatars.get(old.avatar.id)!.syncState).toBe('synced');
  });

  it('keeps every photo when the retention period is off', async () => {
    const bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const old = storeAvatar(stack, { userId: 'forever', createdAt: iso(nowMs - 4000 * dayMs) });
    const sweeper = new RetentionSweeper({
      db: stack.db,
      uploadsDir: join(stack.dataDir, 'uploads'),
      settings: { sourceRetentionDays: null, avatarRetentionDays: null, retentionSweepIntervalMs: 3_600_000 },
      ...openAvatarStores(stack.db, { now: () => nowMs }),
      log: stack.log,
      now: () => nowMs,
    });
    expect(await sweeper.sweep()).toEqual({ photosRemoved: 0, uploadFoldersRemoved: 0, avatarsRemoved: 0 });
    expect(stack.avatars.artifact(old.avatar.id, 'source.jpg')).not.toBeNull();
  });
});
