import type { Logger } from 'pino';
import { WorkerClient, type WorkerFailure } from '../../threads/worker-client.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../threads/worker-factory.js';
import { CaptureCheckError, type CaptureCheckErrorCode } from './errors.js';
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
  /** Longest one check may take in the worker before the worker is taken for stuck and restarted. */
  timeoutMs?: number;
  /**
   * Checks waiting beyond this are refused at once (`capture_check_busy`): live guidance sends a
   * frame every few hundred ms, and a frame that waits longer is stale anyway.
   */
  maxQueued?: number;
}

const failureCodes: Record<WorkerFailure, CaptureCheckErrorCode> = {
  unavailable: 'capture_check_unavailable',
  crashed: 'capture_check_crashed',
  timeout: 'capture_check_timeout',
  closed: 'capture_checker_closed',
  busy: 'capture_check_busy',
};

/**
 * Starts the worker on `ready()` or the first `check()`. A worker that dies or gets stuck is
 * dropped: the check it held rejects with a CaptureCheckError and waiting checks go to a new one.
 */
export function createCaptureChecker(options: CaptureCheckerOptions = {}): CaptureChecker {
  const log = options.log;
  const client = new WorkerClient<FromCaptureCheckWorker, CaptureCheckResult>({
    name: 'capture-check',
    workerFactory: options.workerFactory ?? sourceWorkerFactory(new URL('./worker.ts', import.meta.url)),
    log,
    timeoutMs: options.timeoutMs ?? defaultCaptureCheckTimeoutMs,
    maxQueued: options.maxQueued ?? 8,
    messageSchema: fromCaptureCheckWorkerSchema,
    failure: (kind, message) => new CaptureCheckError(failureCodes[kind], message),
    classify(message) {
      switch (message.type) {
        case 'ready':
          return { kind: 'ready', fields: { human: message.humanVersion, backend: message.backend, loadMs: Math.round(message.loadMs), warmUpMs: Math.round(message.warmUpMs) } };
        case 'init_failed':
          return { kind: 'init_failed', message: message.message };
        case 'checked':
          return { kind: 'answer', id: message.id, result: message.result };
        case 'check_failed':
          if (message.code === 'capture_check_failed') log?.error({ message: message.message, stack: message.stack }, 'capture check failed');
          return { kind: 'refusal', id: message.id, error: new CaptureCheckError(message.code, message.message) };
      }
    },
  });
  return {
    ready: () => client.ready(),
    isReady: () => client.isReady(),
    check(imageBytes, view) {
      // A copy of our own, transferred: the caller keeps its bytes and the worker gets them without a second copy.
      const copy = new Uint8Array(imageBytes);
      return client.request((id) => {
        const message: ToCaptureCheckWorker = { type: 'check', id, view, imageBytes: copy };
        return { message, transfer: [copy.buffer] };
      });
    },
    close: () => client.close(),
  };
}
