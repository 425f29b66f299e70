import type { Logger } from 'pino';
import { WorkerClient, type WorkerFailure } from '../../threads/worker-client.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../threads/worker-factory.js';
import type { CaptureChecker } from '../capture-checks/capture-checker.js';
import { CaptureCheckError, type CaptureCheckErrorCode } from '../capture-checks/errors.js';
import { defaultCaptureCheckTimeoutMs } from '../capture-checks/human-settings.js';
import type { CaptureCheckResult } from '../capture-checks/messages.js';
import { FaceCheckError, type FaceCheckErrorCode } from '../face-check/errors.js';
import type { FaceDetection, FaceDetector } from '../face-detector.js';
import {
  fromHumanChecksWorkerSchema,
  type FromHumanChecksWorker,
  type HumanChecksWorkerInit,
  type ToHumanChecksWorker,
} from './messages.js';
import { humanChecksWorkerInit, humanChecksWorkerUrl } from './human-checks-worker.js';

export interface HumanChecksOptions {
  /** The Electron build passes the `?nodeWorker` factory of ./worker.ts; plain Node runs the source. */
  workerFactory?: WorkerFactory;
  log?: Logger;
  /** Longest one detection or check may take in the worker before it is taken for stuck and restarted. */
  timeoutMs?: number;
  /**
   * Capture checks waiting beyond this are refused at once (`capture_check_busy`): live guidance
   * sends a frame every few hundred ms, and a frame that waits longer is stale anyway. A scan's face
   * check goes first and is never refused.
   */
  maxQueuedChecks?: number;
  /**
   * The worker (one set of Human's networks: about 140 MB resident) is
   * stopped after this long without a check and started again by the next one (about 0.8 s).
   * Unset: it stays loaded.
   */
  idleReleaseMs?: number;
  /**
   * Whether the worker answers live capture checks (default true). Without them (the CLI's one-off
   * scan) it loads the face model only: a third of the load and warm-up, and the face check is the same.
   */
  captureChecks?: boolean;
  /** Warm the models up with a blank image while loading (default true); the CLI's one-off scan does not. */
  warmUpInference?: boolean;
  /** Where the converted networks are kept between starts (none: converted on every load). */
  cacheDir?: string;
}

/** The face check of a scan and the live capture check, answered by one worker thread. */
export interface HumanChecks {
  faceDetector: FaceDetector;
  captureChecker: CaptureChecker;
  /** Stops the worker (closing either check does too). */
  close(): Promise<void>;
}

type Answer = { type: 'detected'; detection: FaceDetection } | { type: 'checked'; result: CaptureCheckResult };

/** A failure of the thread itself; each check turns it into its own error code. */
class HumanChecksFailure extends Error {
  constructor(
    readonly kind: WorkerFailure,
    message: string,
  ) {
    super(message);
  }
}

const faceCodes: Record<WorkerFailure, FaceCheckErrorCode> = {
  unavailable: 'face_detector_unavailable',
  crashed: 'face_check_crashed',
  timeout: 'face_check_timeout',
  closed: 'face_detector_closed',
  busy: 'face_check_busy',
};
const captureCodes: Record<WorkerFailure, CaptureCheckErrorCode> = {
  unavailable: 'capture_check_unavailable',
  crashed: 'capture_check_crashed',
  timeout: 'capture_check_timeout',
  closed: 'capture_checker_closed',
  busy: 'capture_check_busy',
};

function translated<E extends Error>(toDomain: (failure: HumanChecksFailure) => E): (error: unknown) => never {
  return (error) => {
    throw error instanceof HumanChecksFailure ? toDomain(error) : error;
  };
}

/**
 * Starts the worker (./worker.ts) on `ready()` or the first request, and stops it again after
 * `idleReleaseMs` without requests. A worker that dies or gets
 * stuck is replaced: the request it held fails with its check's error code (`face_check_crashed`,
 * `capture_check_timeout`, …) and waiting requests go to the new worker.
 */
