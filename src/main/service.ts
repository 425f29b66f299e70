import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { makeDataFolderPrivate } from './storage/private-data-folder.js';
import type { AvatarRepository } from './avatars/avatar-repository.js';
import { CalibrationStore } from './calibration/calibration-store.js';
import { redactConfig, type Config } from './config.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { integrityCheck, openDatabase, serviceDatabasePath } from './db/connection.js';
import type { CaptureChecker } from './inference/capture-checks/capture-checker.js';
import { createHumanChecks } from './inference/human-checks/human-checks.js';
import type { FaceDetector } from './inference/face-detector.js';
import { InferenceHost } from './inference/inference-host.js';
import { serviceFaceDetector } from './inference/service-face-detector.js';
import { inferenceWorkerInit, inferenceWorkerUrl, networkCacheDir } from './inference/inference-worker.js';
import { DatabaseChangeCounter } from './db/change-counter.js';
import type { JobQueue } from './jobs/job-queue.js';
import { createLogger, type Logger } from './logging.js';
import { createMetrics, type Metrics } from './metrics.js';
import { ArtifactStore } from './storage/artifact-store.js';
import { DiskSpace } from './storage/disk-space.js';
import { StorageUsage } from './storage/storage-usage.js';
import { UploadStore } from './storage/uploads.js';
import { ExtraFramePruner } from './scans/extra-frames.js';
import { serviceWorkerOptions, sourceWorkerFactory, startWorkerAhead, type WorkerFactory } from './threads/worker-factory.js';
import { chainResolvers, localArtifactUrls } from './api/artifacts/urls.js';
import { customerErasureOf } from './privacy/customer-erasure.js';
import { presignedArtifactUrls } from './storage/sync/presigned-urls.js';
import { RemoteAvatarLookup } from './storage/sync/remote-avatars.js';
import { RetentionSweeper } from './privacy/retention.js';
import { openStores } from './stores.js';
import type { S3ObjectStore } from './storage/sync/s3-object-store.js';
import { SyncService } from './storage/sync/sync-service.js';
import { shippedCharts } from './sizes/shipped-charts.js';
import { SizeChartRepository } from './sizes/size-chart-repository.js';
import { SizeChartPull } from './storage/sync/size-chart-pull.js';

export interface ServiceOptions {
  log?: Logger;
  /** The Electron build passes electron-vite `?nodeWorker` factories; plain Node runs the sources. */
  inferenceWorkerFactory?: WorkerFactory;
  humanChecksWorkerFactory?: WorkerFactory;
  /** The thread that reads calibration photos (calibration/photo-reader-worker.ts), started per calibration. */
  calibrationWorkerFactory?: WorkerFactory;
  /** A module exporting `createPipeline`, used instead of the built-in pipelines (tests). */
  pipelineModuleUrl?: string;
  /**
   * Replaces the face detector: tests that are not about faces, and the CLI's one-off scan, whose
   * inference worker answers the face check with the Human it has loaded anyway (cli/inference-face-check.ts).
   */
  faceDetector?: FaceDetector;
  /** Replaces the live capture checker (tests that are not about guidance). */
  captureChecker?: CaptureChecker;
  /** Listen for HTTP (serve) or not (the CLI's one-off scan). */
  http?: boolean;
  /**
   * Answer live capture checks (default true). The CLI's one-off scan has no live guidance: its
   * Human checks worker loads only the face model of the face check.
   */
  captureChecks?: boolean;
  /**
   * Warm the inference worker's networks and the Human checks worker's models up with a blank input
   * before they report ready (default true; PipelineOptions.warmUpInference). The CLI's one-off scan
   * turns it off.
   */
  warmUpInference?: boolean;
  /** The built kiosk UI (electron-vite's out/renderer), served at `/` when given. */
  rendererDir?: string;
}

