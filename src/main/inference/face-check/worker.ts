import { parentPort } from 'node:worker_threads';
import { createHumanRuntime, type HumanRuntime } from '../human/human-runtime.js';
import { faceCheckDetectorSettings, faceCheckMaxSidePx } from './settings.js';
import { toFaceCheckWorkerSchema, type FromFaceCheckWorker, type ToFaceCheckWorker } from './messages.js';

/**
 * The face-check worker thread: loads BlazeFace on tfjs-WASM once, then answers detection requests
 * one at a time, so tfjs never runs on the service's event loop. Every message it sends is a
 * `FromFaceCheckWorker`; the host parses them again.
 */

if (!parentPort) throw new Error('the face-check worker must run as a worker thread');
const port = parentPort;

function send(message: FromFaceCheckWorker): void {
  port.postMessage(message);
}

const runtime: Promise<HumanRuntime> = createHumanRuntime({
  modules: ['face'],
  face: faceCheckDetectorSettings,
  maxSidePx: faceCheckMaxSidePx,
});

runtime.then(
  (loaded) =>
    send({
      type: 'ready',
      backend: loaded.info.backend,
      model: faceCheckDetectorSettings.modelFile,
      loadMs: loaded.info.loadMs,
      warmUpMs: loaded.info.warmUpMs,
    }),
  (error: unknown) => send({ type: 'init_failed', message: (error as Error).message }),
);

async function detect(request: Extract<ToFaceCheckWorker, { type: 'detect' }>): Promise<void> {
  let loaded: HumanRuntime;
  try {
    loaded = await runtime;
  } catch (error) {
    send({ type: 'detect_failed', id: request.id, code: 'face_detector_unavailable', message: (error as Error).message, stack: null });
    return;
  }
  try {
    const detection = await loaded.detectFaces(request.imageBytes);
    send({ type: 'detected', id: request.id, detection });
  } catch (error) {
    const code = (error as { code?: unknown }).code === 'image_undecodable' ? 'image_undecodable' : 'face_check_failed';
    send({ type: 'detect_failed', id: request.id, code, message: (error as Error).message, stack: (error as Error).stack ?? null });
  }
}

port.on('message', (raw: unknown) => {
  const parsed = toFaceCheckWorkerSchema.safeParse(raw);
  if (!parsed.success) {
    // Without a valid id there is no one to answer; the host never sends such a message.
    throw new Error(`malformed message to the face-check worker: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  }
  // The runtime serializes detections itself; requests are answered in order.
  void detect(parsed.data);
});
