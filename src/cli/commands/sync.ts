import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { presentSyncSummary } from '../../main/api/sync/presenters.js';
import { openAvatarStores } from '../../main/stores.js';
import type { Config } from '../../main/config.js';
import { customerErasureOf } from '../../main/privacy/customer-erasure.js';
import { DataDirLockedError, lockDataDir } from '../../main/data-dir-lock.js';
import { ArtifactStore } from '../../main/storage/artifact-store.js';
import { UploadStore } from '../../main/storage/uploads.js';
import { createLogger } from '../../main/logging.js';
import type { SyncOutbox } from '../../main/storage/sync/outbox-repository.js';
import type { S3ObjectStore } from '../../main/storage/sync/s3-object-store.js';
import { buildSyncSummary, SyncService, type SyncSummary } from '../../main/storage/sync/sync-service.js';
import { progressLine } from '../progress.js';
import { CliUsageError, refuseExtraArguments, type CliCommand, type CliIo } from '../command.js';
import { formatTable } from '../table.js';
import { dataFolderConfig, openServiceDatabase } from '../data-folder.js';

const usage = `perfit sync status [--json]     queue length, last success, last error, online or not
perfit sync now [--wait S] [--json]
                                 upload and delete what is queued now (failed objects too) and wait
                                 until done, at most S seconds (default 120). With a service running
                                 on the data folder the service does it; otherwise this command does.
  --data-dir DIR     data folder (PERFIT_DATA_DIR)`;

async function runSync(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      wait: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [action = 'status', ...rest] = positionals;
  refuseExtraArguments(rest);
  const waitSeconds = values.wait === undefined ? 120 : Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new CliUsageError('--wait must be a number of seconds');
  const config = dataFolderConfig(io, values['data-dir']);
  switch (action) {
    case 'status':
      return syncStatus(config, io, values.json);
    case 'now':
      return syncNow(config, io, { json: values.json, waitMs: waitSeconds * 1000 });
    default:
      throw new CliUsageError(`Unknown sync action "${action}"`);
  }
}

/** The S3 client is loaded only by `sync now` (the minio package is large; other commands share this module list). */
async function storeOf(config: Config): Promise<S3ObjectStore | null> {
  const { s3 } = config;
  if (!s3.endpoint || !s3.accessKey || !s3.secretKey) return null;
  const { S3ObjectStore } = await import('../../main/storage/sync/s3-object-store.js');
  return new S3ObjectStore(
    { endpoint: s3.endpoint, region: s3.region, accessKey: s3.accessKey, secretKey: s3.secretKey, bucket: s3.bucket },
    { requestTimeoutMs: config.sync.requestTimeoutMs, maxSockets: config.sync.concurrency + 2 },
  );
}

function endpointOf(config: Config): { endpoint: string; bucket: string } | null {
  return config.s3.endpoint ? { endpoint: new URL(config.s3.endpoint).origin, bucket: config.s3.bucket } : null;
}

/** The state the running service (or the last run) recorded in the database. */
function readSummary(db: Database.Database, config: Config): SyncSummary {
  const { outbox, avatars } = openAvatarStores(db);
  return buildSyncSummary({
    outbox,
    avatars,
    store: endpointOf(config),
    online: outbox.status().online,
    retryAt: null,
  });
}

function printSummary(io: CliIo, summary: SyncSummary, json: boolean): void {
  if (json) {
    io.stdout.write(JSON.stringify(presentSyncSummary(summary), null, 2) + '\n');
    return;
  }
  const rows: Array<[string, string | number | null]> = [
    ['sync', summary.enabled ? `on (${summary.endpoint}, bucket ${summary.bucket})` : 'off (no PERFIT_S3_ENDPOINT)'],
    ['online', summary.online === null ? 'unknown' : summary.online ? 'yes' : 'no'],
    ['queue length', summary.queue.length],
    ['  uploads pending', summary.queue.pendingUploads],
    ['  deletes pending', summary.queue.pendingDeletes],
    ['  in flight', summary.queue.leased],
    ['  failed', summary.queue.failed],
    ['avatars synced', summary.avatars.synced],
    ['avatars pending', summary.avatars.pending],
    ['avatars failed', summary.avatars.failed],
    ['last success', summary.lastSuccessAt],
    ['last error', summary.lastError ? `${summary.lastError.at} [${summary.lastError.code}] ${summary.lastError.message}` : null],
  ];
  io.stdout.write(
    formatTable(
      ['', ''],
      rows.map(([label, value]) => [label, value === null ? '-' : String(value)]),
    )
      .split('\n')
      .slice(2)
      .join('\n'),
  );
  io.stdout.write(`${summary.detail}\n`);
}

function syncStatus(config: Config, io: CliIo, json: boolean): number {
  const db = openServiceDatabase(config);
  try {
    printSummary(io, readSummary(db, config), json);
    return 0;
  } finally {
    db.close();
  }
}

