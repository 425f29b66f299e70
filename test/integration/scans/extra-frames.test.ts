import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../../src/main/jobs/job-queue.js';
import type { Job } from '../../../src/main/jobs/types.js';
import { createLogger } from '../../../src/main/logging.js';
import { CustomerErasure } from '../../../src/main/privacy/customer-erasure.js';
import { RetentionSweeper } from '../../../src/main/privacy/retention.js';
import { ExtraFramePruner } from '../../../src/main/scans/extra-frames.js';
import { openStores } from '../../../src/main/stores.js';
import { makeArtifactRecords, makeNewAvatar } from '../../factories/avatars.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { makeEnqueueInput, makeQueueOptions } from '../../factories/jobs.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const quietLog = { info: () => undefined, warn: () => undefined };

describe('extra frames of a burst end with their job (real SQLite, real files)', () => {
  let temp: TempDatabase;
  let dir: ReturnType<typeof makeTempDir>;
  let queue: JobQueue;

  beforeEach(() => {
    temp = makeTempDatabase();
    dir = makeTempDir('perfit-frames-');
    queue = openStores(temp.db, makeQueueOptions({ maxAttempts: 1 })).queue;
  });
  afterEach(() => {
    temp.cleanUp();
    dir.remove();
  });

  /** A job whose upload folder holds its first frame per view and `extra` more of each. */
  const enqueueBurst = (extra: number): Job => {
    const id = crypto.randomUUID();
    const folder = join(dir.path, id);
    mkdirSync(folder);
    const file = (name: string): string => {
      const path = join(folder, name);
      writeFileSync(path, name);
      return path;
    };
    return queue.enqueue(
      makeEnqueueInput({
        id,
        userId: 'burst-customer',
        inputImagePath: file('source.jpg'),
        sideImagePath: file('side.jpg'),
        framePaths: Array.from({ length: extra }, (_, index) => file(`source-${index + 2}.jpg`)),
        sideFramePaths: Array.from({ length: extra }, (_, index) => file(`side-${index + 2}.jpg`)),
      }),
    );
  };
  const complete = (job: Job): void => {
    expect(queue.lease('worker')?.id).toBe(job.id);
    const avatar = makeNewAvatar({ userId: job.userId, jobId: job.id });
    queue.complete(job.id, 'worker', { avatar, artifacts: makeArtifactRecords(avatar.id) });
  };

  it('stores and reads back the frame paths of a job in order', () => {
    const job = enqueueBurst(3);
    expect(queue.get(job.id)!.framePaths.map((path) => path.split('/').pop())).toEqual(['source-2.jpg', 'source-3.jpg', 'source-4.jpg']);
    expect(queue.get(job.id)!.sideFramePaths).toHaveLength(3);
  });

  it("deletes a completed job's extra frames, keeps each view's first frame, and empties the job's lists", async () => {
    const job = enqueueBurst(2);
    complete(job);
    const removed = await new ExtraFramePruner({ queue, keepAllFrames: false, log: quietLog }).prune();
    expect(removed).toBe(4);
    for (const path of [...job.framePaths, ...job.sideFramePaths]) expect(existsSync(path), path).toBe(false);
    expect(existsSync(job.inputImagePath)).toBe(true);
    expect(existsSync(job.sideImagePath!)).toBe(true);
    expect(queue.get(job.id)).toMatchObject({ status: 'completed', framePaths: [], sideFramePaths: [] });
  });

  it('deletes the frames of a job failed for good, so a retry runs on the first frames alone', async () => {
    const job = enqueueBurst(1);
    queue.lease('worker');
    queue.fail(job.id, 'worker', { code: 'no_person', message: 'nobody', retry: false });
    await new ExtraFramePruner({ queue, keepAllFrames: false, log: quietLog }).prune();
    expect(existsSync(job.framePaths[0]!)).toBe(false);
    const retried = queue.retry(job.id);
    expect(retried).toMatchObject({ status: 'pending', framePaths: [], sideFramePaths: [] });
    expect(existsSync(retried.inputImagePath)).toBe(true);
  });

  it('leaves the frames of jobs still queued or running, and of a failed attempt that will be retried', async () => {
    queue = openStores(temp.db, makeQueueOptions({ maxAttempts: 3 })).queue;
    const pending = enqueueBurst(1);
    const pruner = new ExtraFramePruner({ queue, keepAllFrames: false, log: quietLog });
    expect(await pruner.prune()).toBe(0);
    queue.lease('worker');
    expect(await pruner.prune()).toBe(0);
    expect(queue.fail(pending.id, 'worker', { code: 'pipeline_failed', message: 'crash', retry: true }).status).toBe('pending');
    expect(await pruner.prune()).toBe(0);
    expect(queue.get(pending.id)!.framePaths).toEqual(pending.framePaths);
    expect(existsSync(pending.framePaths[0]!)).toBe(true);
  });

  it('keeps every frame with privacy.keepAllFrames (the upload folder retention removes them later)', async () => {
    const job = enqueueBurst(2);
    complete(job);
    expect(await new ExtraFramePruner({ queue, keepAllFrames: true, log: quietLog }).prune()).toBe(0);
    for (const path of job.framePaths) expect(existsSync(path)).toBe(true);
    expect(queue.get(job.id)!.framePaths).toEqual(job.framePaths);
  });

  describe('frames kept with privacy.keepAllFrames', () => {
    const keptBurst = async (): Promise<Job> => {
      const job = enqueueBurst(2);
      complete(job);
      await new ExtraFramePruner({ queue, keepAllFrames: true, log: quietLog }).prune();
      return job;
    };

    it("go with the job's upload folder when the customer is erased", async () => {
      const job = await keptBurst();
      const { outbox } = openStores(temp.db, makeQueueOptions());
      const erasure = new CustomerErasure({
        db: temp.db,
        avatarFolder: (id) => join(dir.path, 'avatars', id),
        uploadFolder: (id) => join(dir.path, id),
        outbox,
      });
      expect((await erasure.erase('burst-customer')).jobsDeleted).toBe(1);
      for (const path of [job.inputImagePath, ...job.framePaths, ...job.sideFramePaths]) expect(existsSync(path), path).toBe(false);
    });

    it('go with the upload folder once the photo retention period has passed', async () => {
      const job = await keptBurst();
      const { outbox, avatars } = openStores(temp.db, makeQueueOptions());
      const sweeper = new RetentionSweeper({
        db: temp.db,
        uploadsDir: dir.path,
        settings: { sourceRetentionDays: 30, avatarRetentionDays: null, retentionSweepIntervalMs: 3_600_000 },
        outbox,
        avatars,
        log: createLogger({ level: 'silent' }),
        now: () => Date.parse(job.createdAt) + 31 * 86_400_000,
      });
      expect((await sweeper.sweep()).uploadFoldersRemoved).toBe(1);
      for (const path of [...job.framePaths, ...job.sideFramePaths]) expect(existsSync(path), path).toBe(false);
    });
  });
});
