import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHumanChecks, type HumanChecks } from '../../../src/main/inference/human-checks/human-checks.js';
import { startHumanChecksWorkerAhead } from '../../../src/main/inference/human-checks/human-checks-worker.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../../src/main/threads/worker-factory.js';
import { asset, crop, kioskFrame } from '../../unit/inference/human/photos.js';
import { aPoseRender, threePeople } from './embedded/photos.js';

const source = sourceWorkerFactory(new URL('../../../src/main/inference/human-checks/worker.ts', import.meta.url));

/** The face check of a scan and the live capture check share one worker thread (one Human instance). */
describe('createHumanChecks', () => {
  const workers: Worker[] = [];
  const factory: WorkerFactory = (options) => {
    const worker = source(options);
    workers.push(worker);
    return worker;
  };
  let checks: HumanChecks;

  beforeAll(async () => {
    checks = createHumanChecks({ workerFactory: factory });
    await checks.faceDetector.ready();
  }, 60_000);
  afterAll(() => checks.close());

  it('answers face checks and capture checks from one worker thread', async () => {
    const [faces, frame] = await Promise.all([
      checks.faceDetector.detect(await asset('screenshot-faceid.jpg')),
      checks.captureChecker.check(await aPoseRender(), 'front'),
    ]);
    expect(faces.faces).toHaveLength(1);
    expect(frame.person).not.toBeNull();
    expect(checks.captureChecker.isReady()).toBe(true);
    expect(workers).toHaveLength(1);
  });

  it("puts a scan's face check before the capture checks already waiting", async () => {
    const frame = await aPoseRender();
    const order: string[] = [];
    const waiting = [0, 1, 2].map((index) => checks.captureChecker.check(frame, 'front').then(() => order.push(`check ${index}`)));
    const face = checks.faceDetector.detect(await asset('screenshot-faceid.jpg')).then(() => order.push('face'));
    await Promise.all([...waiting, face]);
    // The first check was already with the worker; the face check overtook the other two.
    expect(order).toEqual(['check 0', 'face', 'check 1', 'check 2']);
  });

  it("reports a failure of the shared thread with each check's own error code", async () => {
    // Bytes this worker has not seen: it answers a repeated photo from its last decode, before the crash.
    const face = checks.faceDetector.detect(await crop('screenshot-faceid.jpg', { left: 0, top: 100, width: 400, height: 300 }));
    await workers.at(-1)!.terminate();
    await expect(face).rejects.toMatchObject({ name: 'FaceCheckError', code: 'face_check_crashed' });

    await checks.captureChecker.ready();
    const check = checks.captureChecker.check(await aPoseRender(), 'front');
    await workers.at(-1)!.terminate();
    await expect(check).rejects.toMatchObject({ name: 'CaptureCheckError', code: 'capture_check_crashed' });
    expect(workers).toHaveLength(2);
  }, 60_000);
});

describe("the live checks' faces", () => {
  it('give the same answers from the first check on, and tell three people apart', async () => {
    const checks = createHumanChecks({ workerFactory: source, warmUpInference: false });
    try {
      const frames = [await threePeople(), await aPoseRender(), (await kioskFrame(70)).jpeg];
      const answer = async (frame: Buffer): Promise<unknown> => {
        const { timings: _, ...result } = await checks.captureChecker.check(frame, 'front');
        return result;
      };
      const before: unknown[] = [];
      for (const frame of frames) before.push(await answer(frame));
      for (const [index, frame] of frames.entries()) expect(await answer(frame)).toEqual(before[index]);
      // Three people: the faces are what tells it.
      expect(before[0]).toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ code: 'multiple_people' })]) });
    } finally {
      await checks.close();
    }
  }, 60_000);
});

describe('createHumanChecks without capture checks and without the warm-up pass (the CLI one-off scan)', () => {
  it('finds the same faces as the full, warmed-up worker, from its first photo on, and refuses capture checks', async () => {
    const full = createHumanChecks({ workerFactory: source });
    const faceOnly = createHumanChecks({ workerFactory: source, captureChecks: false, warmUpInference: false });
    try {
      // One face, several, a small one found by the second pass, and the scan bench's photo.
      const photos = [
        await asset('screenshot-faceid.jpg'),
        await crop('samples.jpg', { left: 0, top: 200, width: 1280, height: 958 }),
        (await kioskFrame(70)).jpeg,
        await aPoseRender(),
      ];
      for (const photo of photos) {
        const [expected, actual] = await Promise.all([full.faceDetector.detect(photo), faceOnly.faceDetector.detect(photo)]);
        expect(expected.faces.length).toBeGreaterThan(0);
        expect({ ...actual, durationMs: 0 }).toEqual({ ...expected, durationMs: 0 });
      }
      await expect(faceOnly.captureChecker.check(await aPoseRender(), 'front')).rejects.toMatchObject({
        name: 'CaptureCheckError',
        code: 'capture_check_unavailable',
      });
    } finally {
      await Promise.all([full.close(), faceOnly.close()]);
    }
  }, 60_000);
});

describe('the Human checks worker started ahead (perfit scan starts it before it imports the service)', () => {
  it("is the one the service's checks use when they ask with the same choice, and answers the face check", async () => {
    let started = 0;
    const counting: WorkerFactory = (options) => {
      started += 1;
      return source(options);
    };
    const choice = { captureChecks: false, warmUpInference: false };
    const ahead = startHumanChecksWorkerAhead({ ...choice, workerFactory: counting });
    const checks = createHumanChecks({ ...choice, workerFactory: ahead.factory });
    try {
      await checks.faceDetector.ready();
      expect((await checks.faceDetector.detect(await asset('screenshot-faceid.jpg'))).faces).toHaveLength(1);
      expect(started).toBe(1);
    } finally {
      await checks.close();
      await ahead.release();
    }
  }, 60_000);
});
