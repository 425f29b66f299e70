import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AvatarRepository } from '../../avatars/avatar-repository.js';
import type { SyncState } from '../../avatars/types.js';
import type { Config } from '../../config.js';
import { toIsoTimestamp } from '../../db/row-parsing.js';
import { fullJitterDelayMs } from './backoff.js';
import { SyncDisabledError, SyncError } from './errors.js';
import { ErasureTombstones, erasedBefore } from './erasure-tombstones.js';
import { digestFile } from './file-digest.js';
import { sameContent, type ObjectStore } from './object-store.js';
import type { OutboxCounts, OutboxItem, SyncOutbox } from './outbox-repository.js';

export type SyncSettings = Config['sync'];

export interface SyncServiceOptions {
  db: Database.Database;
  outbox: SyncOutbox;
  avatars: Pick<AvatarRepository, 'get' | 'artifact' | 'markArtifactSynced' | 'recordSyncError' | 'resetFailedSync' | 'syncStateCounts'>;
  /**
   * Drops this kiosk's avatars of a customer made before another kiosk erased them (a tombstone in
   * the bucket). Without it such avatars are still never uploaded, but stay on this kiosk.
   */
  localErasure?: { eraseMadeBefore(userId: string, erasedAtIso: string): Promise<number> };
  /** The bucket; null while sync is off (no S3 endpoint configured). */
  store: ObjectStore | null;
  settings: SyncSettings;
  log: Logger;
  /** Epoch milliseconds (tests inject a clock). */
  now?: () => number;
  /** [0, 1) for the backoff jitter (tests inject a fixed one). */
  random?: () => number;
}

/** What one pass did. */
export interface PassResult {
  uploaded: number;
  /** Files found in the bucket already, with the same checksum: marked synced without an upload. */
  alreadyPresent: number;
  deleted: number;
  /** Rows with nothing left to do (their avatar or file was deleted meanwhile). */
  skipped: number;
  /** Object failures (counted attempts), retried later or failed for good. */
  objectFailures: number;
  /** Set when the endpoint failed and the pass stopped early. */
  endpointError: SyncError | null;
}

/** Overall sync state for GET /api/v1/sync and `perfit sync status`. */
export interface SyncSummary {
  enabled: boolean;
  /** True after the last contact succeeded, false after it failed, null before any (or while off). */
  online: boolean | null;
  detail: string;
  endpoint: string | null;
  bucket: string | null;
  queue: OutboxCounts & { length: number };
  avatars: Record<SyncState, number>;
  lastSuccessAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  /** When the loop tries again after an endpoint failure; null when it is not backing off. */
  retryAt: string | null;
}

/**
 * The summary from the database and what the caller knows of the endpoint: the running loop its
 * live state, `perfit sync status` (another process) the state the loop last recorded.
 */
export function buildSyncSummary(input: {
  outbox: Pick<SyncOutbox, 'counts' | 'status'>;
  avatars: Pick<AvatarRepository, 'syncStateCounts'>;
  store: Pick<ObjectStore, 'endpoint' | 'bucket'> | null;
  online: boolean | null;
  retryAt: string | null;
}): SyncSummary {
  const { outbox, store, retryAt } = input;
  const online = store ? input.online : null;
  const counts = outbox.counts();
  const length = counts.pendingUploads + counts.pendingDeletes + counts.leased + counts.failed;
  const persisted = outbox.status();
  const lastError =
    persisted.lastErrorAt && persisted.lastErrorCode && persisted.lastError
      ? { code: persisted.lastErrorCode, message: persisted.lastError, at: persisted.lastErrorAt }
      : null;
  const waiting = `${length} object${length === 1 ? '' : 's'} queued${counts.failed > 0 ? ` (${counts.failed} failed)` : ''}`;
  let detail: string;
  if (!store) detail = `Sync is off: no S3 endpoint is configured (PERFIT_S3_ENDPOINT); ${waiting} for when it is`;
  else if (online === false)
    detail = `Offline: ${lastError?.message ?? 'the last attempt failed'}; ${waiting}${retryAt ? `; next try at ${retryAt}` : ''}`;
  else if (online === null) detail = `Not in contact with ${store.endpoint} yet; ${waiting}`;
  else detail = `Online (${store.endpoint}, bucket ${store.bucket}); ${waiting}`;
  return {
    enabled: store !== null,
    online,
    detail,
    endpoint: store?.endpoint ?? null,
    bucket: store?.bucket ?? null,
    queue: { ...counts, length },
    avatars: input.avatars.syncStateCounts(),
    lastSuccessAt: persisted.lastSuccessAt,
    lastError,
    retryAt,
  };
}