export interface Service {
  readonly config: Config;
  readonly log: Logger;
  readonly db: Database.Database;
  readonly queue: JobQueue;
  readonly avatars: AvatarRepository;
  readonly sizeCharts: SizeChartRepository;
  /** The kiosk camera's calibration in the data folder. */
  readonly calibration: CalibrationStore;
  readonly artifacts: ArtifactStore;
  readonly uploads: UploadStore;
  readonly inference: InferenceHost;
  readonly faceDetector: FaceDetector;
  readonly captureChecker: CaptureChecker;
  readonly metrics: Metrics;
  /** Upload to the central bucket (off, but still queueing, while no S3 endpoint is set). */
  readonly sync: SyncService;
  readonly retention: RetentionSweeper;
  /** The base URL once listening, e.g. http://127.0.0.1:8420. */
  readonly url: string | null;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Wires the service core: database, queue, inference worker, face check, REST API. Used by the
 * Electron shell and by the CLI; nothing here imports Electron.
 */
export async function createService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  log.info({ config: redactConfig(config) }, 'starting perfit service');
  makeDataFolderPrivate(config.dataDir);
  const lock: DataDirLock = lockDataDir(config.dataDir);
  const cleanups: Array<() => Promise<void> | void> = [() => lock.release()];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // The workers load first (Human's networks, converted for onnxruntime: most of the time to ready): their
    // loads run while this thread opens the database and builds the API. One worker thread (one
    // Human instance) answers the face check of a scan and the live capture check. It and the
    // inference worker load at start (so /health reports broken models at once) and are stopped
    // after workerIdleReleaseMs without work, giving their memory back (most of it only goes with
    // its thread); the next check or scan loads them again.
    const idleReleaseMs = config.queue.workerIdleReleaseMs > 0 ? config.queue.workerIdleReleaseMs : undefined;
    const inferenceInit = inferenceWorkerInit(config, options.pipelineModuleUrl ?? null, options.warmUpInference);
    const inferenceWorker = startWorkerAhead(
      options.inferenceWorkerFactory ?? sourceWorkerFactory(inferenceWorkerUrl),
      serviceWorkerOptions(inferenceInit),
    );
    cleanups.push(() => inferenceWorker.release());
    const humanChecks =
      options.faceDetector && options.captureChecker
        ? null
        : createHumanChecks({
            workerFactory: options.humanChecksWorkerFactory,
            log,
            idleReleaseMs,
            captureChecks: options.captureChecks ?? true,
            warmUpInference: options.warmUpInference,
            cacheDir: networkCacheDir(config),
          });
    if (humanChecks) cleanups.push(() => humanChecks.close());
    const liveChecker = options.captureChecker ?? humanChecks!.captureChecker;
    cleanups.push(() => liveChecker.close());

    const db = openDatabase(serviceDatabasePath(config.dataDir), { log });
    cleanups.push(() => {
      db.close();
    });
    const { queue, avatars, outbox } = openStores(db, config.queue);
    const changeCounter = new DatabaseChangeCounter(db);
    const recovered = queue.recoverAllProcessing();
    if (recovered.requeued + recovered.failed > 0) log.warn(recovered, 'recovered jobs left processing by a previous run');
    const sizeCharts = new SizeChartRepository(db);
    const seededCharts = sizeCharts.seedShipped(shippedCharts());
    if (seededCharts.length > 0) log.info({ charts: seededCharts }, 'wrote the shipped size charts');
    const calibration = new CalibrationStore(config.dataDir);
    const calibrationStatus = calibration.status();
    if (calibrationStatus.state !== 'ok') log.warn({ state: calibrationStatus.state }, calibrationStatus.detail);
    const artifacts = new ArtifactStore(join(config.dataDir, 'avatars'));
    const disk = new DiskSpace(config.dataDir, config.limits.minFreeDiskBytes);
    const uploads = new UploadStore(join(config.dataDir, 'uploads'), disk);
    const databaseFiles = ['', '-wal', '-shm'].map((suffix) => serviceDatabasePath(config.dataDir) + suffix);
    const storageUsage = new StorageUsage({
      avatars: [artifacts.rootDir],
      uploads: [uploads.rootDir],
      database: databaseFiles,
      logs: [join(config.dataDir, 'logs')],
    });
    storageUsage.start();
    cleanups.push(() => storageUsage.stop());

    // --- sync and privacy ---
    const syncLog = log.child({ component: 'sync' });
    const { s3 } = config;
    // Credentials go from config straight into the client; nothing here logs them. The S3 client
    // (minio, about 24 MB resident) is loaded only when a bucket is configured.
    const objectStore: S3ObjectStore | null =
      s3.endpoint && s3.accessKey && s3.secretKey
        ? new (await import('./storage/sync/s3-object-store.js')).S3ObjectStore(
            { endpoint: s3.endpoint, region: s3.region, accessKey: s3.accessKey, secretKey: s3.secretKey, bucket: s3.bucket },
            { requestTimeoutMs: config.sync.requestTimeoutMs, maxSockets: config.sync.concurrency + 2 },
          )
        : null;
    const erasure = customerErasureOf(db, { artifacts, uploads, outbox });
    const sync = new SyncService({
      db,
      outbox,
      avatars,
      store: objectStore,
      settings: config.sync,
      log: syncLog,
      localErasure: erasure,
    });
    sync.start();
    cleanups.push(() => sync.stop());
    const metrics = createMetrics({ queue, sync, storage: storageUsage, disk });
    const retention = new RetentionSweeper({
      db,
      uploadsDir: uploads.rootDir,
      settings: config.privacy,
      erasure,
      outbox,
      avatars,
      log: syncLog,
    });
    retention.start();
    cleanups.push(() => retention.stop());
    const remoteAvatars =
      objectStore && config.sync.remoteLookup ? new RemoteAvatarLookup({ store: objectStore, log: syncLog }) : undefined;
    // Head office's size charts (size-charts/ in the bucket), kept in SQLite for offline use.
    const chartPull = objectStore ? new SizeChartPull({ store: objectStore, charts: sizeCharts, log: syncLog }) : null;
    if (chartPull) {
      chartPull.start(sizeChartPullIntervalMs);
      cleanups.push(() => chartPull.stop());
    }
    const artifactUrls = objectStore
      ? chainResolvers(presignedArtifactUrls(objectStore, s3.presignExpirySeconds, syncLog), localArtifactUrls)
      : undefined;
    // --- end sync and privacy ---

