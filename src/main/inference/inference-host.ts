import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { snakeCaseKeys } from '../log-keys.js';
import { avatarCaptureOf } from '../avatars/avatar-capture.js';
import { contractMeasurementsFrom } from '../avatars/contract-measurements.js';
import type { AvatarWarning, NewAvatar } from '../avatars/types.js';
import type { CalibrationStore } from '../calibration/calibration-store.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { isJobErrorCode, type Job, type JobErrorCode } from '../jobs/types.js';
import type { ArtifactStore } from '../storage/artifact-store.js';
import { serviceWorkerOptions, type WorkerFactory } from '../threads/worker-factory.js';
import { defaultCaptureCheckTimeoutMs } from './capture-checks/human-settings.js';
import { FaceCheckError, type FaceCheckErrorCode } from './face-check/errors.js';
import type { FaceDetection } from './face-detector.js';
import type { InferenceStatus, PipelineInfo, ScanResult } from './pipeline.js';
import { fromWorkerSchema, type FromWorker, type ToWorker, type WorkerInit } from './worker-messages.js';

export interface JobEvents {
  jobCompleted?(job: Job, durationMs: number): void;
  jobFailed?(job: Job, code: string): void;
  stageTimed?(stage: string, durationMs: number): void;
}

export interface InferenceHostOptions {
  queue: JobQueue;
  artifacts: ArtifactStore;
  log: Logger;
  workerFactory: WorkerFactory;
  init: WorkerInit;
  leaseMs: number;
  /** How often an idle host looks for pending jobs. */
  pollIntervalMs?: number;
  /** Longest wait before a crashed worker is started again (doubles from 250 ms). */
  maxRestartDelayMs?: number;
  /** A scan still running this long after the worker received it is stuck: the worker is terminated. */
  scanTimeoutMs: number;
  /** A worker that has not loaded its pipeline (or said it cannot) this long after it started is stuck. */
  workerStartTimeoutMs: number;
  events?: JobEvents;
  /** The kiosk camera's calibration: given to each scan, and told where each scan saw the floor line. */
  calibration?: Pick<CalibrationStore, 'forScan' | 'recordFloorCheck'>;
  /**
   * A loaded worker without a scan this long is stopped (its models' memory, onnxruntime's included,
   * only goes with the thread) and started again by the next job or `prepare()`. Unset or 0: it stays.
   */
  idleReleaseMs?: number;
  /** A face check (`detectFaces`) unanswered this long after the worker received it is stuck (default 15 s, as the checks worker's). */
  faceCheckTimeoutMs?: number;
}

interface PendingFaceCheck {
  resolve(detection: FaceDetection): void;
  reject(error: FaceCheckError): void;
  timer: NodeJS.Timeout;
}

interface RunningScan {
  job: Job;
  startedMs: number;
  renewTimer: NodeJS.Timeout;
  deadlineTimer: NodeJS.Timeout;
}

/**
 * Runs the inference worker thread and feeds it jobs from the queue, one at a time: lease a job,
 * send it to the worker, record progress, store the artifacts and the avatar on success, fail or
 * retry it otherwise. A crashed worker is restarted and its job retried (up to the attempt limit).
 * A watchdog terminates a worker that is stuck in a scan or in its start-up, so one hung scan
 * (a deadlocked native call, an endless loop) cannot hold the queue and its lease forever.
 */
export class InferenceHost {
  readonly owner = `inference-${randomUUID()}`;
  private worker: Worker | null = null;
  private pipeline: PipelineInfo | null = null;
  private initError: { code: string; message: string } | null = null;
  private readyWaiters: Array<() => void> = [];
  private running: RunningScan | null = null;
  private restarts = 0;
  private consecutiveCrashes = 0;
  private stopped = true;
  private pollTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private startTimer: NodeJS.Timeout | null = null;
  private readonly pollIntervalMs: number;
  private readonly maxRestartDelayMs: number;
  private idleWaiters: Array<() => void> = [];
  /** The pipeline of a worker stopped while idle: it loaded, so the service stays ready meanwhile. */
  private released: PipelineInfo | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly faceChecks = new Map<number, PendingFaceCheck>();
  private lastFaceCheckId = 0;

  constructor(private readonly options: InferenceHostOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.maxRestartDelayMs = options.maxRestartDelayMs ?? 10_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.spawnWorker();
    this.schedulePoll(0);
  }