/** An upload row whose object is verified in the bucket, to be recorded as synced. */
interface ObjectInBucket {
  item: OutboxItem;
  avatarId: string;
  name: string;
}

const emptyPass = (): PassResult => ({ uploaded: 0, alreadyPresent: 0, deleted: 0, skipped: 0, objectFailures: 0, endpointError: null });

/**
 * The sync loop (pipeline.md step 8): takes rows from the outbox and makes the bucket match, in
 * the main process, asynchronously; SQLite calls are short and everything else (file reads,
 * hashing, S3 requests) is awaited I/O, so it never holds up scans or API requests.
 *
 * - Uploads check the object first (stat): a file already there with the same size and SHA-256 is
 *   marked synced without a second upload, which is what makes a crash mid-upload harmless (and a
 *   database restored from a backup, or a second kiosk restored from the same one).
 * - Each upload is verified: the local file against the checksums recorded when it was written,
 *   the request with Content-MD5, the stored object by size and SHA-256 afterwards.
 * - An endpoint failure (unreachable, credentials, missing bucket) stops the pass and backs off
 *   the whole loop with exponential backoff and full jitter; the rows go back untouched. While
 *   offline with nothing to do the loop probes the bucket, so it notices when it is back.
 * - An object failure counts against that row (`maxAttempts`), with its own backoff.
 */
export class SyncService {
  readonly owner = `sync-${randomUUID()}`;
  private readonly now: () => number;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<PassResult> | null = null;
  /** The timer loop runs (start() called, stop() not yet). */
  private looping = false;
  /** stop() was called: passes end after the objects in flight. */
  private closing = false;
  private online: boolean | null = null;
  private endpointFailures = 0;
  private backoffUntilMs = 0;
  private lastRequestMs = 0;
  private lastErrorCode: string | null = null;
  private readonly tombstones: ErasureTombstones | null;
  /** Tombstones read during the current pass, by customer: one lookup per customer and pass. */
  private erasedAtByUser = new Map<string, Promise<string | null>>();

  constructor(private readonly options: SyncServiceOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.tombstones = options.store ? new ErasureTombstones(options.store, options.log) : null;
  }

  get enabled(): boolean {
    return this.options.store !== null;
  }

  /**
   * Starts the loop. Call only from the process that owns the data folder: leases left by a
   * previous run (kill -9 mid-upload) are taken back at once.
   */
  start(): void {
    const { outbox, log, store } = this.options;
    if (!store) {
      outbox.recordOnline(null);
      log.info('sync is off: no S3 endpoint is configured (PERFIT_S3_ENDPOINT); avatars stay on this kiosk and queue for later');
      return;
    }
    if (this.looping) return;
    this.looping = true;
    this.closing = false;
    const recovered = outbox.recoverAllLeases();
    const backfilled = outbox.backfill();
    this.lastRequestMs = this.requestedAtMs() ?? 0;
    log.info({ endpoint: store.endpoint, bucket: store.bucket, recovered, backfilled, queued: this.queueLength() }, 'sync started');
    this.schedule(0);
  }

