import { parentPort, workerData } from 'node:worker_threads';
import { captureHumanOptions } from '../capture-checks/human-settings.js';
import { checkFrame, hasErrors } from '../capture-checks/rules.js';
import { observeFrame } from '../capture-checks/observe-frame.js';
import type { CapturePerson } from '../capture-checks/messages.js';
import type { FrameObservation } from '../capture-checks/types.js';
import { createHumanRuntime, type HumanRuntime } from '../human/human-runtime.js';
import {
  humanChecksWorkerInitSchema,
  toHumanChecksWorkerSchema,
  type FromHumanChecksWorker,
  type ToHumanChecksWorker,
} from './messages.js';

/**
 * The Human checks worker thread: loads Human's networks (faces, BlazePose, segmentation) once
 * and answers both the face check of a scan and the live capture checks, one request at a time,
 * so the networks never run on the service's event loop. One set of networks instead of one per
 * check: each costs about 140 MB. A live check's three networks run one after the other here
 * (about 30 ms in all); a thread of their own for the faces gained nothing once they ran on
 * onnxruntime (docs/capture-checks.md).
 */

if (!parentPort) throw new Error('the Human checks worker must run as a worker thread');
const port = parentPort;
const init = humanChecksWorkerInitSchema.parse(workerData);

function send(message: FromHumanChecksWorker): void {
  port.postMessage(message);
}

// Without capture checks only the face model loads; the face detector's settings are the same either way.
const runtime: Promise<HumanRuntime> = createHumanRuntime({
  ...captureHumanOptions,
  ...(init.captureChecks ? {} : { modules: ['face'] as const }),
  warmUpInference: init.warmUpInference,
  ...(init.cacheDir ? { cacheDir: init.cacheDir } : {}),
});

runtime.then(
  (loaded) =>
    send({
      type: 'ready',
      humanVersion: loaded.info.humanVersion,
      backend: loaded.info.backend,
      loadMs: loaded.info.loadMs,
      warmUpMs: loaded.info.warmUpMs,
    }),
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
    box: {
      x: round(body.box.x / imageWidth),
      y: round(body.box.y / imageHeight),
      width: round(body.box.width / imageWidth),
      height: round(body.box.height / imageHeight),
    },
    keypoints: body.keypoints.map((keypoint) => ({
      part: keypoint.part,
      x: round(keypoint.x / imageWidth),
      y: round(keypoint.y / imageHeight),
      score: clampScore(keypoint.score),
    })),
  };
}

const undecodable = (error: unknown): boolean => (error as { code?: unknown }).code === 'image_undecodable';
const stackOf = (error: unknown): string | null => (error as Error).stack ?? null;

async function detect(loaded: HumanRuntime, request: Extract<ToHumanChecksWorker, { type: 'detect' }>): Promise<void> {
  try {
    send({ type: 'detected', id: request.id, detection: await loaded.detectFaces(request.imageBytes) });
  } catch (error) {
    send({
      type: 'detect_failed',
      id: request.id,
      code: undecodable(error) ? 'image_undecodable' : 'face_check_failed',
      message: (error as Error).message,
      stack: stackOf(error),
    });
  }
}

async function check(loaded: HumanRuntime, request: Extract<ToHumanChecksWorker, { type: 'check' }>): Promise<void> {
  try {
    const started = performance.now();
    // The live check looks at the mirror image only when its first look does not decide the photo (mirror-pass.ts).
    const { observation, timings } = await observeFrame(loaded, request.imageBytes, request.view, { mirrorPass: 'when-unsure' });
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
    send({
      type: 'check_failed',
      id: request.id,
      code: undecodable(error) ? 'image_undecodable' : 'capture_check_failed',
      message: (error as Error).message,
      stack: stackOf(error),
    });
  }
}

port.on('message', (raw: unknown) => {
  const parsed = toHumanChecksWorkerSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`malformed message to the Human checks worker: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  const request = parsed.data;
  // The host sends one request at a time, and only once this worker said it is ready.
  void runtime.then((loaded) => (request.type === 'detect' ? detect(loaded, request) : check(loaded, request)));
});
