import type { Logger } from 'pino';
import { WorkerClient, type WorkerFailure } from '../../threads/worker-client.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../threads/worker-factory.js';
import type { FaceDetection, FaceDetector } from '../face-detector.js';
import { FaceCheckError, type FaceCheckErrorCode } from './errors.js';
import { fromFaceCheckWorkerSchema, type FromFaceCheckWorker, type ToFaceCheckWorker } from './messages.js';
import { defaultFaceCheckTimeoutMs } from './settings.js';

export interface FaceDetectorOptions {
  /** The Electron build passes the `?nodeWorker` factory of ./worker.ts; plain Node runs the source. */
  workerFactory?: WorkerFactory;
  log?: Logger;
  /** Longest one detection may take in the worker before the worker is taken for stuck and restarted. */
  timeoutMs?: number;
}

const failureCodes: Record<WorkerFailure, FaceCheckErrorCode> = {
  unavailable: 'face_detector_unavailable',
  crashed: 'face_check_crashed',
  timeout: 'face_check_timeout',
  closed: 'face_detector_closed',
  busy: 'face_check_busy',
};

/**
 * The face check of POST /api/v1/avatar, in its own worker thread (./worker.ts) so that tfjs never
 * blocks the service's event loop. The worker starts on `ready()` or the first `detect()`; if it
 * dies, the request it held rejects with `face_check_crashed` and waiting ones go to a new worker.
 */
export function createFaceDetector(options: FaceDetectorOptions = {}): FaceDetector {
  const log = options.log;
  const client = new WorkerClient<FromFaceCheckWorker, FaceDetection>({
    name: 'face-check',
    workerFactory: options.workerFactory ?? sourceWorkerFactory(new URL('./worker.ts', import.meta.url)),
    log,
    timeoutMs: options.timeoutMs ?? defaultFaceCheckTimeoutMs,
    messageSchema: fromFaceCheckWorkerSchema,
    failure: (kind, message) => new FaceCheckError(failureCodes[kind], message),
    classify(message) {
      switch (message.type) {
        case 'ready':
          return { kind: 'ready', fields: { backend: message.backend, model: message.model, loadMs: Math.round(message.loadMs), warmUpMs: Math.round(message.warmUpMs) } };
        case 'init_failed':
          return { kind: 'init_failed', message: message.message };
        case 'detected':
          return { kind: 'answer', id: message.id, result: message.detection };
        case 'detect_failed':
          if (message.code === 'face_check_failed') log?.error({ message: message.message, stack: message.stack }, 'face detection failed');
          return { kind: 'refusal', id: message.id, error: new FaceCheckError(message.code, message.message) };
      }
    },
  });
  return {
    ready: () => client.ready(),
    isReady: () => client.isReady(),
    detect(imageBytes) {
      // Copy into an ArrayBuffer of our own and transfer it: the caller keeps its bytes (the API
      // still stores the upload), and the worker gets them without a second copy.
      const copy = new Uint8Array(imageBytes);
      return client.request((id) => {
        const message: ToFaceCheckWorker = { type: 'detect', id, imageBytes: copy };
        return { message, transfer: [copy.buffer] };
      });
    },
    close: () => client.close(),
  };
}