  /** Stops the loop; the pass in progress gets `graceMs` to finish, then its requests are cut. */
  async stop(graceMs = 5_000): Promise<void> {
    this.looping = false;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const running = this.current;
    if (running) {
      let graceTimer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        running.then(() => false),
        new Promise<boolean>((resolve) => (graceTimer = setTimeout(() => resolve(true), graceMs))),
      ]);
      clearTimeout(graceTimer);
      // Cutting the sockets fails the requests in flight; their rows are released (or recovered at the next start).
      if (timedOut) this.options.store?.close();
      await running.catch(() => undefined);
    }
    this.options.store?.close();
  }

  /** Looks for work now (after an avatar is stored) instead of at the next interval, unless backing off. */
  wake(): void {
    if (this.looping && !this.current && this.now() >= this.backoffUntilMs) this.schedule(0);
  }

  /**
   * One pass now, whatever the backoff says (`perfit sync now`, tests, the bench): waits for a
   * pass in progress first. Throws SyncDisabledError while sync is off.
   */
  async runNow(): Promise<PassResult> {
    if (!this.options.store) throw new SyncDisabledError('Sync is off: no S3 endpoint is configured (PERFIT_S3_ENDPOINT)');
    while (this.current) await this.current.catch(() => undefined);
    return this.runPass();
  }

  /**
   * Runs passes until nothing is left to upload or delete (failed rows aside), the endpoint fails,
   * or `timeoutMs` passes. Rows waiting for their backoff are waited for.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<{ result: PassResult; remaining: number }> {
    const deadline = this.now() + (options.timeoutMs ?? 60_000);
    const total = emptyPass();
    for (;;) {
      const pass = await this.runNow();
      addPass(total, pass);
      if (pass.endpointError) {
        total.endpointError = pass.endpointError;
        break;
      }
      const counts = this.options.outbox.counts();
      const remaining = counts.pendingUploads + counts.pendingDeletes + counts.leased;
      if (remaining === 0 || this.now() >= deadline) break;
      const dueMs = this.options.outbox.nextDueAtMs();
      const waitMs = Math.max(5, Math.min(deadline - this.now(), (dueMs ?? this.now()) - this.now(), 1_000));
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    const counts = this.options.outbox.counts();
    return { result: total, remaining: counts.pendingUploads + counts.pendingDeletes + counts.leased };
  }

  /** For GET /api/v1/health (the SyncStatusSource of health/routes.ts). */
  status(): { enabled: boolean; online: boolean | null; detail: string } {
    const summary = this.summary();
    return { enabled: summary.enabled, online: summary.online, detail: summary.detail };
  }

  summary(): SyncSummary {
    const { store } = this.options;
    const retryAt = store && this.online === false && this.backoffUntilMs > this.now() ? toIsoTimestamp(this.backoffUntilMs) : null;
    return buildSyncSummary({ outbox: this.options.outbox, avatars: this.options.avatars, store, online: this.online, retryAt });
  }

  private queueLength(): number {
    const counts = this.options.outbox.counts();
    return counts.pendingUploads + counts.pendingDeletes + counts.leased + counts.failed;
  }

  private requestedAtMs(): number | null {
    const requestedAt = this.options.outbox.status().requestedAt;
    return requestedAt ? Date.parse(requestedAt) : null;
  }

  private schedule(delayMs: number): void {
    if (!this.looping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.tick();
      },
      Math.max(0, delayMs),
    );
  }

  private async tick(): Promise<void> {
    if (!this.looping) return;
    const { settings, log } = this.options;
    if (this.current) {
      // A pass started by runNow() is in progress; look again later (its rows are not ours to touch).
      this.schedule(settings.intervalMs);
      return;
    }
    // `perfit sync now` from another process asks through the database.
    const requestedMs = this.safely(() => this.requestedAtMs()) ?? null;
    if (requestedMs !== null && requestedMs > this.lastRequestMs) {
      this.lastRequestMs = requestedMs;
      this.backoffUntilMs = 0;
    }
    const waitMs = this.backoffUntilMs - this.now();
    if (waitMs > 0) {
      this.schedule(Math.min(settings.intervalMs, waitMs));
      return;
    }
    let result: PassResult;
    try {
      result = await this.runPass();
    } catch (error) {
      // Not an S3 failure (those are in the result): the database or a bug. Log it and keep going.
      log.error({ err: error }, 'sync pass failed unexpectedly');
      this.schedule(settings.intervalMs);
      return;
    }
    if (result.endpointError) this.schedule(Math.min(settings.intervalMs, Math.max(0, this.backoffUntilMs - this.now())));
    else this.schedule(this.delayUntilNextDue());
  }

  private delayUntilNextDue(): number {
    const due = this.safely(() => this.options.outbox.nextDueAtMs());
    const interval = this.options.settings.intervalMs;
    if (due === undefined || due === null) return interval;
    return Math.min(interval, Math.max(0, due - this.now()));
  }

  private runPass(): Promise<PassResult> {
    const pass = this.pass().finally(() => {
      if (this.current === pass) this.current = null;
    });
    this.current = pass;
    return pass;
  }

  private async pass(): Promise<PassResult> {
    const { outbox, settings, store } = this.options;
    if (!store) throw new SyncDisabledError('Sync is off');
    const result = emptyPass();
    this.erasedAtByUser = new Map();
    const renewTimer = setInterval(
      () => this.safely(() => outbox.renewLeases(this.owner, settings.leaseMs)),
      Math.max(1000, settings.leaseMs / 3),
    );
    renewTimer.unref();
    try {
      let contacted = false;
      while (!this.closing) {
        const items = outbox.lease(this.owner, settings.batchSize, settings.leaseMs);
        if (items.length === 0) break;
        contacted = true;
        const endpointError = await this.processBatch(items, result);
        if (endpointError) {
          result.endpointError = endpointError;
          break;
        }
        // Let HTTP requests and the inference host's messages in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!contacted && this.online !== true && !result.endpointError) {
        // Nothing to do, but not known to be online: a cheap request tells whether the endpoint is back.
        try {
          await store.probe();
        } catch (error) {
          result.endpointError = error instanceof SyncError ? error : new SyncError('internal_error', 'endpoint', (error as Error).message);
        }
        contacted = true;
      }
      if (result.endpointError) this.endpointFailed(result.endpointError);
      else if (contacted) this.endpointWorked(result);
    } finally {
      clearInterval(renewTimer);
    }
    return result;
  }

  /**
   * Up to `concurrency` rows at a time; returns the endpoint error that stopped the batch, if any.
   * The objects found or stored in the bucket are recorded together when the batch ends: one
   * durable commit per batch instead of one per object. A crash before it loses nothing: those rows
   * are taken back at the next start, and the check before upload finds the objects in the bucket.
   */
  private async processBatch(items: OutboxItem[], result: PassResult): Promise<SyncError | null> {
    const { outbox, settings } = this.options;
    const inBucket: ObjectInBucket[] = [];
    let next = 0;
    let endpointError: SyncError | null = null;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const item = items[next++]!;
        if (endpointError || this.closing) {
          this.safely(() => outbox.release(item.seq, this.owner));
          continue;
        }
        try {
          await this.perform(item, result, inBucket);
        } catch (error) {
          const syncError = asSyncError(error);
          if (syncError.code === 'internal_error')
            this.options.log.error({ err: error, seq: item.seq }, 'sync of one object failed unexpectedly');
          if (syncError.scope === 'endpoint') {
            endpointError ??= syncError;
            this.safely(() => outbox.release(item.seq, this.owner));
          } else {
            result.objectFailures += 1;
            this.objectFailed(item, syncError);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, items.length) }, worker));
    this.safely(() => this.markSynced(inBucket));
    return endpointError;
  }

  /** Does one row's work; an upload's object, once it is verified in the bucket, is added to `inBucket`. */
  private async perform(item: OutboxItem, result: PassResult, inBucket: ObjectInBucket[]): Promise<void> {
    const { outbox, avatars, store, log } = this.options;
    if (!store) throw new SyncDisabledError('Sync is off');
    if (item.op === 'delete') {
      if (item.name === null) {
        // The tombstone first: a kiosk that checks between the two steps must already see it.
        await this.tombstones!.write(item.userId, item.createdAt);
        const removed = await store.removePrefix(item.objectKey);
        log.info({ prefix: item.objectKey, removed }, "deleted a customer's objects from the bucket");
      } else {
        await store.remove(item.objectKey);
      }
      outbox.complete(item.seq, this.owner);
      result.deleted += 1;
      return;
    }

    const artifact = item.avatarId && item.name ? avatars.artifact(item.avatarId, item.name) : null;
    if (!artifact) {
      // The avatar was erased or the photo expired while this row waited: nothing to upload.
      outbox.complete(item.seq, this.owner);
      result.skipped += 1;
      return;
    }
    const avatar = avatars.get(artifact.avatarId);
    const erasedAt = await this.erasedAtOf(item.userId);
    if (avatar && erasedBefore(avatar.createdAt, erasedAt)) {
      outbox.complete(item.seq, this.owner);
      result.skipped += 1;
      const dropped = await this.options.localErasure?.eraseMadeBefore(item.userId, erasedAt!);
      log.info(
        { avatar_id: avatar.id, erased_at: erasedAt, dropped_here: dropped ?? 0 },
        'not uploaded: another kiosk erased this customer after this avatar was made',
      );
      return;
    }
    const local = await digestFile(artifact.localPath);
    if (!local) {
      throw new SyncError(
        'local_file_missing',
        'object',
        `${artifact.name} of avatar ${artifact.avatarId} is missing from this kiosk (${artifact.localPath})`,
        true,
      );
    }
    if (local.sizeBytes !== artifact.sizeBytes || local.sha256 !== artifact.sha256) {
      throw new SyncError(
        'local_file_corrupt',
        'object',
        `${artifact.name} of avatar ${artifact.avatarId} no longer matches the checksum recorded when it was stored ` +
          `(${local.sizeBytes} bytes, expected ${artifact.sizeBytes}); not uploaded`,
        true,
      );
    }
    const existing = await store.stat(item.objectKey);
    if (existing && sameContent(existing, artifact)) {
      // Uploaded before (a crash after the PUT, or another run): never a second upload.
      inBucket.push({ item, avatarId: artifact.avatarId, name: artifact.name });
      result.alreadyPresent += 1;
      return;
    }
    if (existing)
      log.warn(
        { key: item.objectKey, stored_bytes: existing.sizeBytes, local_bytes: artifact.sizeBytes },
        'the bucket holds other content under this key; replacing it with the local file',
      );
    await store.put(item.objectKey, artifact);
    const stored = await store.stat(item.objectKey);
    if (!stored || !sameContent(stored, artifact)) {
      throw new SyncError(
        'integrity_mismatch',
        'object',
        `After the upload, ${item.objectKey} in the bucket ` +
          `${stored ? `has ${stored.sizeBytes} bytes and another checksum` : 'is missing'}; expected ${artifact.sizeBytes} ` +
          `bytes, sha256 ${artifact.sha256}`,
      );
    }
    inBucket.push({ item, avatarId: artifact.avatarId, name: artifact.name });
    result.uploaded += 1;
  }

  private erasedAtOf(userId: string): Promise<string | null> {
    let lookup = this.erasedAtByUser.get(userId);
    if (!lookup) {
      lookup = this.tombstones!.erasedAt(userId);
      this.erasedAtByUser.set(userId, lookup);
    }
    return lookup;
  }

  private markSynced(objects: ObjectInBucket[]): void {
    if (objects.length === 0) return;
    const { avatars, outbox, log, db } = this.options;
    const syncedAtMs = this.now();
    const avatarsSynced = db.transaction(() => {
      const completed = new Set<string>();
      for (const { item, avatarId, name } of objects) {
        if (avatars.markArtifactSynced(avatarId, name, item.objectKey, syncedAtMs) === 'synced') completed.add(avatarId);
        outbox.complete(item.seq, this.owner);
      }
      return completed;
    })();
    for (const avatarId of avatarsSynced) log.debug({ avatar_id: avatarId }, 'avatar synced');
  }

  private objectFailed(item: OutboxItem, error: SyncError): void {
    const { outbox, avatars, settings, log, db } = this.options;
    const attempts = item.attempts + 1;
    // A customer's erasure must reach the bucket: a delete is never given up, only spaced out.
    const final = item.op === 'upload' && (error.permanent || attempts >= settings.maxAttempts);
    const detail = { code: error.code, message: error.message };
    this.safely(() =>
      db.transaction(() => {
        if (final) outbox.fail(item.seq, this.owner, detail);
        else outbox.retryLater(item.seq, this.owner, detail, this.now() + fullJitterDelayMs(attempts, settings, this.random));
        if (item.op === 'upload' && item.avatarId) {
          avatars.recordSyncError(
            item.avatarId,
            final
              ? `${error.message} [${error.code}]`
              : `${error.message} [${error.code}]; retrying (attempt ${attempts} of ${settings.maxAttempts})`,
            final,
          );
        }
        outbox.recordError(detail, this.online);
      })(),
    );
    if (final)
      log.error({ key: item.objectKey, code: error.code, attempts }, `sync of ${item.objectKey} failed for good: ${error.message}`);
    else log.warn({ key: item.objectKey, code: error.code, attempts }, `sync of ${item.objectKey} failed; retrying: ${error.message}`);
  }

  private endpointFailed(error: SyncError): void {
    const { outbox, settings, log } = this.options;
    this.endpointFailures += 1;
    const delayMs = fullJitterDelayMs(this.endpointFailures, settings, this.random);
    this.backoffUntilMs = this.now() + delayMs;
    const changed = this.online !== false || this.lastErrorCode !== error.code;
    this.online = false;
    this.lastErrorCode = error.code;
    this.safely(() => outbox.recordError({ code: error.code, message: error.message }, false));
    // One line when the state changes (offline, or another cause), not one per retry.
    const fields = { code: error.code, failures: this.endpointFailures, retryInMs: delayMs, queued: this.safely(() => this.queueLength()) };
    if (changed) log.warn(fields, `sync offline: ${error.message}`);
    else log.debug(fields, `sync still offline: ${error.message}`);
  }

  private endpointWorked(result: PassResult): void {
    const { outbox, log } = this.options;
    const wasOffline = this.online === false;
    this.online = true;
    this.endpointFailures = 0;
    this.backoffUntilMs = 0;
    this.lastErrorCode = null;
    const worked = result.uploaded + result.alreadyPresent + result.deleted;
    this.safely(() => (worked > 0 || wasOffline ? outbox.recordSuccess() : outbox.recordOnline(true)));
    if (wasOffline) log.info({ queued: this.safely(() => this.queueLength()) }, 'sync online again');
    if (worked > 0)
      log.info(
        { uploaded: result.uploaded, already_present: result.alreadyPresent, deleted: result.deleted, skipped: result.skipped },
        'sync pass done',
      );
  }

  /** SQLite can fail (disk full, busy); the loop logs and carries on rather than dying. */
  private safely<T>(call: () => T): T | undefined {
    try {
      return call();
    } catch (error) {
      this.options.log.error({ err: error }, 'sync bookkeeping failed');
      return undefined;
    }
  }
}

function asSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  return new SyncError('internal_error', 'object', `Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
}

function addPass(total: PassResult, pass: PassResult): void {
  total.uploaded += pass.uploaded;
  total.alreadyPresent += pass.alreadyPresent;
  total.deleted += pass.deleted;
  total.skipped += pass.skipped;
  total.objectFailures += pass.objectFailures;
}