  /** Resolves when the worker has loaded its pipeline or reported that it cannot. */
  whenSettled(): Promise<void> {
    if (this.pipeline || this.initError || this.released) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Looks for work now instead of at the next poll (called after a job is created). */
  wake(): void {
    if (!this.stopped && !this.running) this.schedulePoll(0);
  }

  /**
   * Starts loading a worker stopped while idle, ahead of a scan that is likely soon (a customer in
   * live guidance), so that the scan does not wait for the load.
   */
  prepare(): void {
    this.reload(true);
  }

  /**
   * Loads a worker stopped while idle. Ahead of a scan it warms its networks up as at start; for a
   * job already waiting it does not, since the job's own photo pays the same first-run set-up.
   */
  private reload(warmUp: boolean): void {
    this.clearIdleTimer();
    if (!this.stopped && this.released && !this.worker && !this.restartTimer) this.spawnWorker(warmUp);
  }

  /**
   * The face check of a scan, answered by the worker with the Human its pipeline loaded, so that a
   * one-off `perfit scan` loads Human once rather than once more in a checks worker. Fails with the
   * face check's error codes, as the checks worker's detector does.
   */
  async detectFaces(imageBytes: Uint8Array): Promise<FaceDetection> {
    if (this.stopped) throw new FaceCheckError('face_detector_closed', 'The inference worker is stopped');
    this.reload(false);
    await this.whenSettled();
    const worker = this.worker;
    if (this.stopped) throw new FaceCheckError('face_detector_closed', 'The inference worker is stopped');
    if (!worker) throw new FaceCheckError('face_detector_unavailable', 'The inference worker is restarting; try again shortly');
    this.clearIdleTimer();
    const id = (this.lastFaceCheckId += 1);
    return new Promise<FaceDetection>((resolve, reject) => {
      const timer = setTimeout(() => this.onFaceCheckTimeout(worker, id), this.options.faceCheckTimeoutMs ?? defaultCaptureCheckTimeoutMs);
      this.faceChecks.set(id, { resolve, reject, timer });
      // A copy of our own is transferred: the caller keeps its bytes.
      const copy = new Uint8Array(imageBytes);
      const message: ToWorker = { type: 'detect', id, imageBytes: copy };
      worker.postMessage(message, [copy.buffer]);
    });
  }

  /** Whether the worker has its pipeline loaded now: not loading, failed or stopped while idle. */
  loaded(): boolean {
    return this.pipeline !== null && this.worker !== null;
  }

  status(): InferenceStatus {
    return {
      ready: this.loaded() || this.released !== null,
      pipeline: this.pipeline ?? this.released,
      error: this.initError ? this.initError.message : null,
      busy: this.running !== null,
      restarts: this.restarts,
    };
  }

  /**
   * Stops taking jobs. The scan in progress may finish within `graceMs`; after that the worker is
   * terminated and the job goes back to the queue (it counts as an attempt).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    this.clearIdleTimer();
    this.released = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.clearStartTimer();
    if (this.running) {
      const finished = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      const timedOut = await Promise.race([finished.then(() => false), delay(graceMs).then(() => true)]);
      if (timedOut && this.running) {
        const scan = this.running;
        this.endScan();
        this.safely(() =>
          this.options.queue.fail(scan.job.id, this.owner, {
            code: 'service_stopped',
            message: 'The service stopped while this scan was running; it will be retried',
            retry: true,
          }),
        );
      }
    }
    this.failFaceChecks('face_detector_closed', 'The inference worker was stopped before the face check finished');
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.removeAllListeners('exit');
      await worker.terminate();
    }
  }

  private spawnWorker(warmUp = true): void {
    const init = warmUp ? this.options.init : { ...this.options.init, warmUpInference: false };
    const worker = this.options.workerFactory(serviceWorkerOptions(init));
    this.worker = worker;
    worker.on('message', (raw: unknown) => this.onMessage(worker, raw));
    worker.on('error', (error) => {
      this.options.log.error({ err: error }, 'inference worker error');
    });
    worker.on('exit', (code) => this.onExit(worker, code));
    this.clearStartTimer();
    this.startTimer = setTimeout(() => this.onStartTimeout(worker), this.options.workerStartTimeoutMs);
  }

  private clearStartTimer(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
  }

  private onStartTimeout(worker: Worker): void {
    this.startTimer = null;
    if (worker !== this.worker || this.stopped) return;
    const seconds = Math.round(this.options.workerStartTimeoutMs / 1000);
    // Jobs fail with this code (instead of waiting forever) until a restarted worker reports ready.
    this.initError = { code: 'worker_start_timeout', message: `The inference worker did not load its pipeline within ${seconds} s` };
    this.options.log.error({ timeout_ms: this.options.workerStartTimeoutMs }, 'inference worker start-up timed out; terminating it');
    this.settle();
    this.replaceStuckWorker(worker);
  }

  private onScanTimeout(worker: Worker, jobId: string): void {
    if (worker !== this.worker || this.running?.job.id !== jobId) return;
    const seconds = Math.round(this.options.scanTimeoutMs / 1000);
    this.options.log.error({ job_id: jobId, timeout_ms: this.options.scanTimeoutMs }, 'scan timed out; terminating the inference worker');
    this.replaceStuckWorker(worker);
    this.finishWithFailure(jobId, 'scan_timeout', `The scan did not finish within ${seconds} s; the inference worker was restarted`, true);
  }

  private onFaceCheckTimeout(worker: Worker, id: number): void {
    const seconds = Math.round((this.options.faceCheckTimeoutMs ?? defaultCaptureCheckTimeoutMs) / 1000);
    this.settleFaceCheck(id, (pending) =>
      pending.reject(new FaceCheckError('face_check_timeout', `The face check did not finish within ${seconds} s`)),
    );
    this.options.log.error({ timeout_ms: this.options.faceCheckTimeoutMs ?? defaultCaptureCheckTimeoutMs }, 'face check timed out');
    // A scan in progress has its own deadline, which replaces the worker if it is stuck; a worker with none is replaced now.
    if (worker === this.worker && !this.running) this.replaceStuckWorker(worker);
  }

  private settleFaceCheck(id: number, settle: (pending: PendingFaceCheck) => void): void {
    const pending = this.faceChecks.get(id);
    if (!pending) return;
    this.faceChecks.delete(id);
    clearTimeout(pending.timer);
    settle(pending);
  }

  private failFaceChecks(code: FaceCheckErrorCode, message: string): void {
    for (const id of [...this.faceChecks.keys()]) this.settleFaceCheck(id, (pending) => pending.reject(new FaceCheckError(code, message)));
  }

  private onMessage(worker: Worker, raw: unknown): void {
    if (worker !== this.worker) return;
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.log.error({ issues: parsed.error.issues.slice(0, 3) }, 'malformed message from inference worker');
      return;
    }
    this.handle(parsed.data);
  }

  private handle(message: FromWorker): void {
    const log = this.options.log;
    switch (message.type) {
      case 'ready':
        this.clearStartTimer();
        this.pipeline = message.info;
        this.released = null;
        this.initError = null;
        this.consecutiveCrashes = 0;
        log.info(
          {
            pipeline: message.info.name,
            version: message.info.version,
            provider: message.info.executionProvider,
            warm_up_ms: Math.round(message.warmUpMs),
          },
          `inference pipeline ready: ${message.info.selectionNote}`,
        );
        this.settle();
        this.wake();
        return;
      case 'init_failed':
        this.clearStartTimer();
        this.initError = { code: message.code, message: message.message };
        this.released = null;
        log.error({ code: message.code }, `inference pipeline unavailable: ${message.message}`);
        this.settle();
        this.wake();
        return;
      case 'log':
        log[message.level](snakeCaseKeys(message.fields ?? {}), message.message);
        return;
      case 'progress':
        this.onProgress(message);
        return;
      case 'result':
        this.onResult(message.jobId, message.result, message.warnings, message.totalMs);
        return;
      case 'scan_failed':
        if (message.stack) log.error({ job_id: message.jobId, code: message.code, stack: message.stack }, 'scan failed');
        this.finishWithFailure(message.jobId, message.code, message.message, message.retry);
        return;
      case 'detected':
        this.settleFaceCheck(message.id, (pending) => pending.resolve(message.detection));
        return;
      case 'detect_failed':
        if (message.code === 'face_check_failed') log.error({ message: message.message, stack: message.stack }, 'face detection failed');
        this.settleFaceCheck(message.id, (pending) => pending.reject(new FaceCheckError(message.code, message.message)));
        return;
    }
  }

  private settle(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private onProgress(message: Extract<FromWorker, { type: 'progress' }>): void {
    const scan = this.running;
    if (!scan || scan.job.id !== message.jobId) return;
    const timing = message.timing ?? undefined;
    this.safely(() => this.options.queue.reportProgress(scan.job.id, this.owner, message.stage, message.percent, timing));
    if (timing) {
      this.options.log.info(
        { job_id: scan.job.id, stage: timing.stage, duration_ms: Math.round(timing.durationMs) },
        'scan stage finished',
      );
      this.options.events?.stageTimed?.(timing.stage, timing.durationMs);
    }
  }

  private onResult(jobId: string, result: ScanResult, warnings: AvatarWarning[], totalMs: number): void {
    const scan = this.running;
    if (!scan || scan.job.id !== jobId) return;
    const { queue, artifacts, log } = this.options;
    const avatarId = randomUUID();
    try {
      const newAvatar = this.avatarFrom(scan.job, avatarId, result, warnings);
      const files = [
        ...result.artifacts,
        artifacts.sourceFileFrom(scan.job.inputImagePath),
        ...(scan.job.sideImagePath ? [artifacts.sourceFileFrom(scan.job.sideImagePath, 'side')] : []),
        { name: 'avatar.json', contentType: 'application/json', bytes: Buffer.from(JSON.stringify(newAvatar, null, 2)) },
      ];
      const records = artifacts.write(avatarId, files);
      try {
        queue.complete(jobId, this.owner, { avatar: newAvatar, artifacts: records });
      } catch (error) {
        artifacts.remove(avatarId);
        throw error;
      }
      log.info({ job_id: jobId, avatar_id: avatarId, total_ms: Math.round(totalMs) }, 'scan completed');
      this.recordCameraCheck(result);
      const done = queue.get(jobId);
      if (done) this.options.events?.jobCompleted?.(done, totalMs);
      this.endScan();
    } catch (error) {
      log.error({ job_id: jobId, err: error }, 'storing the scan result failed');
      const code = (error as { code?: unknown }).code;
      this.finishWithFailure(
        jobId,
        code === 'disk_full' ? 'disk_full' : 'storage_failed',
        `Storing the result failed: ${(error as Error).message}`,
        true,
      );
    }
  }

  /** A failure to note the floor line costs only the watch for a moved camera, never the scan. */
  private recordCameraCheck(result: ScanResult): void {
    const check = result.cameraCheck;
    if (!check || !this.options.calibration) return;
    try {
      this.options.calibration.recordFloorCheck(check.calibrationId, check.floorShare, check.tiltChangeDeg ?? null);
    } catch (error) {
      this.options.log.warn({ err: error }, "could not note the scan's floor line for the calibration check");
    }
  }

  private avatarFrom(job: Job, avatarId: string, result: ScanResult, warnings: AvatarWarning[]): NewAvatar {
    return {
      id: avatarId,
      userId: job.userId,
      jobId: job.id,
      gender: job.gender,
      betas: result.betas,
      bodyPose: result.bodyPose,
      globalOrient: result.globalOrient,
      measurements: result.measurements,
      provenance: result.provenance,
      warnings,
      capture: avatarCaptureOf(job, result),
      consent: job.consent,
      // Set here, not by the queue, so that avatar.json (read back by other kiosks) carries it too.
      createdAt: new Date().toISOString(),
      ...contractMeasurementsFrom(result.measurements),
    };
  }

  private finishWithFailure(jobId: string, code: JobErrorCode, message: string, retry: boolean): void {
    const scan = this.running;
    if (!scan || scan.job.id !== jobId) return;
    this.endScan();
    this.failJob(jobId, code, message, retry);
  }

  private failJob(jobId: string, code: JobErrorCode, message: string, retry: boolean): void {
    const failed = this.safely(() => this.options.queue.fail(jobId, this.owner, { code, message, retry }));
    if (failed && failed.status === 'failed') this.options.events?.jobFailed?.(failed, code);
    this.options.log.warn({ job_id: jobId, code, retry, status: failed?.status }, `scan failed: ${message}`);
  }

  private endScan(): void {
    if (this.running) {
      clearInterval(this.running.renewTimer);
      clearTimeout(this.running.deadlineTimer);
    }
    this.running = null;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
    if (!this.stopped) this.schedulePoll(0);
  }

  private onExit(worker: Worker, exitCode: number): void {
    if (worker !== this.worker) return;
    this.detachWorker();
    if (this.stopped) return;
    this.options.log.error({ exit_code: exitCode, restarts: this.restarts + 1 }, 'inference worker exited; restarting it');
    const scan = this.running;
    if (scan)
      this.finishWithFailure(scan.job.id, 'worker_crashed', `The inference worker stopped (exit code ${exitCode}) during this scan`, true);
    this.scheduleRestart();
  }

  /** Forgets the current worker, so that no job is dispatched to it while it dies. */
  private detachWorker(): void {
    this.failFaceChecks('face_check_crashed', 'The inference worker stopped during the face check; a new one is started');
    this.worker = null;
    this.pipeline = null;
    this.released = null;
    this.clearStartTimer();
  }

  /** Stops a loaded worker that had no scan for `idleReleaseMs` (armed by a poll that found no job). */
  private armIdleRelease(): void {
    const idleMs = this.options.idleReleaseMs;
    if (!idleMs || this.idleTimer || !this.worker || !this.pipeline || this.running || this.faceChecks.size > 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const worker = this.worker;
      if (this.stopped || this.running || !worker || !this.pipeline || this.faceChecks.size > 0) return;
      this.released = this.pipeline;
      this.worker = null;
      this.pipeline = null;
      worker.removeAllListeners('exit');
      void worker.terminate();
      this.options.log.info({ idle_ms: idleMs }, 'inference worker idle, stopped to free its memory; the next scan loads it again');
    }, idleMs);
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private scheduleRestart(): void {
    this.restarts += 1;
    this.consecutiveCrashes += 1;
    const delayMs = Math.min(this.maxRestartDelayMs, 250 * 2 ** Math.min(this.consecutiveCrashes - 1, 10));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.spawnWorker();
    }, delayMs);
  }

  /** Terminates a stuck worker and starts another, as after a crash. */
  private replaceStuckWorker(worker: Worker): void {
    this.detachWorker();
    worker.removeAllListeners('exit');
    void worker.terminate();
    if (!this.stopped) this.scheduleRestart();
  }

  private schedulePoll(delayMs: number): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.poll();
    }, delayMs);
  }

  private poll(): void {
    if (this.stopped || this.running) return;
    if (this.released && !this.worker) {
      // Stopped while idle: a waiting job starts a new worker; its 'ready' brings the next poll.
      if ((this.safely(() => this.options.queue.pendingCount()) ?? 0) > 0) this.reload(false);
      this.schedulePoll(this.pollIntervalMs);
      return;
    }
    const settled = this.pipeline !== null || this.initError !== null;
    if (!settled || (this.pipeline && !this.worker)) {
      this.schedulePoll(this.pollIntervalMs);
      return;
    }
    const job = this.safely(() => this.options.queue.lease(this.owner));
    if (!job) {
      this.armIdleRelease();
      this.schedulePoll(this.pollIntervalMs);
      return;
    }
    this.clearIdleTimer();
    if (!this.pipeline || !this.worker) {
      // A loader's own code (a missing model file, …) is not a job's: the job says no pipeline runs, the message says why.
      const { initError } = this;
      if (initError && isJobErrorCode(initError.code)) this.failJob(job.id, initError.code, initError.message, false);
      else
        this.failJob(
          job.id,
          'no_pipeline',
          initError ? `${initError.message} [${initError.code}]` : 'No inference pipeline is loaded',
          false,
        );
      this.schedulePoll(0);
      return;
    }
    this.dispatch(this.worker, job);
  }

  private dispatch(worker: Worker, job: Job): void {
    const renewTimer = setInterval(
      () => {
        const renewed = this.safely(() => this.options.queue.renewLease(job.id, this.owner));
        if (renewed === false) this.options.log.warn({ job_id: job.id }, 'lost the lease on a running scan');
      },
      Math.max(1000, Math.floor(this.options.leaseMs / 3)),
    );
    // The deadline counts from the hand-over to the worker, not from the job's creation.
    const deadlineTimer = setTimeout(() => this.onScanTimeout(worker, job.id), this.options.scanTimeoutMs);
    this.running = { job, startedMs: performance.now(), renewTimer, deadlineTimer };
    this.options.log.info({ job_id: job.id, attempt: job.attempts }, 'scan started');
    const message: ToWorker = {
      type: 'run',
      input: {
        jobId: job.id,
        imagePath: job.inputImagePath,
        sideImagePath: job.sideImagePath,
        framePaths: job.framePaths,
        sideFramePaths: job.sideFramePaths,
        gender: job.gender,
        heightCm: job.heightCm,
        clothing: job.clothing,
        shoes: job.shoes,
        calibration: this.options.calibration?.forScan() ?? null,
      },
    };
    worker.postMessage(message);
  }

  /** Queue calls can fail (lease lost, disk full); the host logs and carries on rather than dying. */
  private safely<T>(call: () => T): T | undefined {
    try {
      return call();
    } catch (error) {
      this.options.log.error({ err: error }, 'job queue operation failed');
      return undefined;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
