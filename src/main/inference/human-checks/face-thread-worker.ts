import { parentPort, workerData } from 'node:worker_threads';
import { captureHumanOptions } from '../capture-checks/human-settings.js';
import { createHumanRuntime } from '../human/human-runtime.js';
import { faceThreadInitSchema, toFaceThreadSchema, type FromFaceThread } from './face-thread-messages.js';

/**
 * The live capture checks' face thread: BlazeFace with the checks' own settings, on a Human of its
 * own that loads the face model only, so that a frame's faces are found on the other core while
 * the Human checks worker runs the segmentation and BlazePose on the same frame (face-thread.ts).
 */

if (!parentPort) throw new Error('the face thread must run as a worker thread');
const port = parentPort;
const init = faceThreadInitSchema.parse(workerData);

function send(message: FromFaceThread): void {
  port.postMessage(message);
}

const runtime = createHumanRuntime({
  ...captureHumanOptions,
  modules: ['face'],
  warmUpInference: init.warmUpInference,
  ...(init.cacheDir ? { cacheDir: init.cacheDir } : {}),
});
runtime.then(
  (loaded) => send({ type: 'ready', loadMs: loaded.info.loadMs }),
  (error: unknown) => send({ type: 'init_failed', message: (error as Error).message }),
);

port.on('message', (raw: unknown) => {
  const parsed = toFaceThreadSchema.safeParse(raw);
  if (!parsed.success) {
    // Without a valid id nothing can be answered: the host's deadline for it ends the wait.
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'number') send({ type: 'detect_failed', id, message: `malformed face request: ${parsed.error.message}` });
    return;
  }
  const { id, imageBytes } = parsed.data;
  runtime
    .then((loaded) => loaded.detectFaces(imageBytes))
    .then(
      (detection) => send({ type: 'detected', id, detection }),
      (error: unknown) => send({ type: 'detect_failed', id, message: (error as Error).message }),
    );
});
