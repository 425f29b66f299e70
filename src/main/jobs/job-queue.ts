import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AvatarRepository } from '../avatars/avatar-repository.js';
import type { CompletedScan } from '../avatars/types.js';
import { toIsoTimestamp } from '../db/row-parsing.js';
import { CompletionMismatchError, JobExistsError, JobNotFoundError, JobStateError, LeaseLostError, QueueFullError } from './errors.js';
import { insertedJobColumns, jobAsWritten, jobReader, type JobReader, type JobRowValues } from './job-rows.js';
import {
  jobStatuses,
  type EnqueueInput,
  type FailInput,
  type Job,
  type JobQueueOptions,
  type JobStatus,
  type ListJobsFilter,
  type RecoveryResult,
  type StageTiming,
} from './types.js';

/** Why a processing job is taken back: recorded in its error message. */
const recoveryReasons = {
  expired: 'its lease expired without being renewed',
  restart: 'the service stopped while it was running',
} as const;

/**
 * The job store and queue in SQLite, safe for several connections (the service and the CLI):
 *
 * - `enqueue` adds a pending job (refused with QueueFullError beyond `maxPending`).
 * - `lease` hands the oldest pending job to one owner, atomically (BEGIN IMMEDIATE), for `leaseMs`;
 *   the owner renews the lease while it works and ends it with `complete` or `fail`.
 * - A job whose lease expires (its worker or process died) goes back to pending, or fails with
 *   'attempts_exhausted' once it has used `maxAttempts` attempts: a poison job cannot block the queue.
 *   `lease` recovers expired leases itself before it picks a job.
 * - `complete` records the avatar, its artifacts and the finished job in one transaction.
 *
 * Every read is parsed into `Job` by the row mapper (a corrupt row is a CorruptRowError). The Job that
 * enqueue returns is the row as it wrote it, checked by the mapper's column checks instead of read
 * back, unless a value written might not read back as given.
 */
export class JobQueue {
  private readonly now: () => number;
  private readonly avatars: Pick<AvatarRepository, 'insertInTransaction'>;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly transactions: ReturnType<JobQueue['prepareTransactions']>;
  /** `list`'s statements, one per combination of filters (four at most), prepared on first use. */
  private readonly listReaders = new Map<string, JobReader<[ListParams]>>();

