import { parentPort } from 'node:worker_threads';
import { createHumanRuntime, type HumanRuntime } from '../human/human-runtime.js';
import { captureHumanOptions } from './human-settings.js';
import { toCaptureCheckWorkerSchema, type CapturePerson, type FromCaptureCheckWorker, type ToCaptureCheckWorker } from './messages.js';
import { observeFrame } from './observe-frame.js';
import { checkFrame, hasErrors } from './rules.js';
import type { FrameObservation } from './types.js';

/**
 * The capture-check worker thread: loads Human (faces, BlazePose, segmentation) on tfjs-WASM once,
 * then checks photos one at a time, so tfjs never runs on the service's event loop.
 */

if (!parentPort) throw new Error('the capture-check worker must run as a worker thread');
const port = parentPort;

function send(message: FromCaptureCheckWorker): void {
  port.postMessage(message);
}

const runtime: Promise<HumanRuntime> = createHumanRuntime(captureHumanOptions);

runtime.then(
  (loaded) => send({ type: 'ready', humanVersion: loaded.info.humanVersion, backend: loaded.info.backend, loadMs: loaded.info.loadMs, warmUpMs: loaded.info.warmUpMs }),
  (error: unknown) => send({ type: 'init_failed', message: (error as Error).message }),
);

/** BlazePose's person scaled to fractions of the frame, for the skeleton the kiosk draws over the video. */
function personInFrame(observation: FrameObservation): CapturePerson | null {
  const { body, imageWidth, imageHeight } = observation;
  if (!body) return null;
  const round = (value: number): number => Math.round(value * 10_000) / 10_000;
  const clampScore = (score: number): number => round(Math.min(1, Math.max(0, score)));
  return {
    score: clampScore(body.score),
    box: { x: round(body.box.x / imageWidth), y: round(body.box.y / imageHeight), width: round(body.box.width / imageWidth), height: round(body.box.height / imageHeight) },
    keypoints: body.keypoints.map((keypoint) => ({ part: keypoint.part, x: round(keypoint.x / imageWidth), y: round(keypoint.y / imageHeight), score: clampScore(keypoint.score) })),
  };
}

async function check(request: ToCaptureCheckWorker): Promise<void> {
  let loaded: HumanRuntime;
  try {
    loaded = await runtime;
  } catch (error) {
    send({ type: 'check_failed', id: request.id, code: 'capture_check_unavailable', message: (error as Error).message, stack: null });
    return;
  }
  try {
    const started = performance.now();
    const { observation, timings } = await observeFrame(loaded, request.imageBytes, request.view);
    const checksStarted = performance.now();
    const issues = checkFrame(observation);
    const now = performance.now();
    send({
      type: 'checked',
      id: request.id,
      result: {
        ok: !hasErrors(issues),
        issues,
        person: personInFrame(observation),
        timings: { ...timings, checksMs: now - checksStarted, totalMs: now - started },
      },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code === 'image_undecodable' ? 'image_undecodable' : 'capture_check_failed';
    send({ type: 'check_failed', id: request.id, code, message: (error as Error).message, stack: (error as Error).stack ?? null });
  }
}

port.on('message', (raw: unknown) => {
  const parsed = toCaptureCheckWorkerSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`malformed message to the capture-check worker: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  // The runtime serializes detections itself; requests are answered in order.
  void check(parsed.data);
});
