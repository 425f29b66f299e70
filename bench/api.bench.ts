import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/main/api/app.js';
import { AnswerCache } from '../src/main/api/cache/answer-cache.js';
import { DatabaseChangeCounter } from '../src/main/db/change-counter.js';
import { configSchema } from '../src/main/config.js';
import { openDatabase } from '../src/main/db/connection.js';
import type { FaceDetector } from '../src/main/inference/face-detector.js';
import { createLogger } from '../src/main/logging.js';
import { createMetrics } from '../src/main/metrics.js';
import { ArtifactStore } from '../src/main/storage/artifact-store.js';
import { UploadStore } from '../src/main/storage/uploads.js';
import { median, type BenchSection } from './types.js';
import { unusedCaptureChecker } from '../test/fixtures/api/unused-capture-checker.js';
import { openAvatarStores, openStores } from '../src/main/stores.js';
import { autocannon, type AutocannonResult } from './autocannon.js';

/**
 * GET /api/v1/avatar/job/{id} — what every client polls — on the real app as the service wires it
 * (with its answer cache): real SQLite file (WAL,
 * synchronous=FULL), real queue and repository, the request-id/host-check/error middleware, an
 * access log line per request written to a file by the service's logger, and the metrics histogram. autocannon
 * runs in a worker thread (its `workers` mode) so the load generator does not share the server's
 * event loop. Several runs; the figures are medians.
 */
const connections = 50;
const durationSeconds = 5;
const runs = 3;
/** Targets as ratios to bare Koa serving the same bytes from memory in the same run (issue 15). */
const targetThroughputRatio = 0.6;
const targetP99Ratio = 2;

const noFaceCheck: FaceDetector = {
  ready: async () => undefined,
  isReady: () => true,
  detect: async () => ({ faces: [], imageWidth: 0, imageHeight: 0, durationMs: 0 }),
  close: async () => undefined,
};

export async function startServer(
  dir: string,
): Promise<{ url: string; pendingJobId: string; completedJobId: string; close(): Promise<void> }> {
  const config = configSchema.parse({ dataDir: dir, modelsDir: join(dir, 'models'), logLevel: 'info' });
  const db = openDatabase(join(dir, 'perfit.sqlite'));
  const queue = openStores(db, config.queue).queue;
  const changeCounter = new DatabaseChangeCounter(db);
  const avatars = openAvatarStores(db).avatars;
  const artifacts = new ArtifactStore(join(dir, 'avatars'));
  // The service's own logger (redaction and customer pseudonyms included), as `perfit serve` writes it to a file.
  const log = createLogger({ level: 'info', filePath: join(dir, 'logs', 'access.log') });
  const metrics = createMetrics({ queue });

  // A completed job whose answer embeds an avatar with four files, then a job still pending.
  queue.enqueue({ userId: 'bench-done', gender: 'female', inputImagePath: join(dir, 'uploads', 'y', 'source.jpg') });
  const done = queue.lease('bench');
  if (!done) throw new Error('bench: nothing to lease');
  const avatarId = crypto.randomUUID();
  const measurements = ['height', 'chest', 'waist', 'hip', 'inseam', 'shoulder_width', 'arm_length', 'thigh', 'neck'].map(
    (name, index) => ({
      name,
      valueCm: 40 + index * 10,
      sdCm: 1,
      method: 'bench',
    }),
  );
  queue.complete(done.id, 'bench', {
    avatar: {
      id: avatarId,
      userId: 'bench-done',
      jobId: done.id,
      gender: 'female',
      betas: new Array<number>(10).fill(0.1),
      bodyPose: new Array<number>(69).fill(0.01),
      globalOrient: [0, 0, 0],
      heightCm: 170,
      chestCircumferenceCm: 90,
      waistCircumferenceCm: 75,
      hipCircumferenceCm: 98,
      inseamCm: 78,
      shoulderWidthCm: 40,
      armLengthCm: 58,
      thighCircumferenceCm: 55,
      neckCircumferenceCm: 36,
      measurements,
      provenance: {
        pipeline: 'bench',
        pipelineVersion: '1',
        bodyModel: { name: 'b', version: '1' },
        models: [],
        executionProvider: 'cpu',
        notes: [],
      },
      consent: true,
    },
    artifacts: artifacts.write(avatarId, [
      { name: 'mesh.obj', contentType: 'model/obj', bytes: Buffer.from('v 0 0 0\n') },
      { name: 'mesh.glb', contentType: 'model/gltf-binary', bytes: Buffer.from('glTF') },
      { name: 'smplx_params.npz', contentType: 'application/octet-stream', bytes: Buffer.from('PK') },
      { name: 'source.jpg', contentType: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xd9]) },
    ]),
  });
  const pendingJob = queue.enqueue({ userId: 'bench-pending', gender: 'neutral', inputImagePath: join(dir, 'uploads', 'z', 'source.jpg') });

  const app = createApp({
    config,
    log,
    queue,
    avatars,
    uploads: new UploadStore(join(dir, 'uploads')),
    faceDetector: noFaceCheck,
    captureChecker: unusedCaptureChecker,
    inference: { status: () => ({ ready: true, pipeline: null, error: null, busy: false, restarts: 0 }) },
    database: { check: () => ({ ok: true }) },
    metrics,
    answers: new AnswerCache({ changeToken: () => changeCounter.token(), maxAgeMs: 30_000 }),
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pendingJobId: pendingJob.id,
    completedJobId: done.id,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.flush();
      db.close();
    },
  };
}

