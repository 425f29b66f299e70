import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureHumanOptions } from '../../../src/main/inference/capture-checks/human-settings.js';
import type { FaceDetection } from '../../../src/main/inference/face-detector.js';
import { faceThreadFinder, faceThreadUrl, type FaceFinder } from '../../../src/main/inference/human-checks/face-thread.js';
import { createHumanRuntime, type HumanRuntime } from '../../../src/main/inference/human/human-runtime.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../../src/main/threads/worker-factory.js';
import { asset, crop, faceDetectRow, kioskFrame } from '../../unit/inference/human/photos.js';
import { threePeople } from './embedded/photos.js';

type Logged = { level: string; message: string; fields: Record<string, unknown> };

/** This thread's Human with the face model, as the checks worker's own; counts the frames it is asked about. */
let local: HumanRuntime;
let localCalls = 0;
const countingLocal = { detectFaces: (bytes: Uint8Array): Promise<FaceDetection> => ((localCalls += 1), local.detectFaces(bytes)) };

const withoutDuration = ({ durationMs: _, ...rest }: FaceDetection): Omit<FaceDetection, 'durationMs'> => rest;

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  local = await createHumanRuntime({ ...captureHumanOptions, modules: ['face'], warmUpInference: false });
}, 60_000);
afterAll(() => local?.dispose());

describe('faceThreadFinder (the live checks find faces on the other core)', () => {
  const finders: FaceFinder[] = [];
  /** A finder over this thread's counting Human, closed after the test, with what it logged. */
  const track = (workerFactory?: WorkerFactory): { finder: FaceFinder; logged: Logged[] } => {
    const logged: Logged[] = [];
    const finder = faceThreadFinder({
      local: countingLocal,
      warmUpInference: false,
      cacheDir: null,
      ...(workerFactory ? { workerFactory } : {}),
      log: (level, message, fields) => logged.push({ level, message, fields }),
    });
    finders.push(finder);
    return { finder, logged };
  };
  afterEach(async () => {
    for (const finder of finders.splice(0)) await finder.close();
    localCalls = 0;
  });

  it("answers from this thread until its own has loaded, then from its own, with this thread's faces", async () => {
    const { finder, logged } = track();
    const first = await finder.detectFaces(await asset('screenshot-faceid.jpg'));
    expect(localCalls).toBe(1);
    expect(first.faces).toHaveLength(1);
    // Not started by a call: only once the caller has answered its check.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(logged).toEqual([]);
    finder.start();

    await until(() => logged.some((entry) => entry.message === 'the face thread is ready'), 'the face thread');
    const photos = [
      await asset('screenshot-faceid.jpg'),
      (await kioskFrame(70)).jpeg,
      await crop('screenshot-facedetect.jpg', faceDetectRow),
      await threePeople(),
    ];
    for (const photo of photos) {
      const fromThread = await finder.detectFaces(photo);
      expect(withoutDuration(fromThread)).toEqual(withoutDuration(await local.detectFaces(photo)));
    }
    expect(localCalls).toBe(1);
    expect(logged.filter((entry) => entry.level === 'warn')).toEqual([]);
  }, 60_000);

  it('refuses a frame that does not decode as this thread does, and keeps its thread', async () => {
    const { finder, logged } = track();
    finder.start();
    await until(() => logged.some((entry) => entry.message === 'the face thread is ready'), 'the face thread');

    await expect(finder.detectFaces(Uint8Array.from([1, 2, 3, 4]))).rejects.toMatchObject({ code: 'image_undecodable' });
    expect(localCalls).toBe(1);
    expect((await finder.detectFaces(await asset('screenshot-faceid.jpg'))).faces).toHaveLength(1);
    expect(localCalls).toBe(1);
    expect(logged.filter((entry) => entry.level === 'warn')).toEqual([]);
  }, 60_000);

  it('finds faces in this thread for good once its own thread has failed twice, and says so each time', async () => {
    let started = 0;
    const { finder, logged } = track((options) => {
      started += 1;
      return new Worker('process.exit(3)', { ...options, eval: true });
    });
    const photo = await asset('screenshot-faceid.jpg');
    for (let call = 0; call < 6; call += 1) {
      expect((await finder.detectFaces(photo)).faces).toHaveLength(1);
      finder.start();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(localCalls).toBe(6);
    expect(started).toBe(2);
    expect(logged.map((entry) => [entry.level, entry.message, entry.fields.retry])).toEqual([
      ['warn', 'the face thread failed; faces are found in the checks thread', true],
      ['warn', 'the face thread failed; faces are found in the checks thread', false],
    ]);
  }, 60_000);

  it('starts its entry beside it in the sources, and runs it through tsx', async () => {
    expect(faceThreadUrl().pathname.endsWith('/src/main/inference/human-checks/face-thread-worker.ts')).toBe(true);
    const worker = sourceWorkerFactory(faceThreadUrl())({ workerData: { warmUpInference: false, cacheDir: null } });
    const ready = await new Promise((resolve) => worker.once('message', resolve));
    expect(ready).toMatchObject({ type: 'ready' });
    await worker.terminate();
  }, 60_000);
});