async function syncNow(config: Config, io: CliIo, options: { json: boolean; waitMs: number }): Promise<number> {
  if (!config.s3.endpoint) {
    io.stderr.write('perfit sync: sync is off: no S3 endpoint is configured (set PERFIT_S3_ENDPOINT and the credentials)\n');
    return 1;
  }
  const db = openServiceDatabase(config);
  try {
    const { outbox, avatars } = openAvatarStores(db);
    const requeued = db
      .transaction(() => {
        avatars.resetFailedSync();
        return outbox.requeueFailed();
      })
      .immediate();
    outbox.expedite();
    if (requeued > 0) io.stderr.write(`perfit sync: ${requeued} failed object(s) queued again\n`);

    let lock: ReturnType<typeof lockDataDir> | null = null;
    try {
      lock = lockDataDir(config.dataDir);
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
    }
    let ok: boolean;
    if (lock) {
      try {
        ok = await syncHere(config, db, io, options.waitMs);
      } finally {
        lock.release();
      }
    } else {
      io.stderr.write('perfit sync: a running service owns the data folder; it uploads now, waiting for it\n');
      ok = await waitForService(config, db, io, options.waitMs);
    }
    const summary = readSummary(db, config);
    printSummary(io, summary, options.json);
    return ok && summary.queue.length === 0 ? 0 : 1;
  } finally {
    db.close();
  }
}

/** No service runs: this process does the uploads (it holds the data folder's lock meanwhile). */
async function syncHere(config: Config, db: Database.Database, io: CliIo, waitMs: number): Promise<boolean> {
  const store = await storeOf(config);
  if (!store) throw new CliUsageError('PERFIT_S3_ACCESS_KEY and PERFIT_S3_SECRET_KEY are required with PERFIT_S3_ENDPOINT');
  const { outbox, avatars } = openAvatarStores(db);
  // Leases left by a dead process are ours to take back: we hold the lock.
  outbox.recoverAllLeases();
  outbox.backfill();
  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, destinationFd: 2 });
  const artifacts = new ArtifactStore(join(config.dataDir, 'avatars'));
  const uploads = new UploadStore(join(config.dataDir, 'uploads'));
  const localErasure = customerErasureOf(db, { artifacts, uploads, outbox });
  const sync = new SyncService({ db, outbox, avatars, store, settings: config.sync, log, localErasure });
  const progress = progressLine(io.stderr, 'perfit sync');
  const leftNow = (): number => {
    const counts = outbox.counts();
    return counts.pendingUploads + counts.pendingDeletes + counts.leased;
  };
  const total = Math.max(1, leftNow());
  const showProgress = (): void => {
    const left = leftNow();
    progress.update(`${total - left} of ${total} objects done, ${left} left`, (total - left) / total);
  };
  showProgress();
  const ticker = setInterval(showProgress, 250);
  try {
    const { result, remaining } = await sync.drain({ timeoutMs: waitMs }).finally(() => {
      clearInterval(ticker);
      showProgress();
      progress.finish();
    });
    io.stderr.write(
      `perfit sync: ${result.uploaded} uploaded, ${result.alreadyPresent} already in the bucket, ${result.deleted} deleted` +
        `${result.objectFailures > 0 ? `, ${result.objectFailures} failed attempts` : ''}; ${remaining} left\n`,
    );
    if (result.endpointError) io.stderr.write(`perfit sync: stopped: ${result.endpointError.message} [${result.endpointError.code}]\n`);
    return result.endpointError === null && remaining === 0;
  } finally {
    await sync.stop();
  }
}

/** A service runs: `expedite` woke it through the database; report its progress until done. */
async function waitForService(config: Config, db: Database.Database, io: CliIo, waitMs: number): Promise<boolean> {
  const { outbox } = openAvatarStores(db);
  const requestedAt = outbox.status().requestedAt ?? new Date().toISOString();
  const deadline = Date.now() + waitMs;
  const progress = progressLine(io.stderr, 'perfit sync');
  try {
    return await followService(outbox, requestedAt, deadline, progress, io, waitMs);
  } finally {
    progress.finish();
  }
}

async function followService(
  outbox: SyncOutbox,
  requestedAt: string,
  deadline: number,
  progress: ReturnType<typeof progressLine>,
  io: CliIo,
  waitMs: number,
): Promise<boolean> {
  let total = 0;
  for (;;) {
    const counts = outbox.counts();
    const left = counts.pendingUploads + counts.pendingDeletes + counts.leased;
    total = Math.max(total, left);
    progress.update(`${left} object(s) left`, total === 0 ? 1 : (total - left) / total);
    const status = outbox.status();
    // The service records the pass's outcome after its last object: wait for it so the summary printed is current.
    const since = (at: string | null): boolean => at !== null && at >= requestedAt;
    const outcomeRecorded = status.online !== false || since(status.lastSuccessAt) || since(status.lastErrorAt);
    if (left === 0 && (outcomeRecorded || Date.now() >= deadline)) return true;
    if (status.online === false && status.lastErrorAt !== null && status.lastErrorAt >= requestedAt) {
      progress.finish();
      io.stderr.write(`perfit sync: the service is offline: ${status.lastError ?? ''} [${status.lastErrorCode ?? ''}]\n`);
      return false;
    }
    if (Date.now() >= deadline) {
      progress.finish();
      io.stderr.write(`perfit sync: ${left} object(s) still queued after ${Math.round(waitMs / 1000)} s\n`);
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const syncCommand: CliCommand = {
  usage,
  run: runSync,
};