/**
 * The limit: bare Koa answering the same JSON bytes from memory, with no middleware, database,
 * presenter or log. The product cannot beat it; the ratio says what our layers cost.
 */
async function startBareKoa(bodies: Map<string, Buffer>): Promise<{ url: string; close(): Promise<void> }> {
  const { default: Koa } = await import('koa');
  const app = new Koa();
  app.use((ctx) => {
    const body = bodies.get(ctx.path);
    if (!body) {
      ctx.status = 404;
      return;
    }
    ctx.type = 'application/json';
    ctx.body = body;
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function measure(url: string, seconds: number): Promise<AutocannonResult> {
  const result = await autocannon({ url, connections, duration: seconds, workers: 1 });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`bench: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts from ${url}`);
  }
  return result;
}

export async function runBench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'perfit-api-bench-'));
  const server = await startServer(dir);
  const paths = { pending: `/api/v1/avatar/job/${server.pendingJobId}`, completed: `/api/v1/avatar/job/${server.completedJobId}` };
  const bodies = new Map<string, Buffer>();
  for (const path of Object.values(paths)) bodies.set(path, Buffer.from(await (await fetch(`${server.url}${path}`)).arrayBuffer()));
  const bare = await startBareKoa(bodies);
  try {
    await measure(`${server.url}${paths.pending}`, 1); // warm-up: JIT, statement cache, connections
    await measure(`${bare.url}${paths.pending}`, 1);
    const results = {
      pending: { product: [] as AutocannonResult[], bare: [] as AutocannonResult[] },
      completed: { product: [] as AutocannonResult[], bare: [] as AutocannonResult[] },
    };
    // Interleaved, so that load from elsewhere on the machine hits the product and its limit alike.
    for (let run = 0; run < runs; run += 1) {
      for (const kind of ['pending', 'completed'] as const) {
        results[kind].product.push(await measure(`${server.url}${paths[kind]}`, durationSeconds));
        results[kind].bare.push(await measure(`${bare.url}${paths[kind]}`, durationSeconds));
      }
    }

    const rps = (list: AutocannonResult[]): number => median(list.map((r) => r.requests.average));
    const p99 = (list: AutocannonResult[]): number => median(list.map((r) => r.latency.p99));
    const ratioOf = (kind: 'pending' | 'completed'): { throughput: number; p99: number } => {
      const { product, bare: limit } = results[kind];
      // A p99 of 0 ms (under autocannon's 1 ms resolution) is counted as 1 ms.
      return { throughput: rps(product) / rps(limit), p99: Math.max(1, p99(product)) / Math.max(1, p99(limit)) };
    };
    const row = (label: string, kind: 'pending' | 'completed'): string[] => {
      const { product, bare: limit } = results[kind];
      const { throughput: throughputRatio, p99: p99Ratio } = ratioOf(kind);
      const verdict = throughputRatio >= targetThroughputRatio && p99Ratio <= targetP99Ratio ? 'meets' : 'BELOW';
      return [
        `| ${label}: product | ${Math.round(rps(product))} | ${p99(product)} ms | | |`,
        `| ${label}: bare Koa, same ${bodies.get(paths[kind])!.length} bytes | ${Math.round(rps(limit))} | ${p99(limit)} ms | | |`,
        `| ${label}: **ratio** | **${(throughputRatio * 100).toFixed(0)}%** | **${p99Ratio.toFixed(1)}×** | ≥ ${targetThroughputRatio * 100}%, p99 ≤ ${targetP99Ratio}× | ${verdict} |`,
      ];
    };
    return {
      title: 'REST API: GET /api/v1/avatar/job/{job_id}',
      lines: [
        `autocannon, ${connections} connections, ${runs} runs of ${durationSeconds} s each (load generator in a worker thread), real SQLite file, access log to a file by the service's logger (redaction on, as perfit serve writes it); ` +
          'each run of the product is followed by one of bare Koa serving the same answer bytes from memory (the limit).',
        '',
        '| Job polled | req/s (median) | p99 latency (median) | Target | |',
        '|---|---|---|---|---|',
        ...row('pending (the polling case)', 'pending'),
        ...row('completed, avatar with 4 files embedded', 'completed'),
      ],
      ratios: (['pending', 'completed'] as const).flatMap((kind) => [
        { name: `api.${kind}.throughput_share`, value: ratioOf(kind).throughput, better: 'higher' as const },
        { name: `api.${kind}.p99_multiple`, value: ratioOf(kind).p99, better: 'lower' as const },
      ]),
    };
  } finally {
    await bare.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
