import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceDetector } from '../../../../src/main/inference/face-check/face-detector.js';
import type { FaceDetector } from '../../../../src/main/inference/face-detector.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../../../src/main/threads/worker-factory.js';
import { asset, crop, faceDetectRow } from './photos.js';

const workerUrl = new URL('../../../../src/main/inference/human-checks/worker.ts', import.meta.url);

/** The real worker entry, run from its TypeScript source. */
const tsWorkerFactory: WorkerFactory = sourceWorkerFactory(workerUrl);

/** The real worker, recording each thread it starts and when it exits. */
function recordingFactory(): { factory: WorkerFactory; workers: Worker[]; exits: Promise<unknown>[] } {
  const workers: Worker[] = [];
  const exits: Promise<unknown>[] = [];
  const source = tsWorkerFactory;
  return {
    workers,
    exits,
    factory: (options) => {
      const worker = source(options);
      workers.push(worker);
      exits.push(once(worker, 'exit'));
      return worker;
    },
  };
}

describe('createFaceDetector (worker thread)', () => {
  const recorded = recordingFactory();
  let detector: FaceDetector;

  beforeAll(async () => {
    detector = createFaceDetector({ workerFactory: recorded.factory });
    expect(detector.isReady()).toBe(false);
    await detector.ready();
  });

  afterAll(() => detector.close());

  it('is ready once the worker has loaded and warmed up the model', () => {
    expect(detector.isReady()).toBe(true);
    expect(recorded.workers).toHaveLength(1);
  });

  it('detects faces off the main thread, in original pixels, and leaves the caller its bytes', async () => {
    const photo = await asset('screenshot-faceid.jpg');
    const detection = await detector.detect(photo);
    expect(detection).toMatchObject({ imageWidth: 800, imageHeight: 564 });
    expect(detection.faces).toHaveLength(1);
    expect(detection.durationMs).toBeGreaterThan(0);
    expect(photo.byteLength).toBeGreaterThan(0);
  });

  it('answers concurrent requests, each with its own result', async () => {
    const [one, five, none] = await Promise.all([
      detector.detect(await asset('screenshot-faceid.jpg')),
      detector.detect(await crop('screenshot-facedetect.jpg', faceDetectRow)),
      detector.detect(await crop('screenshot-faceid.jpg', { left: 0, top: 300, width: 800, height: 264 })),
    ]);
    expect([one.faces.length, five.faces.length, none.faces.length]).toEqual([1, 5, 0]);
  });

  it('rejects an undecodable image with code image_undecodable and keeps working', async () => {
    await expect(detector.detect(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 1, 2, 3]))).rejects.toMatchObject({
      name: 'FaceCheckError',
      code: 'image_undecodable',
    });
    expect((await detector.detect(await asset('screenshot-faceid.jpg'))).faces).toHaveLength(1);
  });

  it('rejects the requests of a crashed worker and starts a new one on the next request', async () => {
    // Bytes this worker has not seen: it answers a repeated photo from its last decode, before the crash.
    const photo = await crop('screenshot-faceid.jpg', { left: 0, top: 100, width: 400, height: 300 });
    const inFlight = detector.detect(photo);
    const crashed = recorded.workers[0] as Worker;
    await crashed.terminate();
    await expect(inFlight).rejects.toMatchObject({ code: 'face_check_crashed' });
    expect(detector.isReady()).toBe(false);
    const detection = await detector.detect(photo);
    expect(detection.faces).toHaveLength(1);
    expect(recorded.workers).toHaveLength(2);
    expect(detector.isReady()).toBe(true);
  });
});

describe('closing the face detector', () => {
  it('stops its thread, leaves no timers or ports behind, and rejects later requests clearly', async () => {
    // Threads, their ports and our request timers; the test runner's own pipes and timers vary.
    const ours = (): Record<string, number> => {
      const counts: Record<string, number> = { Worker: 0, MessagePort: 0, Timeout: 0 };
      for (const name of process.getActiveResourcesInfo()) if (name in counts) counts[name] = (counts[name] ?? 0) + 1;
      return counts;
    };
    const before = ours();
    const recorded = recordingFactory();
    const detector = createFaceDetector({ workerFactory: recorded.factory });
    await detector.ready();
    await detector.detect(await asset('screenshot-faceid.jpg'));
    await detector.close();
    await Promise.all(recorded.exits);
    expect(recorded.workers.map((worker) => worker.threadId)).toEqual([-1]);
    expect(detector.isReady()).toBe(false);
    await expect(detector.detect(await asset('screenshot-faceid.jpg'))).rejects.toMatchObject({ code: 'face_detector_closed' });
    await expect(detector.ready()).rejects.toMatchObject({ code: 'face_detector_closed' });
    await detector.close();
    const after = ours();
    expect(after.Worker).toBe(before.Worker);
    expect(after.MessagePort).toBe(before.MessagePort);
    expect(after.Timeout).toBeLessThanOrEqual(before.Timeout ?? 0);
  });

  it('rejects a detection still waiting for the model when closed', async () => {
    const detector = createFaceDetector({ workerFactory: tsWorkerFactory });
    const waiting = expect(detector.detect(await asset('screenshot-faceid.jpg'))).rejects.toMatchObject({ code: 'face_detector_closed' });
    await detector.close();
    await waiting;
  });
});
