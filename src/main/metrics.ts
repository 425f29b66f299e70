import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobStatus } from './jobs/types.js';

/**
 * The service's Prometheus metrics, in their own Registry (never prom-client's global one, so two
 * services in one process — tests — do not collide). Served at GET /metrics.
 *
 * The HTTP layer records request durations and created jobs; the inference host records job
 * outcomes and stage timings (see service.ts). Queue depth and storage use are read when scraped.
 */
export interface Metrics {
  registry: Registry;
  httpRequestDurationSeconds: Histogram<'method' | 'route' | 'status'>;
  jobsCreatedTotal: Counter<string>;
  jobsCompletedTotal: Counter<string>;
  jobsFailedTotal: Counter<'code'>;
  /** Per stage (`detect`, `reconstruct`, …) and `total` for the whole job. */
  jobDurationSeconds: Histogram<'stage'>;
  queueDepth: Gauge<'status'>;
  storageBytes: Gauge<'area'>;
  syncOutboxLength: Gauge<string>;
  syncStatus: Gauge<'status'>;
  syncAvatars: Gauge<'state'>;
  /** Request body bytes held beyond each body's free allowance: what the body budget counts. */
  requestBodyBytesHeld: Gauge<string>;
}

/** What the sync metrics read on each scrape (the sync service's summary). */
export interface SyncMetricsSource {
  summary(): { enabled: boolean; online: boolean | null; queue: { length: number }; avatars: Record<string, number> };
}

export interface MetricsOptions {
  /** Queue depth by status is read from here on each scrape. */
  queue?: { counts(): Record<JobStatus, number> };
  /** Bytes used on disk by area (`avatars`, `uploads`, `database`), read on each scrape; should be cheap (cached). */
  storage?: { usedBytes(): Record<string, number> };
  /** Sync state, read on each scrape. */
  sync?: SyncMetricsSource;
  /** Free space of the data folder's disk (one statfs per scrape). */
  disk?: { status(): { freeBytes: number } };
  /** Node process metrics (CPU, memory, event loop lag) with the `perfit_` prefix; on by default. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'perfit_' });

  const httpRequestDurationSeconds = new Histogram({
    name: 'perfit_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobsCreatedTotal = new Counter({
    name: 'perfit_jobs_created_total',
    help: 'Scan jobs created by POST /api/v1/avatar',
    registers: [registry],
  });
  const jobsCompletedTotal = new Counter({
    name: 'perfit_jobs_completed_total',
    help: 'Scan jobs completed with an avatar',
    registers: [registry],
  });
  const jobsFailedTotal = new Counter({
    name: 'perfit_jobs_failed_total',
    help: 'Scan job failures by error code (each failed attempt)',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const jobDurationSeconds = new Histogram({
    name: 'perfit_job_duration_seconds',
    help: 'Scan processing time per stage, and for the whole job (stage="total")',
    labelNames: ['stage'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
    registers: [registry],
  });
  const queue = options.queue;
  const queueDepth = new Gauge({
    name: 'perfit_queue_depth',
    help: 'Jobs in the queue by status (pending = waiting, processing = running)',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      if (!queue) return;
      const counts = queue.counts();
      this.set({ status: 'pending' }, counts.pending);
      this.set({ status: 'processing' }, counts.processing);
    },
  });
  const storage = options.storage;
  const storageBytes = new Gauge({
    name: 'perfit_storage_bytes',
    help: 'Bytes used on local disk by area',
    labelNames: ['area'] as const,
    registers: [registry],
    collect() {
      if (!storage) return;
      for (const [area, bytes] of Object.entries(storage.usedBytes())) this.set({ area }, bytes);
    },
  });

  const disk = options.disk;
  new Gauge({
    name: 'perfit_disk_free_bytes',
    help: 'Free bytes on the disk holding the data folder (below limits.minFreeDiskBytes scans answer 507 disk_full)',
    registers: [registry],
    collect() {
      if (disk) this.set(disk.status().freeBytes);
    },
  });

  const sync = options.sync;
  const syncSummary = (): ReturnType<SyncMetricsSource['summary']> | null => sync?.summary() ?? null;
  const syncOutboxLength = new Gauge({
    name: 'perfit_sync_outbox_length',
    help: 'Objects waiting to be uploaded to or deleted from the bucket',
    registers: [registry],
    collect() {
      const summary = syncSummary();
      if (summary?.enabled) this.set(summary.queue.length);
    },
  });
  const syncStatus = new Gauge({
    name: 'perfit_sync_status',
    help:
      "The sync loop's state: 1 for the current one of off (no S3 endpoint), untried, online (the last " +
      'contact succeeded), offline (it failed)',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      const summary = syncSummary();
      if (!summary) return;
      const current = !summary.enabled ? 'off' : summary.online === null ? 'untried' : summary.online ? 'online' : 'offline';
      for (const status of ['off', 'untried', 'online', 'offline']) this.set({ status }, status === current ? 1 : 0);
    },
  });
  const syncAvatars = new Gauge({
    name: 'perfit_sync_avatars',
    help: 'Avatars by sync state (pending, synced, failed, disabled)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const summary = syncSummary();
      if (!summary) return;
      for (const [state, count] of Object.entries(summary.avatars)) this.set({ state }, count);
    },
  });

  const requestBodyBytesHeld = new Gauge({
    name: 'perfit_http_request_body_bytes_held',
    help:
      'Bytes of request bodies being read or answered, beyond the first 64 KiB of each: what the body budget ' +
      '(three of the largest bodies) counts; a body that would pass it answers 503 server_busy',
    registers: [registry],
  });

  return {
    registry,
    requestBodyBytesHeld,
    syncOutboxLength,
    syncStatus,
    syncAvatars,
    httpRequestDurationSeconds,
    jobsCreatedTotal,
    jobsCompletedTotal,
    jobsFailedTotal,
    jobDurationSeconds,
    queueDepth,
    storageBytes,
  };
}