  constructor(
    private readonly db: Database.Database,
    private readonly options: JobQueueOptions,
    /** Where `complete` stores the avatar, in the completion's transaction. */
    avatars: Pick<AvatarRepository, 'insertInTransaction'>,
  ) {
    for (const key of ['maxPending', 'maxAttempts', 'leaseMs', 'retryAfterSeconds'] as const) {
      const value = options[key];
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`JobQueue option ${key} must be a positive integer, not ${value}`);
    }
    this.now = options.now ?? Date.now;
    this.avatars = avatars;
    this.statements = prepareStatements(db);
    this.transactions = this.prepareTransactions();
  }

  /** Adds a pending job; throws QueueFullError when `maxPending` jobs are already waiting. */
  enqueue(input: EnqueueInput): Job {
    return this.transactions.enqueue.immediate(input);
  }

  get(id: string): Job | null {
    return this.statements.byId.get(id) ?? null;
  }

  /** Jobs, newest first, optionally of one status and/or customer. */
  list(filter: ListJobsFilter = {}): Job[] {
    if (filter.limit !== undefined && (!Number.isInteger(filter.limit) || filter.limit < 1)) {
      throw new RangeError(`limit must be a positive integer, not ${filter.limit}`);
    }
    const conditions: string[] = [];
    if (filter.status !== undefined) conditions.push('status = @status');
    if (filter.userId !== undefined) conditions.push('user_id = @userId');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    let reader = this.listReaders.get(where);
    if (reader === undefined) {
      reader = jobReader(this.db.prepare<[ListParams], unknown>(`SELECT * FROM jobs ${where} ORDER BY seq DESC LIMIT @limit`));
      this.listReaders.set(where, reader);
    }
    return reader.all({ status: filter.status ?? null, userId: filter.userId ?? null, limit: filter.limit ?? -1 });
  }

  /** How many jobs are in each status (every status present, zero included). */
  counts(): Record<JobStatus, number> {
    const counts = Object.fromEntries(jobStatuses.map((status) => [status, 0])) as Record<JobStatus, number>;
    for (const row of this.statements.counts.all()) {
      if ((jobStatuses as readonly string[]).includes(row.status)) counts[row.status as JobStatus] = row.count;
    }
    return counts;
  }

  pendingCount(): number {
    return this.statements.pendingCount.get()!.count;
  }

  /**
   * Takes the oldest pending job for `owner`, or null when none waits. Atomic across connections:
   * two workers never get the same job. Expired leases are recovered first. Each lease counts as an
   * attempt and starts the job's progress afresh.
   */
  lease(owner: string): Job | null {
    return this.transactions.lease.immediate(owner);
  }

  /** Extends the lease; false when `owner` no longer holds it. */
  renewLease(id: string, owner: string): boolean {
    const nowMs = this.now();
    const result = this.statements.renew.run({ id, owner, expiresAtMs: nowMs + this.options.leaseMs, nowIso: toIsoTimestamp(nowMs) });
    return result.changes === 1;
  }

  /**
   * Records the stage and overall percent (0..100) of a running job, and appends the timing of a
   * finished stage. False when `owner` no longer holds the lease (nothing is written).
   */
  reportProgress(id: string, owner: string, stage: string, percent: number, timing?: StageTiming): boolean {
    if (!Number.isFinite(percent) || percent < 0 || percent > 100)
      throw new RangeError(`progress percent must be within 0..100, not ${percent}`);
    if (timing && (!Number.isFinite(timing.durationMs) || timing.durationMs < 0)) {
      throw new RangeError(`stage duration must be a non-negative number of ms, not ${timing.durationMs}`);
    }
    const result = this.statements.progress.run({
      id,
      owner,
      stage,
      percent,
      timing: timing ? JSON.stringify({ stage: timing.stage, durationMs: timing.durationMs }) : null,
      nowIso: toIsoTimestamp(this.now()),
    });
    return result.changes === 1;
  }

  /**
   * Finishes a job: inserts the avatar and its artifact records and marks the job completed, all in
   * one transaction. Throws LeaseLostError (nothing written) when `owner` no longer holds the lease.
   * The stored avatar is `AvatarRepository.get(scan.avatar.id)`.
   */
  complete(id: string, owner: string, scan: CompletedScan): void {
    this.transactions.complete.immediate(id, owner, scan);
  }

  /**
   * Ends an attempt that failed. With `retry` and attempts left the job goes back to pending (the
   * error kept as its last error); otherwise it fails for good with the code and message.
   * Throws LeaseLostError when `owner` no longer holds the lease.
   */
  fail(id: string, owner: string, failure: FailInput): Job {
    const nowIso = toIsoTimestamp(this.now());
    const job = this.statements.fail.get({
      id,
      owner,
      code: failure.code,
      message: failure.message,
      retry: failure.retry ? 1 : 0,
      nowIso,
    });
    if (job === undefined) this.throwNotOwned(id, owner);
    return job;
  }

  /** Processing jobs whose lease has expired: back to pending, or failed once their attempts are used up. */
  recoverExpiredLeases(): RecoveryResult {
    return this.transactions.recover.immediate(this.now(), 'expired');
  }

  /**
   * At start-up of a single-process service: every job still processing belongs to a process that
   * died, whatever its lease says. Same attempts rule as `recoverExpiredLeases`.
   */
  recoverAllProcessing(): RecoveryResult {
    return this.transactions.recover.immediate(Number.MAX_SAFE_INTEGER, 'restart');
  }

  /**
   * The extra frames (multi-frame capture) of up to `limit` jobs that have ended, completed or
   * failed, with each job's lists emptied in the same transaction: the caller deletes the files
   * after this commits, so a row never names a deleted frame (a crash in between leaves only files
   * in the job's upload folder, which its retention removes). A failed job retried later runs on
   * its first frames alone.
   */
  takeEndedJobFrames(limit = 100): { jobId: string; paths: string[] }[] {
    return this.transactions.takeEndedFrames.immediate(limit);
  }

  /** Puts a failed job back in the queue with its attempts reset (`perfit jobs retry`). */
  retry(id: string): Job {
    const retried = this.statements.retry.get({ id, maxAttempts: this.options.maxAttempts, nowIso: toIsoTimestamp(this.now()) });
    if (retried !== undefined) return retried;
    const job = this.get(id);
    if (!job) throw new JobNotFoundError(id);
    throw new JobStateError(`Job ${id} is ${job.status}; only a failed job can be retried`);
  }

  private prepareTransactions() {
    const { db, statements } = this;
    const recover = (cutoffMs: number, reason: keyof typeof recoveryReasons, nowIso: string): RecoveryResult => {
      const result = { requeued: 0, failed: 0 };
      // Every lease recovers first, and there is nearly always nothing to recover: a read that finds
      // no abandoned job costs a tenth of the UPDATE that changes none (RETURNING runs it through a temporary table).
      if (statements.anyAbandoned.get(cutoffMs) === undefined) return result;
      for (const status of statements.recoverAbandoned.all({ cutoffMs, reason: recoveryReasons[reason], nowIso })) {
        if (status === 'failed') result.failed += 1;
        else result.requeued += 1;
      }
      return result;
    };
    return {
      enqueue: db.transaction((input: EnqueueInput): Job => {
        const pending = statements.pendingCount.get()!.count;
        if (pending >= this.options.maxPending) {
          throw new QueueFullError(pending, this.options.maxPending, this.options.retryAfterSeconds);
        }
        const id = input.id ?? randomUUID();
        if (input.id !== undefined && statements.exists.get(id) !== undefined) throw new JobExistsError(id);
        const nowIso = toIsoTimestamp(this.now());
        // Every column is bound, none left to its default, so that the values written are the whole row.
        const row: JobRowValues = {
          seq: null,
          id,
          user_id: input.userId,
          status: 'pending',
          gender: input.gender,
          input_image_path: input.inputImagePath,
          side_image_path: input.sideImagePath ?? null,
          frame_paths_json: JSON.stringify(input.framePaths ?? []),
          side_frame_paths_json: JSON.stringify(input.sideFramePaths ?? []),
          height_cm: input.heightCm ?? null,
          consent: input.consent === undefined || input.consent === null ? null : input.consent ? 1 : 0,
          clothing: input.clothing ?? null,
          shoes: typeof input.shoes === 'string' ? input.shoes : null,
          shoe_sole_cm: typeof input.shoes === 'object' && input.shoes !== null ? input.shoes.soleCm : null,
          avatar_id: null,
          error_code: null,
          error_message: null,
          rq_job_id: id,
          attempts: 0,
          max_attempts: this.options.maxAttempts,
          lease_owner: null,
          lease_expires_at: null,
          progress_stage: null,
          progress_percent: 0,
          stage_timings_json: '[]',
          pipeline: null,
          pipeline_version: null,
          request_id: input.requestId ?? null,
          created_at: nowIso,
          started_at: null,
          completed_at: null,
          updated_at: nowIso,
        };
        const { lastInsertRowid } = statements.insert.run(row);
        row.seq = lastInsertRowid;
        // Read back only where a value written might not read back as given.
        return jobAsWritten(row) ?? statements.bySeq.get(lastInsertRowid)!;
      }),
      lease: db.transaction((owner: string): Job | null => {
        const nowMs = this.now();
        const nowIso = toIsoTimestamp(nowMs);
        recover(nowMs, 'expired', nowIso);
        const seq = statements.oldestPending.get();
        if (seq === undefined) return null;
        statements.lease.run({ seq, owner, expiresAtMs: nowMs + this.options.leaseMs, nowIso });
        return statements.bySeq.get(seq)!;
      }),
      complete: db.transaction((id: string, owner: string, scan: CompletedScan): void => {
        const job = statements.leaseState.get(id);
        if (!job) throw new JobNotFoundError(id);
        if (job.status !== 'processing' || job.lease_owner !== owner) throw this.leaseLost(id, owner, job);
        const { avatar: newAvatar } = scan;
        if (newAvatar.jobId !== null && newAvatar.jobId !== id) {
          throw new CompletionMismatchError(`The avatar to store for job ${id} names job ${newAvatar.jobId}`);
        }
        if (newAvatar.userId !== job.user_id) {
          throw new CompletionMismatchError(
            `The avatar to store for job ${id} is for user ${newAvatar.userId}, the job for ${job.user_id}`,
          );
        }
        const nowIso = toIsoTimestamp(this.now());
        this.avatars.insertInTransaction({ ...newAvatar, jobId: id, createdAt: newAvatar.createdAt ?? nowIso }, scan.artifacts);
        statements.complete.run({
          id,
          avatarId: newAvatar.id,
          pipeline: newAvatar.provenance.pipeline,
          pipelineVersion: newAvatar.provenance.pipelineVersion,
          nowIso,
        });
      }),
      takeEndedFrames: db.transaction((limit: number) => {
        const taken = statements.endedWithFrames
          .all(limit)
          .map((job) => ({ jobId: job.id, paths: [...job.framePaths, ...job.sideFramePaths] }));
        for (const { jobId } of taken) statements.clearFrames.run({ id: jobId, nowIso: toIsoTimestamp(this.now()) });
        return taken;
      }),
      recover: db.transaction((cutoffMs: number, reason: keyof typeof recoveryReasons): RecoveryResult =>
        recover(cutoffMs, reason, toIsoTimestamp(this.now())),
      ),
    };
  }

  private throwNotOwned(id: string, owner: string): never {
    const job = this.statements.leaseState.get(id);
    if (!job) throw new JobNotFoundError(id);
    throw this.leaseLost(id, owner, job);
  }

  private leaseLost(id: string, owner: string, job: LeaseState): LeaseLostError {
    const detail =
      job.status === 'processing'
        ? `the job is now leased by ${job.lease_owner ?? 'nobody'}`
        : `the job is ${job.status} (its lease expired and it was recovered, or it was already finished)`;
    return new LeaseLostError(id, owner, detail);
  }
}

