import type { FaceDetection } from '../face-detector.js';
import { nestedWorkerUrl } from '../../threads/nested-worker-url.js';
import { WorkerClient, type WorkerFailure } from '../../threads/worker-client.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../threads/worker-factory.js';
import { fromFaceThreadSchema, type FaceThreadInit, type FromFaceThread, type ToFaceThread } from './face-thread-messages.js';

/** Where the face thread's entry is, for this module's URL (nested-worker-url.ts). */
export function faceThreadUrl(moduleUrl: string = import.meta.url): URL {
  return nestedWorkerUrl(moduleUrl, { name: 'face-thread-worker', sourceFolder: 'inference/human-checks' });
}

/**
 * BlazeFace answers in tens of milliseconds; a thread still busy after this is stuck, and the check
 * finds its faces here instead, well within the check's own deadline (defaultCaptureCheckTimeoutMs).
 */
const faceThreadTimeoutMs = 5_000;
/** After this many loads or crashes of the thread, the worker finds faces itself for the rest of its life. */
const maxThreadFailures = 2;

class FaceThreadFailure extends Error {
  override readonly name = 'FaceThreadFailure';
  constructor(
    readonly kind: WorkerFailure | 'refused',
    message: string,
  ) {
    super(message);
  }
}

export interface FaceFinder {
  detectFaces(imageBytes: Uint8Array): Promise<FaceDetection>;
  /**
   * Starts the thread unless it runs, is starting or has failed for good. Called once a check has
   * been answered: loaded during a check, it slowed that check by about 0.2 s.
   */
  start(): void;
  close(): Promise<void>;
}

export interface FaceThreadOptions {
  /** This thread's own face detection: used until the face thread has loaded, and whenever it cannot answer. */
  local: Pick<FaceFinder, 'detectFaces'>;
  warmUpInference: boolean;
  cacheDir: string | null;
  log: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;
  workerFactory?: WorkerFactory;
}

/**
 * Finds a live check's faces in a thread of its own (face-thread-worker.ts), while this thread
 * runs the segmentation and BlazePose on the same frame: on the kiosk's two cores a check then
 * waits for the slower of the two instead of for both. The thread loads once `start` is called,
 * while `local` answers; a thread that cannot load or dies is replaced once (by the next `start`),
 * then `local` answers for good. The same model, settings and photo size give the same faces
 * either way, so a check's answer does not depend on which thread found them.
 */
export function faceThreadFinder(options: FaceThreadOptions): FaceFinder {
  const factory = options.workerFactory ?? sourceWorkerFactory(faceThreadUrl());
  let failures = 0;
  let starting = false;
  const client = new WorkerClient<FromFaceThread, FaceDetection>({
    name: 'face-thread',
    workerFactory: factory,
    workerData: { warmUpInference: options.warmUpInference, cacheDir: options.cacheDir } satisfies FaceThreadInit,
    timeoutMs: faceThreadTimeoutMs,
    messageSchema: fromFaceThreadSchema,
    failure: (kind, message) => new FaceThreadFailure(kind, message),
    classify(message) {
      switch (message.type) {
        case 'ready':
          options.log('info', 'the face thread is ready', { loadMs: Math.round(message.loadMs) });
          return { kind: 'ready', fields: {} };
        case 'init_failed':
          return { kind: 'init_failed', message: message.message };
        case 'detected':
          return { kind: 'answer', id: message.id, result: message.detection };
        case 'detect_failed':
          return { kind: 'refusal', id: message.id, error: new FaceThreadFailure('refused', message.message) };
      }
    },
  });

  const failed = (error: unknown): void => {
    // A frame the thread refused (it does not decode) is refused by `local` too, with its own error.
    if (error instanceof FaceThreadFailure && error.kind === 'refused') return;
    failures += 1;
    options.log('warn', 'the face thread failed; faces are found in the checks thread', {
      reason: (error as Error).message,
      retry: failures < maxThreadFailures,
    });
  };

  const start = (): void => {
    if (starting || failures >= maxThreadFailures) return;
    starting = true;
    client
      .ready()
      .catch(failed)
      .finally(() => {
        starting = false;
      });
  };

  return {
    async detectFaces(imageBytes) {
      if (failures >= maxThreadFailures || !client.isReady()) return options.local.detectFaces(imageBytes);
      try {
        return await client.request((id) => ({ message: { type: 'detect', id, imageBytes } satisfies ToFaceThread }));
      } catch (error) {
        failed(error);
        return options.local.detectFaces(imageBytes);
      }
    },
    start,
    close: () => client.close(),
  };
}
