import type { Router } from '@koa/router';
import type { CalibrationStore } from '../../calibration/calibration-store.js';
import type { Config } from '../../config.js';
import type { InferenceStatus } from '../../inference/pipeline.js';
import type { FaceDetector } from '../../inference/face-detector.js';
import type { JobStatus } from '../../jobs/types.js';
import { formatMiB, type DiskSpace } from '../../storage/disk-space.js';
import type { AppState } from '../context.js';
import type { ComponentStatus, HealthBody, ReadyBody } from './schema.js';
import { apiRouter } from '../router.js';

export interface SyncStatusSource {
  status(): { enabled: boolean; online: boolean | null; detail: string };
}

export interface HealthDeps {
  config: Config;
  inference: { status(): InferenceStatus };
  database: { check(): { ok: boolean; detail?: string } };
  faceDetector: Pick<FaceDetector, 'isReady'>;
  queue: { counts(): Record<JobStatus, number> };
  sync?: SyncStatusSource;
  disk?: Pick<DiskSpace, 'status'>;
  calibration?: Pick<CalibrationStore, 'status'>;
  clock: () => Date;
}

const startedAtMs = Date.now();

export function checkHealth(deps: HealthDeps): HealthBody {
  const { config } = deps;
  const db = safely(
    () => deps.database.check(),
    (error) => ({ ok: false, detail: error.message }),
  );
  const inference = deps.inference.status();
  const faceReady = deps.faceDetector.isReady();
  const counts = safely(
    () => deps.queue.counts(),
    () => null,
  );

  const inferenceStatus: ComponentStatus = inference.ready ? 'ok' : inference.error ? 'error' : 'starting';
  const faceStatus: ComponentStatus = faceReady ? 'ok' : config.requireFace ? 'starting' : 'disabled';
  const queueStatus: ComponentStatus = !counts ? 'error' : counts.pending >= config.queue.maxPending ? 'degraded' : 'ok';
  const sync = syncComponent(config, deps.sync);
  const disk = deps.disk ? diskComponent(deps.disk) : undefined;
  const calibration = deps.calibration ? calibrationComponent(deps.calibration) : undefined;

  const statuses = [
    db.ok ? 'ok' : 'error',
    inferenceStatus,
    faceStatus,
    queueStatus,
    sync.status,
    ...(disk ? [disk.status] : []),
    ...(calibration ? [calibration.status] : []),
  ];
  const overall: HealthBody['status'] =
    !db.ok || inferenceStatus === 'error' || !counts ? 'error' : statuses.every((s) => s === 'ok' || s === 'disabled') ? 'ok' : 'degraded';

  return {
    status: overall,
    checked_at: deps.clock().toISOString(),
    uptime_seconds: Math.round((Date.now() - startedAtMs) / 100) / 10,
    components: {
      database: {
        status: db.ok ? 'ok' : 'error',
        detail: db.ok ? 'SQLite answers' : `SQLite check failed: ${db.detail ?? 'unknown error'}`,
      },
      inference_worker: {
        status: inferenceStatus,
        detail: inference.ready ? inferenceReadyDetail(inference) : (inference.error ?? 'loading the pipeline'),
        ready: inference.ready,
        busy: inference.busy,
        restarts: inference.restarts,
        pipeline: inference.pipeline
          ? {
              name: inference.pipeline.name,
              version: inference.pipeline.version,
              execution_provider: inference.pipeline.executionProvider,
              models: inference.pipeline.models.map((m) => ({ name: m.name, version: m.version })),
              selection_note: inference.pipeline.selectionNote,
            }
          : null,
      },
      face_detector: {
        status: faceStatus,
        detail: faceReady
          ? 'face models loaded'
          : config.requireFace
            ? 'loading face models; POST answers 503 until loaded'
            : 'not loaded; photos are not checked for a face (requireFace is off)',
        required: config.requireFace,
      },
      queue: {
        status: queueStatus,
        detail: !counts
          ? 'the job store cannot be read'
          : queueStatus === 'degraded'
            ? 'the queue is full; POST answers 429'
            : 'accepting jobs',
        pending: counts?.pending ?? 0,
        processing: counts?.processing ?? 0,
        completed: counts?.completed ?? 0,
        failed: counts?.failed ?? 0,
        max_pending: config.queue.maxPending,
      },
      sync,
      ...(disk ? { disk } : {}),
      ...(calibration ? { calibration } : {}),
    },
  };
}