    // Multi-frame capture: a burst's extra frames go when their job ends (privacy.keepAllFrames keeps them).
    const extraFrames = new ExtraFramePruner({ queue, keepAllFrames: config.privacy.keepAllFrames, log });
    const pruneFrames = (): void => {
      extraFrames.prune().catch((error: unknown) => log.error({ err: error }, 'deleting the extra frames of ended scans failed'));
    };
    pruneFrames();
    cleanups.push(() => extraFrames.idle());

    const inference = new InferenceHost({
      queue,
      artifacts,
      log: log.child({ component: 'inference' }),
      workerFactory: inferenceWorker.factory,
      init: inferenceInit,
      leaseMs: config.queue.leaseMs,
      scanTimeoutMs: config.queue.scanTimeoutMs,
      workerStartTimeoutMs: config.queue.workerStartTimeoutMs,
      idleReleaseMs,
      calibration,
      events: {
        jobCompleted: (_job, durationMs) => {
          sync.wake();
          pruneFrames();
          metrics.jobsCompletedTotal.inc();
          metrics.jobDurationSeconds.observe({ stage: 'total' }, durationMs / 1000);
        },
        jobFailed: (_job, code) => {
          metrics.jobsFailedTotal.inc({ code });
          pruneFrames();
        },
        stageTimed: (stage, durationMs) => metrics.jobDurationSeconds.observe({ stage }, durationMs / 1000),
      },
    });
    inference.start();
    cleanups.push(() => inference.stop());
    // serviceFaceDetector starts the checks worker's load itself, once the inference worker has settled.
    const faceDetector = options.faceDetector ?? serviceFaceDetector(humanChecks!.faceDetector, inference, log);
    cleanups.push(() => faceDetector.close());
    if (options.faceDetector)
      options.faceDetector.ready().catch((error: unknown) => log.error({ err: error }, 'face detector failed to load'));
    // A customer in live guidance scans next: an inference worker stopped while idle starts loading
    // with the first frame, so the scan does not wait for it.
    const captureChecker: CaptureChecker = {
      ready: () => liveChecker.ready(),
      isReady: () => liveChecker.isReady(),
      check: (imageBytes, view) => {
        inference.prepare();
        return liveChecker.check(imageBytes, view);
      },
      close: () => liveChecker.close(),
    };

    let url: string | null = null;
    if (options.http !== false) {
      // Loaded only to listen: the CLI's one-off scan starts without Koa, the routes and the OpenAPI document.
      const [{ createApp }, { createHttpServer }, { threadPhotoReader }, { AnswerCache }] = await Promise.all([
        import('./api/app.js'),
        import('./api/http-server.js'),
        import('./calibration/photo-reader.js'),
        import('./api/cache/answer-cache.js'),
      ]);
      const app = createApp({
        config,
        log,
        queue,
        avatars,
        uploads,
        faceDetector,
        captureChecker,
        inference,
        database: { check: () => integrityCheckQuick(db) },
        metrics,
        onJobCreated: () => inference.wake(),
        rendererDir: options.rendererDir,
        sync,
        disk,
        syncSummary: sync,
        erasure,
        remoteAvatars,
        sizeCharts,
        calibration: { store: calibration, readPhotos: threadPhotoReader({ workerFactory: options.calibrationWorkerFactory }) },
        artifactUrls,
        answers: new AnswerCache({
          changeToken: () => changeCounter.token(),
          // Presigned URLs in an answer must outlive its reuse by a wide margin.
          maxAgeMs: Math.min(30_000, (config.s3.presignExpirySeconds * 1000) / 4),
        }),
      });
      const server: Server = createHttpServer(app, config.limits).listen(config.port, config.host);
      await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `http://${host}:${address.port}`;
      const listening = server;
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            listening.close(() => resolve());
            listening.closeAllConnections();
          }),
      );
      log.info({ url }, 'perfit service listening');
    }

    return {
      config,
      log,
      db,
      queue,
      avatars,
      sizeCharts,
      calibration,
      artifacts,
      uploads,
      inference,
      faceDetector,
      captureChecker,
      metrics,
      sync,
      retention,
      url,
      async stop(graceMs = 10_000) {
        // The running scan gets its grace period first; the cleanups then close the rest in reverse order.
        await inference.stop(graceMs);
        await cleanUp();
        log.info('perfit service stopped');
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** How often a kiosk looks for new size charts from head office. */
const sizeChartPullIntervalMs = 10 * 60_000;

/** A cheap health probe; the full `PRAGMA integrity_check` is for the CLI and the crash test. */
function integrityCheckQuick(db: Database.Database): { ok: boolean; detail?: string } {
  try {
    db.prepare('SELECT 1').get();
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

export { integrityCheck };
