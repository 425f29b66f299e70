import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { sourceWorkerFactory, type WorkerFactory } from '../../threads/worker-factory.js';
import type { FaceDetection, FaceDetector } from '../face-detector.js';
import { FaceCheckError } from './errors.js';
import { fromFaceCheckWorkerSchema, type FromFaceCheckWorker, type ToFaceCheckWorker } from './messages.js';
import { defaultFaceCheckTimeoutMs } from './settings.js';

export interface FaceDetectorOptions {
  /** The Electron build passes the `?nodeWorker` factory of ./worker.ts; plain Node runs the source. */
  workerFactory?: WorkerFactory;
  log?: Logger;
  /** Longest a detection may take before the worker is taken for stuck and restarted. */
  timeoutMs?: number;
}

interface Pending {
  resolve(detection: FaceDetection): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface RunningWorker {
  worker: Worker;
  ready: Promise<void>;
  /** Rejects `ready` if it has not settled (no-op afterwards). */
  failReady(error: FaceCheckError): void;
}

/**
 * The face check of POST /api/v1/avatar, in its own worker thread (./worker.ts) so that tfjs never
 * blocks the service's event loop. The worker starts on `ready()` or the first `detect()`; if it
 * dies, the requests it held reject with `face_check_crashed` and the next request starts a new one.
 */
export function createFaceDetector(options: FaceDetectorOptions = {}): FaceDetector {
  const workerFactory = options.workerFactory ?? sourceWorkerFactory(new URL('./worker.ts', import.meta.url));
  const log = options.log?.child({ component: 'face-check' });
  const timeoutMs = options.timeoutMs ?? defaultFaceCheckTimeoutMs;
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let current: RunningWorker | null = null;
  let isReady = false;
  let closed = false;

  const rejectAll = (error: FaceCheckError): void => {
    for (const [id, request] of pending) {
      clearTimeout(request.timer);
      pending.delete(id);
      request.reject(error);
    }
  };

  /** Forgets the worker (it died, failed to load or got stuck) and rejects what it held. */
  const discard = (running: RunningWorker, error: FaceCheckError): void => {
    running.failReady(error);
    if (current !== running) return;
    current = null;
    isReady = false;
    void running.worker.terminate().catch(() => undefined);
    rejectAll(error);
  };

  const start = (): RunningWorker => {
    if (closed) throw new FaceCheckError('face_detector_closed', 'The face detector is closed');
    if (current) return current;
    const worker = workerFactory({ stdout: false, stderr: false });
    let settle: { resolve(): void; reject(error: Error): void } = { resolve: () => undefined, reject: () => undefined };
    const ready = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A caller that only detects may never await ready(); its failure reaches it through detect().
    ready.catch(() => undefined);
    const running: RunningWorker = { worker, ready, failReady: (error) => settle.reject(error) };
    current = running;

    const onMessage = (message: FromFaceCheckWorker): void => {
      switch (message.type) {
        case 'ready':
          isReady = true;
          log?.info({ backend: message.backend, model: message.model, loadMs: Math.round(message.loadMs), warmUpMs: Math.round(message.warmUpMs) }, 'face detector ready');
          settle.resolve();
          return;
        case 'init_failed': {
          const error = new FaceCheckError('face_detector_unavailable', `The face detector could not load: ${message.message}`);
          log?.error({ err: error }, 'face detector failed to load');
          discard(running, error);
          return;
        }
        case 'detected':
        case 'detect_failed': {
          const request = pending.get(message.id);
          if (!request) return;
          pending.delete(message.id);
          clearTimeout(request.timer);
          if (message.type === 'detected') {
            request.resolve(message.detection);
          } else {
            if (message.code === 'face_check_failed') log?.error({ message: message.message, stack: message.stack }, 'face detection failed');
            request.reject(new FaceCheckError(message.code, message.message));
          }
          return;
        }
      }
    };

    worker.on('message', (raw: unknown) => {
      const parsed = fromFaceCheckWorkerSchema.safeParse(raw);
      if (!parsed.success) {
        log?.error({ issues: parsed.error.issues.slice(0, 3) }, 'malformed message from the face-check worker');
        return;
      }
      onMessage(parsed.data);
    });
    worker.on('error', (error) => log?.error({ err: error }, 'face-check worker error'));
    worker.on('exit', (code) => {
      // A worker this detector stopped itself (closed, stuck, failed to load) is not a crash.
      if (current !== running) return;
      const error = new FaceCheckError(
        'face_check_crashed',
        `The face-check worker stopped unexpectedly (exit code ${code}); the next request starts a new one`,
      );
      log?.error({ exitCode: code, inFlight: pending.size }, 'face-check worker exited');
      discard(running, error);
    });
    return running;
  };

  return {
    async ready() {
      await start().ready;
    },
    isReady: () => isReady && current !== null,
    async detect(imageBytes) {
      const running = start();
      await running.ready;
      if (closed) throw new FaceCheckError('face_detector_closed', 'The face detector is closed');
      // Copy into an ArrayBuffer of our own and transfer it: the caller keeps its bytes (the API
      // still stores the upload), and the worker gets them without a second copy.
      const copy = new Uint8Array(imageBytes);
      const id = nextId++;
      return new Promise<FaceDetection>((resolve, reject) => {
        const timer = setTimeout(() => {
          const error = new FaceCheckError('face_check_timeout', `Face detection took more than ${timeoutMs} ms; the worker is restarted`);
          log?.error({ timeoutMs }, 'face-check worker stuck, restarting');
          discard(running, error);
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        const message: ToFaceCheckWorker = { type: 'detect', id, imageBytes: copy };
        running.worker.postMessage(message, [copy.buffer]);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const error = new FaceCheckError('face_detector_closed', 'The face detector was closed before the detection finished');
      rejectAll(error);
      const running = current;
      current = null;
      isReady = false;
      if (running) {
        running.failReady(error);
        await running.worker.terminate();
      }
    },
  };
}
