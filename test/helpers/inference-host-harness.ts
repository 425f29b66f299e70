import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { type AvatarRepository } from '../../src/main/avatars/avatar-repository.js';
import { openDatabase } from '../../src/main/db/connection.js';
import { InferenceHost } from '../../src/main/inference/inference-host.js';
import { type JobQueue } from '../../src/main/jobs/job-queue.js';
import type { Gender, Job } from '../../src/main/jobs/types.js';
import type { ClothingClass, Shoes } from '../../src/main/scans/capture-conditions.js';
import { ArtifactStore } from '../../src/main/storage/artifact-store.js';
import { sourceWorkerFactory } from '../../src/main/threads/worker-factory.js';
import { makeTempDir } from './temp-dir.js';
import { openAvatarStores, openStores } from '../../src/main/stores.js';

const workerUrl = new URL('../../src/main/inference/worker.ts', import.meta.url);

type HostOptions = ConstructorParameters<typeof InferenceHost>[0];

/**
 * A real inference host for each test: the worker thread from the sources, a SQLite file, the
 * queue and the avatar repository in a temporary folder; the host is stopped and the folder
 * removed after each test. Read the fields inside tests (they are replaced before each one).
 */
export interface InferenceHostHarness {
  readonly dir: string;
  readonly db: Database.Database;
  readonly queue: JobQueue;
  readonly avatars: AvatarRepository;
  start(init: HostOptions['init'], options?: Partial<Omit<HostOptions, 'queue' | 'artifacts' | 'init'>>): InferenceHost;
  /** A photo saved as the job's upload, then the job enqueued for `customer-1`. */
  /** `frames`: a burst's extra front frames after `photo` (multi-frame capture); `side`: a side photo. */
  enqueuePhoto(photo: Uint8Array, options?: EnqueuePhotoOptions): Promise<Job>;
  /** For waitFor: the job once it is completed or failed. */
  finished(id: string): () => Job | undefined;
}

export interface EnqueuePhotoOptions {
  heightCm?: number | null;
  gender?: Gender;
  frames?: readonly Uint8Array[];
  side?: Uint8Array;
  clothing?: ClothingClass;
  shoes?: Shoes | null;
}

export function useInferenceHostHarness(options: { prefix: string; leaseMs: number }): InferenceHostHarness {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  let db: Database.Database | null = null;
  let queue: JobQueue | null = null;
  let avatars: AvatarRepository | null = null;
  let host: InferenceHost | null = null;
  const need = <T>(value: T | null): T => {
    if (value === null) throw new Error('the inference host harness is used outside a test');
    return value;
  };

  beforeEach(() => {
    dir = makeTempDir(options.prefix);
    db = openDatabase(join(dir.path, 'perfit.sqlite'));
    queue = openStores(db, { maxPending: 50, maxAttempts: 2, leaseMs: options.leaseMs, retryAfterSeconds: 5 }).queue;
    avatars = openAvatarStores(db).avatars;
  });

  afterEach(async () => {
    await host?.stop(1_000);
    host = null;
    db?.close();
    dir?.remove();
  });

  return {
    get dir() {
      return need(dir).path;
    },
    get db() {
      return need(db);
    },
    get queue() {
      return need(queue);
    },
    get avatars() {
      return need(avatars);
    },
    start(init, hostOptions = {}) {
      host = new InferenceHost({
        queue: need(queue),
        artifacts: new ArtifactStore(join(need(dir).path, 'avatars')),
        log: pino({ level: 'silent' }),
        workerFactory: sourceWorkerFactory(workerUrl),
        init,
        leaseMs: options.leaseMs,
        scanTimeoutMs: 60_000,
        workerStartTimeoutMs: 60_000,
        pollIntervalMs: 20,
        ...hostOptions,
      });
      host.start();
      return host;
    },
    async enqueuePhoto(photo, { heightCm = 180, gender = 'female', frames = [], side, clothing, shoes } = {}) {
      const id = crypto.randomUUID();
      const folder = join(need(dir).path, 'uploads', id);
      mkdirSync(folder, { recursive: true });
      const path = join(folder, 'source.jpg');
      writeFileSync(path, photo);
      const framePaths = frames.map((frame, index) => {
        const framePath = join(folder, `source-${index + 2}.jpg`);
        writeFileSync(framePath, frame);
        return framePath;
      });
      let sideImagePath: string | null = null;
      if (side) {
        sideImagePath = join(folder, 'side.jpg');
        writeFileSync(sideImagePath, side);
      }
      return need(queue).enqueue({
        id,
        userId: 'customer-1',
        gender,
        inputImagePath: path,
        sideImagePath,
        framePaths,
        heightCm,
        consent: true,
        ...(clothing ? { clothing } : {}),
        ...(shoes !== undefined ? { shoes } : {}),
      });
    },
    finished(id) {
      return () => {
        const job = need(queue).get(id);
        return job && (job.status === 'completed' || job.status === 'failed') ? job : undefined;
      };
    },
  };
}
