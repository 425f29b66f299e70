import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AvatarRepository } from '../../../src/main/avatars/avatar-repository.js';
import { CorruptRowError } from '../../../src/main/db/errors.js';
import {
  CompletionMismatchError,
  JobExistsError,
  JobNotFoundError,
  JobStateError,
  LeaseLostError,
  QueueFullError,
} from '../../../src/main/jobs/errors.js';
import { type JobQueue } from '../../../src/main/jobs/job-queue.js';
import { sourceWorkerFactory } from '../../../src/main/threads/worker-factory.js';
import type { Job, JobQueueOptions } from '../../../src/main/jobs/types.js';
import { makeArtifactRecord, makeArtifactRecords, makeNewAvatar } from '../../factories/avatars.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { makeClock, makeEnqueueInput, makeQueueOptions } from '../../factories/jobs.js';
import { openAvatarStores, openStores } from '../../../src/main/stores.js';

const leaseWorkerUrl = new URL('./lease-worker.ts', import.meta.url);

function startTsWorker(url: URL, workerData: unknown): Worker {
  return sourceWorkerFactory(url)({ workerData });
}

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const isoMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('JobQueue on a real SQLite file', () => {
  let temp: TempDatabase;
  let clock: ReturnType<typeof makeClock>;
  let queue: JobQueue;
  let avatars: AvatarRepository;

  const makeQueue = (overrides: Partial<JobQueueOptions> = {}): JobQueue =>
    openStores(temp.db, makeQueueOptions({ now: clock.now, ...overrides })).queue;

  /** A finished scan for the job, as the inference host builds it. */
  const scanFor = (job: Job, artifactNames?: string[]) => {
    const avatar = makeNewAvatar({ userId: job.userId, jobId: job.id, gender: job.gender });
    return { avatar, artifacts: makeArtifactRecords(avatar.id, artifactNames) };
  };

  beforeEach(() => {
    temp = makeTempDatabase();
    clock = makeClock();
    queue = makeQueue();
    avatars = openAvatarStores(temp.db).avatars;
  });
  afterEach(() => temp.cleanUp());

  describe('enqueue', () => {
    it('records a pending job with a v4 UUID that is also its rq_job_id', () => {
      const job = queue.enqueue(makeEnqueueInput({ userId: 'anna', gender: 'female', heightCm: 168.5, requestId: 'req-1' }));
      expect(job).toMatchObject({
        userId: 'anna',
        status: 'pending',
        gender: 'female',
        heightCm: 168.5,
        consent: true,
        sideImagePath: null,
        attempts: 0,
        maxAttempts: 3,
        leaseOwner: null,
        progressPercent: 0,
        stageTimings: [],
        requestId: 'req-1',
        avatarId: null,
        errorMessage: null,
        startedAt: null,
        completedAt: null,
        createdAt: '2025-03-01T09:00:00.000Z',
      });
      expect(job.id).toMatch(uuidV4);
      expect(job.rqJobId).toBe(job.id);
      expect(queue.get(job.id)).toEqual(job);
    });

    it('returns the job as it reads back from the file, whatever the input holds', () => {
      const inputs = [
        makeEnqueueInput(),
        makeEnqueueInput({ heightCm: null, consent: null, sideImagePath: null, requestId: null, shoes: null }),
        makeEnqueueInput({ consent: false, sideImagePath: '/data/side.jpg', clothing: 'dress', shoes: 'heels', heightCm: 158.25 }),
        makeEnqueueInput({ shoes: { soleCm: 2.5 }, framePaths: ['/f/1.jpg', '/f/2.jpg'], sideFramePaths: ['/s/1.jpg'] }),
        makeEnqueueInput({ shoes: { soleCm: 0 }, userId: 'émilie 😀', inputImagePath: '/data/ünïcode/😀.jpg' }),
      ];
      for (const input of inputs) {
        const job = queue.enqueue(input);
        expect(job).toEqual(queue.get(job.id));
        expect(Object.keys(job)).toEqual(Object.keys(queue.get(job.id)!));
      }
    });

    it('reads the row back where a value is not stored as given: NaN as NULL, a lone surrogate as U+FFFD, -0 as 0', () => {
      const inputs = [
        makeEnqueueInput({ heightCm: NaN }),
        makeEnqueueInput({ inputImagePath: '/data/\ud800.jpg', userId: 'x\udc00' }),
        makeEnqueueInput({ shoes: { soleCm: -0 } }),
      ];
      for (const input of inputs) {
        const job = queue.enqueue(input);
        expect(job).toEqual(queue.get(job.id));
      }
      expect(queue.list({ limit: 3 }).map((job) => [job.heightCm, job.inputImagePath.endsWith('\ufffd.jpg'), job.shoes])).toEqual([
        [172, false, { soleCm: 0 }],
        [172, true, null],
        [null, false, null],
      ]);
    });

    it('keeps an id chosen by the caller and refuses it twice', () => {
      const id = crypto.randomUUID();
      expect(queue.enqueue(makeEnqueueInput({ id })).id).toBe(id);
      expect(() => queue.enqueue(makeEnqueueInput({ id }))).toThrow(JobExistsError);
    });

    it('refuses a job with QueueFullError and retryAfterSeconds once maxPending jobs wait; running jobs do not count', () => {
      queue = makeQueue({ maxPending: 2, retryAfterSeconds: 7 });
      queue.enqueue(makeEnqueueInput());
      queue.enqueue(makeEnqueueInput());
      let error: unknown;
      try {
        queue.enqueue(makeEnqueueInput());
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(QueueFullError);
      expect(error).toMatchObject({ code: 'queue_full', retryAfterSeconds: 7, pending: 2, maxPending: 2 });
      expect(queue.pendingCount()).toBe(2);
      queue.lease('worker');
      expect(queue.enqueue(makeEnqueueInput()).status).toBe('pending');
    });
  });

  describe('lease', () => {
    it('hands out the oldest pending job first, as processing with a lease, and null when none waits', () => {
      const first = queue.enqueue(makeEnqueueInput());
      const second = queue.enqueue(makeEnqueueInput());
      const leased = queue.lease('worker-a')!;
      expect(leased).toMatchObject({
        id: first.id,
        status: 'processing',
        attempts: 1,
        leaseOwner: 'worker-a',
        leaseExpiresAtMs: clock.now() + 60_000,
        startedAt: '2025-03-01T09:00:00.000Z',
      });
      expect(queue.lease('worker-b')!.id).toBe(second.id);
      expect(queue.lease('worker-c')).toBeNull();
    });

    it('returns the job as the lease leaves it in the file, on a first attempt and on a retry', () => {
      const job = queue.enqueue(makeEnqueueInput({ shoes: { soleCm: 1 }, framePaths: ['/f/1.jpg'] }));
      const first = queue.lease('worker-a')!;
      expect(first).toEqual(queue.get(job.id));
      queue.reportProgress(job.id, 'worker-a', 'detect', 40, { stage: 'detect', durationMs: 12 });
      queue.fail(job.id, 'worker-a', { code: 'worker_crashed', message: 'crash', retry: true });
      clock.advance(1_000);
      const second = queue.lease('worker-b')!;
      expect(second).toEqual(queue.get(job.id));
      expect(second).toMatchObject({
        attempts: 2,
        leaseOwner: 'worker-b',
        startedAt: first.startedAt,
        progressStage: null,
        progressPercent: 0,
        stageTimings: [],
        errorCode: 'worker_crashed',
        updatedAt: '2025-03-01T09:00:01.000Z',
      });
      queue.enqueue(makeEnqueueInput());
      const odd = queue.lease('owner \ud800')!;
      expect(odd).toEqual(queue.get(odd.id));
      expect(odd.leaseOwner).toMatch(/^owner \ufffd+$/);
    });

    it('never hands the same job to two connections leasing at the same time', async () => {
      const count = 300;
      queue = makeQueue({ maxPending: 10_000 });
      for (let i = 0; i < count; i += 1) queue.enqueue(makeEnqueueInput());
      const barrier = new SharedArrayBuffer(12);
      const gate = new Int32Array(barrier);
      const workers = ['owner-1', 'owner-2'].map((owner) => startTsWorker(leaseWorkerUrl, { path: temp.path, owner, barrier }));
      const results = workers.map(
        (worker) =>
          new Promise<string[]>((resolve, reject) => {
            worker.once('message', (ids: string[]) => resolve(ids));
            worker.once('error', reject);
            worker.once('exit', (code) => reject(new Error(`lease worker exited with code ${code}`)));
          }),
      );
      const started = (async () => {
        while (Atomics.load(gate, 0) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      })();
      await Promise.race([started, Promise.all(results)]);
      Atomics.store(gate, 1, 1);
      Atomics.notify(gate, 1);
      const [a, b] = await Promise.all(results);
      await Promise.all(workers.map((worker) => worker.terminate()));
      const all = [...a!, ...b!];
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(count);
      // Both took part (otherwise the test proves nothing about concurrency).
      expect(a!.length).toBeGreaterThan(0);
      expect(b!.length).toBeGreaterThan(0);
      expect(queue.counts()).toEqual({ pending: 0, processing: count, completed: 0, failed: 0 });
      for (const id of a!.slice(0, 20)) expect(queue.get(id)!.leaseOwner).toBe('owner-1');
    }, 60_000);

    it('renews a lease only for its owner', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      clock.advance(30_000);
      expect(queue.renewLease(job.id, 'worker')).toBe(true);
      expect(queue.get(job.id)!.leaseExpiresAtMs).toBe(clock.now() + 60_000);
      expect(queue.renewLease(job.id, 'intruder')).toBe(false);
    });

    it('records progress and appends stage timings while the lease is held', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      expect(queue.reportProgress(job.id, 'worker', 'detect', 20, { stage: 'detect', durationMs: 120.5 })).toBe(true);
      expect(queue.reportProgress(job.id, 'worker', 'reconstruct', 45)).toBe(true);
      expect(queue.reportProgress(job.id, 'worker', 'reconstruct', 70, { stage: 'reconstruct', durationMs: 900 })).toBe(true);
      expect(queue.get(job.id)).toMatchObject({
        progressStage: 'reconstruct',
        progressPercent: 70,
        stageTimings: [
          { stage: 'detect', durationMs: 120.5 },
          { stage: 'reconstruct', durationMs: 900 },
        ],
      });
      expect(queue.reportProgress(job.id, 'intruder', 'measure', 90)).toBe(false);
      expect(() => queue.reportProgress(job.id, 'worker', 'measure', 101)).toThrow(RangeError);
    });
  });

  describe('complete', () => {
    it('stores the avatar and its artifacts and marks the job completed with its avatar', () => {
      const job = queue.enqueue(makeEnqueueInput({ userId: 'anna' }));
      queue.lease('worker');
      clock.advance(5_000);
      const scan = scanFor(job);
      queue.complete(job.id, 'worker', scan);
      const avatar = avatars.get(scan.avatar.id)!;
      expect(avatar).toMatchObject({ userId: 'anna', jobId: job.id, createdAt: '2025-03-01T09:00:05.000Z' });
      expect(avatars.artifacts(avatar.id)).toHaveLength(scan.artifacts.length);
      expect(queue.get(job.id)).toMatchObject({
        status: 'completed',
        avatarId: avatar.id,
        completedAt: '2025-03-01T09:00:05.000Z',
        leaseOwner: null,
        leaseExpiresAtMs: null,
        progressPercent: 100,
        pipeline: scan.avatar.provenance.pipeline,
        pipelineVersion: scan.avatar.provenance.pipelineVersion,
        errorMessage: null,
      });
      expect(queue.get(job.id)!.updatedAt).toMatch(isoMs);
    });

    it('writes nothing when the transaction fails midway (a duplicate artifact name), and the job stays leased', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      const scan = scanFor(job, ['mesh.obj']);
      scan.artifacts.push(makeArtifactRecord(scan.avatar.id, 'mesh.obj'));
      expect(() => queue.complete(job.id, 'worker', scan)).toThrow(/UNIQUE constraint failed: artifacts/);
      expect(avatars.get(scan.avatar.id)).toBeNull();
      expect(avatars.count()).toBe(0);
      expect(temp.db.prepare('SELECT COUNT(*) AS n FROM artifacts').get()).toEqual({ n: 0 });
      expect(queue.get(job.id)).toMatchObject({ status: 'processing', leaseOwner: 'worker', avatarId: null });
      // The same job can still complete once the result is right.
      const retried = scanFor(job);
      queue.complete(job.id, 'worker', retried);
      expect(avatars.get(retried.avatar.id)?.jobId).toBe(job.id);
    });

    it('refuses with LeaseLostError, writing nothing, when the job was recovered meanwhile', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker-a');
      clock.advance(61_000);
      expect(queue.recoverExpiredLeases()).toEqual({ requeued: 1, failed: 0 });
      queue.lease('worker-b');
      const scan = scanFor(job);
      expect(() => queue.complete(job.id, 'worker-a', scan)).toThrow(LeaseLostError);
      expect(() => queue.complete(job.id, 'worker-a', scan)).toThrow(/leased by worker-b/);
      expect(avatars.count()).toBe(0);
      expect(queue.get(job.id)).toMatchObject({ status: 'processing', leaseOwner: 'worker-b' });
    });

    it("refuses another customer's avatar or another job's", () => {
      const job = queue.enqueue(makeEnqueueInput({ userId: 'anna' }));
      queue.lease('worker');
      expect(() => queue.complete(job.id, 'worker', { avatar: makeNewAvatar({ userId: 'bert' }), artifacts: [] })).toThrow(
        CompletionMismatchError,
      );
      expect(() => queue.complete(job.id, 'worker', { avatar: makeNewAvatar({ userId: 'anna', jobId: 'other' }), artifacts: [] })).toThrow(
        CompletionMismatchError,
      );
      expect(avatars.count()).toBe(0);
    });

    it('answers JobNotFoundError for an unknown job', () => {
      expect(() => queue.complete('nope', 'worker', { avatar: makeNewAvatar(), artifacts: [] })).toThrow(JobNotFoundError);
    });
  });

  describe('fail', () => {
    it('puts a retryable failure back in the queue with the error kept as its last error', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      const failed = queue.fail(job.id, 'worker', { code: 'pipeline_failed', message: 'boom', retry: true });
      expect(failed).toMatchObject({
        status: 'pending',
        attempts: 1,
        errorCode: 'pipeline_failed',
        errorMessage: 'boom',
        leaseOwner: null,
        completedAt: null,
      });
    });

    it('fails a job for good without retry, with code, message and completion time', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      const failed = queue.fail(job.id, 'worker', { code: 'no_person', message: 'No person detected in the photo', retry: false });
      expect(failed).toMatchObject({
        status: 'failed',
        errorCode: 'no_person',
        errorMessage: 'No person detected in the photo',
        completedAt: '2025-03-01T09:00:00.000Z',
      });
    });

    it('fails a retryable failure for good on the last attempt', () => {
      queue = makeQueue({ maxAttempts: 2 });
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      expect(queue.fail(job.id, 'worker', { code: 'worker_crashed', message: 'crash 1', retry: true }).status).toBe('pending');
      queue.lease('worker');
      expect(queue.fail(job.id, 'worker', { code: 'worker_crashed', message: 'crash 2', retry: true })).toMatchObject({
        status: 'failed',
        attempts: 2,
        errorCode: 'worker_crashed',
        errorMessage: 'crash 2',
      });
    });

    it('refuses with LeaseLostError when the caller no longer holds the lease', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      expect(() => queue.fail(job.id, 'intruder', { code: 'pipeline_failed', message: 'x', retry: false })).toThrow(LeaseLostError);
      expect(() => queue.fail('nope', 'worker', { code: 'pipeline_failed', message: 'x', retry: false })).toThrow(JobNotFoundError);
      expect(queue.get(job.id)!.status).toBe('processing');
    });
  });

  describe('recovery', () => {
    it('requeues a job whose lease expired, and not before', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      clock.advance(59_999);
      expect(queue.recoverExpiredLeases()).toEqual({ requeued: 0, failed: 0 });
      clock.advance(1);
      expect(queue.recoverExpiredLeases()).toEqual({ requeued: 1, failed: 0 });
      expect(queue.get(job.id)).toMatchObject({ status: 'pending', attempts: 1, leaseOwner: null, errorCode: 'job_abandoned' });
    });

    it("fails with 'attempts_exhausted' a job abandoned on its last attempt, saying how many attempts", () => {
      queue = makeQueue({ maxAttempts: 2 });
      const job = queue.enqueue(makeEnqueueInput());
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        expect(queue.lease('worker')!.attempts).toBe(attempt);
        clock.advance(60_000);
        queue.recoverExpiredLeases();
      }
      const failed = queue.get(job.id)!;
      expect(failed).toMatchObject({ status: 'failed', errorCode: 'attempts_exhausted', completedAt: '2025-03-01T09:02:00.000Z' });
      expect(failed.errorMessage).toMatch(/Abandoned after 2 attempts/);
    });

    it('recovers expired leases when leasing, so an abandoned job is taken again', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('dead-worker');
      expect(queue.lease('worker')).toBeNull();
      clock.advance(60_000);
      expect(queue.lease('worker')).toMatchObject({ id: job.id, attempts: 2, leaseOwner: 'worker' });
    });

    it('does not let a poison job that always kills its worker block the jobs behind it', () => {
      queue = makeQueue({ maxAttempts: 3 });
      const poison = queue.enqueue(makeEnqueueInput({ userId: 'poison' }));
      const good = [queue.enqueue(makeEnqueueInput()), queue.enqueue(makeEnqueueInput())];
      const done: string[] = [];
      for (let round = 0; round < 20; round += 1) {
        const job = queue.lease(`worker-${round}`);
        if (!job) break;
        if (job.userId === 'poison')
          clock.advance(60_000); // the worker dies; nobody renews or ends the lease
        else {
          const scan = scanFor(job);
          queue.complete(job.id, `worker-${round}`, scan);
          done.push(avatars.get(scan.avatar.id)!.jobId!);
        }
      }
      expect(done).toEqual(good.map((job) => job.id));
      expect(queue.get(poison.id)).toMatchObject({ status: 'failed', errorCode: 'attempts_exhausted', attempts: 3 });
      expect(queue.counts()).toEqual({ pending: 0, processing: 0, completed: 2, failed: 1 });
    });

    it('at start-up takes back every processing job whatever its lease, with the same attempts rule', () => {
      queue = makeQueue({ maxAttempts: 2 });
      const fresh = queue.enqueue(makeEnqueueInput());
      const last = queue.enqueue(makeEnqueueInput());
      queue.lease('old-process');
      queue.fail(queue.lease('old-process')!.id, 'old-process', { code: 'pipeline_failed', message: 'first try failed', retry: true });
      queue.lease('old-process'); // `last` on its second attempt
      expect(queue.counts().processing).toBe(2);
      expect(queue.recoverAllProcessing()).toEqual({ requeued: 1, failed: 1 });
      expect(queue.get(fresh.id)).toMatchObject({ status: 'pending', attempts: 1 });
      const failed = queue.get(last.id)!;
      expect(failed).toMatchObject({ status: 'failed', errorCode: 'attempts_exhausted' });
      expect(failed.errorMessage).toMatch(/service stopped.*Last error: first try failed/);
    });
  });

  describe('retry', () => {
    it('puts a failed job back in the queue with its attempts reset', () => {
      const job = queue.enqueue(makeEnqueueInput());
      queue.lease('worker');
      queue.reportProgress(job.id, 'worker', 'detect', 30, { stage: 'detect', durationMs: 5 });
      queue.fail(job.id, 'worker', { code: 'no_person', message: 'No person', retry: false });
      expect(queue.retry(job.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        completedAt: null,
        progressPercent: 0,
        stageTimings: [],
      });
      expect(queue.lease('worker')!.id).toBe(job.id);
    });

    it('refuses a job that has not failed, and an unknown one', () => {
      const job = queue.enqueue(makeEnqueueInput());
      expect(() => queue.retry(job.id)).toThrow(JobStateError);
      expect(() => queue.retry(job.id)).toThrow(/is pending/);
      expect(() => queue.retry('nope')).toThrow(JobNotFoundError);
    });
  });

  describe('reading', () => {
    it('lists newest first, filtered by status and customer, within a limit, and counts by status', () => {
      const a1 = queue.enqueue(makeEnqueueInput({ userId: 'anna' }));
      clock.advance(10);
      const b1 = queue.enqueue(makeEnqueueInput({ userId: 'bert' }));
      clock.advance(10);
      const a2 = queue.enqueue(makeEnqueueInput({ userId: 'anna' }));
      queue.lease('worker');
      expect(queue.list().map((job) => job.id)).toEqual([a2.id, b1.id, a1.id]);
      expect(queue.list({ userId: 'anna' }).map((job) => job.id)).toEqual([a2.id, a1.id]);
      expect(queue.list({ status: 'pending' }).map((job) => job.id)).toEqual([a2.id, b1.id]);
      expect(queue.list({ status: 'processing', userId: 'anna' }).map((job) => job.id)).toEqual([a1.id]);
      expect(queue.list({ limit: 1 }).map((job) => job.id)).toEqual([a2.id]);
      expect(() => queue.list({ limit: 0 })).toThrow(RangeError);
      expect(queue.counts()).toEqual({ pending: 2, processing: 1, completed: 0, failed: 0 });
      expect(queue.pendingCount()).toBe(2);
      expect(queue.get('nope')).toBeNull();
    });

    it('reports a corrupt row with the table, the job id and the field', () => {
      const job = queue.enqueue(makeEnqueueInput());
      temp.db.prepare("UPDATE jobs SET created_at = 'last tuesday' WHERE id = ?").run(job.id);
      expect(() => queue.get(job.id)).toThrow(CorruptRowError);
      expect(() => queue.get(job.id)).toThrow(new RegExp(`jobs \\(id ${job.id}\\).*created_at`));
    });
  });

  it('refuses settings that are not positive integers', () => {
    expect(() => makeQueue({ leaseMs: 0 })).toThrow(/leaseMs/);
  });
});