export function createHumanChecks(options: HumanChecksOptions = {}): HumanChecks {
  const log = options.log;
  const init = humanChecksWorkerInit(options);
  const client = new WorkerClient<FromHumanChecksWorker, Answer>({
    name: 'human-checks',
    workerFactory: options.workerFactory ?? sourceWorkerFactory(humanChecksWorkerUrl),
    workerData: init,
    workerDataForRequest: { ...init, warmUpInference: false } satisfies HumanChecksWorkerInit,
    log,
    timeoutMs: options.timeoutMs ?? defaultCaptureCheckTimeoutMs,
    maxQueued: options.maxQueuedChecks ?? 8,
    idleReleaseMs: options.idleReleaseMs,
    messageSchema: fromHumanChecksWorkerSchema,
    failure: (kind, message) => new HumanChecksFailure(kind, message),
    classify(message) {
      switch (message.type) {
        case 'ready':
          return {
            kind: 'ready',
            fields: {
              human: message.humanVersion,
              backend: message.backend,
              loadMs: Math.round(message.loadMs),
              warmUpMs: Math.round(message.warmUpMs),
            },
          };
        case 'init_failed':
          return { kind: 'init_failed', message: message.message };
        case 'detected':
          return { kind: 'answer', id: message.id, result: { type: 'detected', detection: message.detection } };
        case 'checked':
          return { kind: 'answer', id: message.id, result: { type: 'checked', result: message.result } };
        case 'detect_failed':
          if (message.code === 'face_check_failed') log?.error({ message: message.message, stack: message.stack }, 'face detection failed');
          return { kind: 'refusal', id: message.id, error: new FaceCheckError(message.code, message.message) };
        case 'check_failed':
          if (message.code === 'capture_check_failed')
            log?.error({ message: message.message, stack: message.stack }, 'capture check failed');
          return { kind: 'refusal', id: message.id, error: new CaptureCheckError(message.code, message.message) };
      }
    },
  });

  /** The photo copied into an ArrayBuffer of our own and transferred: the caller keeps its bytes. */
  const send = (
    build: (id: number, imageBytes: Uint8Array) => ToHumanChecksWorker,
    bytes: Uint8Array,
    urgent: boolean,
  ): Promise<Answer> => {
    const copy = new Uint8Array(bytes);
    return client.request((id) => ({ message: build(id, copy), transfer: [copy.buffer] }), { urgent });
  };
  const toFace = translated((failure) => new FaceCheckError(faceCodes[failure.kind], failure.message));
  const toCapture = translated((failure) => new CaptureCheckError(captureCodes[failure.kind], failure.message));

  const faceDetector: FaceDetector = {
    ready: () => client.ready().catch(toFace),
    isReady: () => client.isReady(),
    async detect(imageBytes) {
      const answer = await send((id, copy) => ({ type: 'detect', id, imageBytes: copy }), imageBytes, true).catch(toFace);
      if (answer.type !== 'detected')
        throw new FaceCheckError('face_check_failed', 'The Human checks worker answered a face check with a capture check');
      return answer.detection;
    },
    close: () => client.close(),
  };
  const captureChecker: CaptureChecker = {
    ready: () => client.ready().catch(toCapture),
    isReady: () => client.isReady(),
    async check(imageBytes, view) {
      if (!init.captureChecks)
        throw new CaptureCheckError('capture_check_unavailable', 'This service was started without live capture checks');
      const answer = await send((id, copy) => ({ type: 'check', id, view, imageBytes: copy }), imageBytes, false).catch(toCapture);
      if (answer.type !== 'checked')
        throw new CaptureCheckError('capture_check_failed', 'The Human checks worker answered a capture check with a face check');
      return answer.result;
    },
    close: () => client.close(),
  };
  return { faceDetector, captureChecker, close: () => client.close() };
}
