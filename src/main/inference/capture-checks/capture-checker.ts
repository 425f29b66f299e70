import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { sourceWorkerFactory, type WorkerFactory } from '../../threads/worker-factory.js';
import { CaptureCheckError } from './errors.js';
import { defaultCaptureCheckTimeoutMs } from './human-settings.js';
import { fromCaptureCheckWorkerSchema, type CaptureCheckResult, type FromCaptureCheckWorker, type ToCaptureCheckWorker } from './messages.js';
import type { CaptureView } from './types.js';

export type { CaptureCheckResult } from './messages.js';

/** The live capture check of POST /api/v1/capture/check, answered by its own worker thread. */
export interface CaptureChecker {
  /** Resolves when Human's models are loaded and warmed up in the worker. */
  ready(): Promise<void>;
  isReady(): boolean;
  /** Checks one encoded JPEG/PNG/WebP photo as the front or side view of a scan. */
  check(imageBytes: Uint8Array, view: CaptureView): Promise<CaptureCheckResult>;
  close(): Promise<void>;
}

export interface CaptureCheckerOptions {
  /** The Electron build passes the `?nodeWorker` factory of ./worker.ts; plain Node runs the source. */
  workerFactory?: WorkerFactory;
  log?: Logger;
  /** Longest a check may take before the worker is taken for stuck and restarted. */
  timeoutMs?: number;
}

interface Pending {
  resolve(result: CaptureCheckResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface RunningWorker {
  worker: Worker;
  ready: Promise<void>;
  settleReady(error?: CaptureCheckError): void;
}

/**
 * Starts the worker on `ready()` or the first `check()`. A worker that dies, fails to load or gets
 * stuck is dropped: the requests it held reject with a CaptureCheckError and the next request
 * starts a new one.
 */
export function createCaptureChecker(options: CaptureCheckerOptions = {}): CaptureChecker {
  const workerFactory = options.workerFactory ?? sourceWorkerFactory(new URL('./worker.ts', import.meta.url));
  const log = options.log?.child({ component: 'capture-check' });
  const timeoutMs = options.timeoutMs ?? defaultCaptureCheckTimeoutMs;
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let current: RunningWorker | null = null;
  let isReady = false;
  let closed = false;

  const rejectAll = (error: CaptureCheckError): void => {
    for (const [id, request] of pending) {
      clearTimeout(request.timer);
      pending.delete(id);
      request.reject(error);
    }
  };

  const discard = (running: RunningWorker, error: CaptureCheckError): void => {
    running.settleReady(error);
    if (current !== running) return;
    current = null;
    isReady = false;
    void running.worker.terminate().catch(() => undefined);
    rejectAll(error);
  };

  const answer = (message: Extract<FromCaptureCheckWorker, { id: number }>): void => {
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    clearTimeout(request.timer);
    if (message.type === 'checked') {
      request.resolve(message.result);
      return;
    }
    if (message.code === 'capture_check_failed') log?.error({ message: message.message, stack: message.stack }, 'capture check failed');
    request.reject(new CaptureCheckError(message.code, message.message));
  };

  const start = (): RunningWorker => {
    if (closed) throw new CaptureCheckError('capture_checker_closed', 'The capture checker is closed');
    if (current) return current;
    const worker = workerFactory({ stdout: false, stderr: false });
    let settle: (error?: CaptureCheckError) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    // A caller that only checks may never await ready(); a failure reaches it through check().
    ready.catch(() => undefined);
    const running: RunningWorker = { worker, ready, settleReady: (error) => settle(error) };
    current = running;

    worker.on('message', (raw: unknown) => {
      const parsed = fromCaptureCheckWorkerSchema.safeParse(raw);
      if (!parsed.success) {
        log?.error({ issues: parsed.error.issues.slice(0, 3) }, 'malformed message from the capture-check worker');
        return;
      }
      const message = parsed.data;
      if (message.type === 'ready') {
        isReady = true;
        log?.info({ human: message.humanVersion, backend: message.backend, loadMs: Math.round(message.loadMs), warmUpMs: Math.round(message.warmUpMs) }, 'capture checker ready');
        running.settleReady();
      } else if (message.type === 'init_failed') {
        const error = new CaptureCheckError('capture_check_unavailable', `The capture check could not load: ${message.message}`);
        log?.error({ err: error }, 'capture checker failed to load');
        discard(running, error);
      } else {
        answer(message);
      }
    });
    worker.on('error', (error) => log?.error({ err: error }, 'capture-check worker error'));
    worker.on('exit', (code) => {
      // A worker this checker stopped itself (closed, stuck, failed to load) is not a crash.
      if (current !== running) return;
      log?.error({ exitCode: code, inFlight: pending.size }, 'capture-check worker exited');
      discard(running, new CaptureCheckError('capture_check_crashed', `The capture-check worker stopped unexpectedly (exit code ${code}); the next request starts a new one`));
    });
    return running;
  };

  return {
    async ready() {
      await start().ready;
    },
    isReady: () => isReady && current !== null,
    async check(imageBytes, view) {
      const running = start();
      await running.ready;
      if (closed) throw new CaptureCheckError('capture_checker_closed', 'The capture checker is closed');
      // A copy of our own, transferred: the caller keeps its bytes and the worker gets them without a second copy.
      const copy = new Uint8Array(imageBytes);
      const id = nextId++;
      return new Promise<CaptureCheckResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          log?.error({ timeoutMs }, 'capture-check worker stuck, restarting');
          discard(running, new CaptureCheckError('capture_check_timeout', `The capture check took more than ${timeoutMs} ms; the worker is restarted`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        const message: ToCaptureCheckWorker = { type: 'check', id, view, imageBytes: copy };
        running.worker.postMessage(message, [copy.buffer]);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const error = new CaptureCheckError('capture_checker_closed', 'The capture checker was closed before the check finished');
      rejectAll(error);
      const running = current;
      current = null;
      isReady = false;
      if (running) {
        running.settleReady(error);
        await running.worker.terminate();
      }
    },
  };
}