interface ListParams {
  status: JobStatus | null;
  userId: string | null;
  limit: number;
}

interface LeaseState {
  user_id: string;
  status: string;
  lease_owner: string | null;
}

function prepareStatements(db: Database.Database) {
  const clearLease = 'lease_owner = NULL, lease_expires_at = NULL';
  return {
    byId: jobReader(db.prepare<[string], unknown>('SELECT * FROM jobs WHERE id = ?')),
    // Lease reads its row back by its seq (and enqueue, where a value written might not read back as
    // given): cheaper than RETURNING *, which SQLite runs through a temporary table.
    bySeq: jobReader(db.prepare<[number | bigint], unknown>('SELECT * FROM jobs WHERE seq = ?')),
    oldestPending: db.prepare<[], number>("SELECT seq FROM jobs WHERE status = 'pending' ORDER BY seq LIMIT 1").pluck(),
    exists: db.prepare<[string], number>('SELECT 1 FROM jobs WHERE id = ?').pluck(),
    leaseState: db.prepare<[string], LeaseState>('SELECT user_id, status, lease_owner FROM jobs WHERE id = ?'),
    pendingCount: db.prepare<[], { count: number }>("SELECT COUNT(*) AS count FROM jobs WHERE status = 'pending'"),
    counts: db.prepare<[], { status: string; count: number }>('SELECT status, COUNT(*) AS count FROM jobs GROUP BY status'),
    insert: db.prepare<[JobRowValues]>(
      `INSERT INTO jobs (${insertedJobColumns.join(', ')}) VALUES (${insertedJobColumns.map((name) => `@${name}`).join(', ')})`,
    ),
    lease: db.prepare<[{ seq: number; owner: string; expiresAtMs: number; nowIso: string }]>(`UPDATE jobs SET
        status = 'processing', attempts = attempts + 1, lease_owner = @owner, lease_expires_at = @expiresAtMs,
        started_at = COALESCE(started_at, @nowIso), progress_stage = NULL, progress_percent = 0,
        stage_timings_json = '[]', updated_at = @nowIso
      WHERE seq = @seq`),
    renew: db.prepare<[{ id: string; owner: string; expiresAtMs: number; nowIso: string }]>(`UPDATE jobs SET
        lease_expires_at = @expiresAtMs, updated_at = @nowIso
      WHERE id = @id AND status = 'processing' AND lease_owner = @owner`),
    progress: db.prepare<[{ id: string; owner: string; stage: string; percent: number; timing: string | null; nowIso: string }]>(
      `UPDATE jobs SET
        progress_stage = @stage, progress_percent = @percent,
        stage_timings_json = CASE WHEN @timing IS NULL THEN stage_timings_json
          ELSE json_insert(stage_timings_json, '$[#]', json(@timing)) END,
        updated_at = @nowIso
      WHERE id = @id AND status = 'processing' AND lease_owner = @owner`,
    ),
    complete: db.prepare<[{ id: string; avatarId: string; pipeline: string; pipelineVersion: string; nowIso: string }]>(`UPDATE jobs SET
        status = 'completed', avatar_id = @avatarId, completed_at = @nowIso, ${clearLease}, progress_percent = 100,
        error_code = NULL, error_message = NULL, pipeline = @pipeline, pipeline_version = @pipelineVersion,
        updated_at = @nowIso
      WHERE id = @id`),
    fail: jobReader(
      db.prepare<[{ id: string; owner: string; code: string; message: string; retry: 0 | 1; nowIso: string }], unknown>(`UPDATE jobs SET
        status = CASE WHEN @retry = 1 AND attempts < max_attempts THEN 'pending' ELSE 'failed' END,
        completed_at = CASE WHEN @retry = 1 AND attempts < max_attempts THEN NULL ELSE @nowIso END,
        error_code = @code, error_message = @message, ${clearLease}, updated_at = @nowIso
      WHERE id = @id AND status = 'processing' AND lease_owner = @owner
      RETURNING *`),
    ),
    anyAbandoned: db.prepare<[number], number>("SELECT 1 FROM jobs WHERE status = 'processing' AND lease_expires_at <= ? LIMIT 1").pluck(),
    // Recovery, one statement: an abandoned job that has used its attempts fails, the others are queued again.
    recoverAbandoned: db
      .prepare<[{ cutoffMs: number; reason: string; nowIso: string }], string>(
        `UPDATE jobs SET
        status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
        error_code = CASE WHEN attempts >= max_attempts THEN 'attempts_exhausted' ELSE 'job_abandoned' END,
        error_message = CASE WHEN attempts >= max_attempts
          THEN 'Abandoned after ' || attempts || ' attempts (the last ended because ' || @reason ||
            '); not retried again' || COALESCE('. Last error: ' || error_message, '')
          ELSE 'Attempt ' || attempts || ' was abandoned because ' || @reason || '; queued again' END,
        completed_at = CASE WHEN attempts >= max_attempts THEN @nowIso ELSE completed_at END,
        ${clearLease}, updated_at = @nowIso
      WHERE status = 'processing' AND lease_expires_at <= @cutoffMs
      RETURNING status`,
      )
      .pluck(),
    endedWithFrames: jobReader(
      db.prepare<[number], unknown>(
        `SELECT * FROM jobs WHERE status IN ('completed', 'failed')
        AND (frame_paths_json <> '[]' OR side_frame_paths_json <> '[]') ORDER BY seq LIMIT ?`,
      ),
    ),
    clearFrames: db.prepare<[{ id: string; nowIso: string }]>(
      `UPDATE jobs SET frame_paths_json = '[]', side_frame_paths_json = '[]', updated_at = @nowIso WHERE id = @id`,
    ),
    retry: jobReader(
      db.prepare<[{ id: string; maxAttempts: number; nowIso: string }], unknown>(`UPDATE jobs SET
        status = 'pending', attempts = 0, max_attempts = @maxAttempts, completed_at = NULL,
        progress_stage = NULL, progress_percent = 0, stage_timings_json = '[]', updated_at = @nowIso
      WHERE id = @id AND status = 'failed'
      RETURNING *`),
    ),
  };
}