/** Missing: the kiosk works as before (typed or assumed heights), so `disabled`; stale or damaged: `degraded`. */
/** `embedded 1.2 ready on cpu, scanning`: the pipeline, where it runs, and whether a scan is running. */
function inferenceReadyDetail(inference: InferenceStatus): string {
  const where = inference.pipeline ? ` on ${inference.pipeline.executionProvider}` : '';
  const name = `${inference.pipeline?.name ?? 'pipeline'} ${inference.pipeline?.version ?? ''}`;
  return `${name} ready${where}${inference.busy ? ', scanning' : ''}`.replace(/\s+/g, ' ');
}

function calibrationComponent(calibration: Pick<CalibrationStore, 'status'>): NonNullable<HealthBody['components']['calibration']> {
  const state = calibration.status();
  const status: ComponentStatus = state.state === 'ok' ? 'ok' : state.state === 'missing' ? 'disabled' : 'degraded';
  return {
    status,
    detail: state.detail,
    state: state.state,
    calibrated_at: state.record?.calibratedAt ?? null,
    stale: state.state === 'stale',
  };
}

function syncComponent(config: Config, sync: SyncStatusSource | undefined): HealthBody['components']['sync'] {
  if (!config.s3.endpoint) {
    return { status: 'disabled', detail: 'Sync is off: no S3 endpoint is configured (PERFIT_S3_ENDPOINT)', enabled: false, online: null };
  }
  if (!sync)
    return {
      status: 'degraded',
      detail: `S3 endpoint ${config.s3.endpoint} is configured but the sync service is not running`,
      enabled: true,
      online: null,
    };
  const state = sync.status();
  if (!state.enabled) return { status: 'disabled', detail: state.detail, enabled: false, online: state.online };
  return { status: state.online === false ? 'degraded' : 'ok', detail: state.detail, enabled: true, online: state.online };
}

function diskComponent(disk: Pick<DiskSpace, 'status'>): NonNullable<HealthBody['components']['disk']> {
  let state: ReturnType<DiskSpace['status']>;
  try {
    state = disk.status();
  } catch (error) {
    return { status: 'error', detail: `The free space cannot be read: ${(error as Error).message}`, free_bytes: null, min_free_bytes: 0 };
  }
  const free = `${formatMiB(state.freeBytes)} free of ${formatMiB(state.totalBytes)}`;
  return state.low
    ? {
        status: 'degraded',
        detail: `${free}, below the ${formatMiB(state.minFreeBytes)} reserve: new scans answer 507 disk_full`,
        free_bytes: state.freeBytes,
        min_free_bytes: state.minFreeBytes,
      }
    : { status: 'ok', detail: free, free_bytes: state.freeBytes, min_free_bytes: state.minFreeBytes };
}

export function checkReady(deps: HealthDeps): ReadyBody {
  const db = safely(
    () => deps.database.check(),
    (error) => ({ ok: false, detail: error.message }),
  );
  const inference = deps.inference.status();
  const faceOk = !deps.config.requireFace || deps.faceDetector.isReady();
  const missing: string[] = [];
  if (!db.ok) missing.push(`database: ${db.detail ?? 'check failed'}`);
  if (!inference.ready) missing.push(`inference worker: ${inference.error ?? 'loading'}`);
  if (!faceOk) missing.push('face detector: loading');
  const checks = { database: db.ok, inference_worker: inference.ready, face_detector: faceOk };
  return missing.length === 0
    ? { status: 'ready', detail: 'ready', checks }
    : { status: 'not_ready', detail: `Not ready: ${missing.join('; ')}`, code: 'not_ready', checks };
}

function safely<T, F>(run: () => T, onError: (error: Error) => F): T | F {
  try {
    return run();
  } catch (error) {
    return onError(error as Error);
  }
}

export function healthRoutes(deps: HealthDeps): Router<AppState> {
  const router = apiRouter();
  router.get('/api/v1/health', (ctx) => {
    const body = checkHealth(deps);
    ctx.status = body.status === 'error' ? 503 : 200;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });
  router.get('/api/v1/health/live', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get('/api/v1/health/ready', (ctx) => {
    const body = checkReady(deps);
    ctx.status = body.status === 'ready' ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });
  return router;
}
