import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceDetector } from '../../../src/main/inference/face-check/face-detector.js';
import type { FaceDetection, FaceDetector } from '../../../src/main/inference/face-detector.js';
import type { InferenceHost } from '../../../src/main/inference/inference-host.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../../src/main/threads/worker-factory.js';
import { useInferenceHostHarness } from '../../helpers/inference-host-harness.js';
import { asset, crop, faceDetectRow, gradient } from '../../unit/inference/human/photos.js';

const workerUrl = new URL('../../../src/main/inference/worker.ts', import.meta.url);
const testPipelineUrl = new URL('../../fixtures/pipelines/test-pipeline.ts', import.meta.url).href;

const withoutDuration = ({ durationMs: _durationMs, ...rest }: FaceDetection): Omit<FaceDetection, 'durationMs'> => rest;

/** `perfit scan`'s face check, answered by the inference worker instead of a Human checks worker. */
describe('InferenceHost.detectFaces', () => {
  const h = useInferenceHostHarness({ prefix: 'perfit-host-faces-', leaseMs: 5_000 });
  const workers: Worker[] = [];
  const source = sourceWorkerFactory(workerUrl);
  const recording: WorkerFactory = (options) => {
    const worker = source(options);
    workers.push(worker);
    return worker;
  };
  let checksWorker: FaceDetector;

  beforeAll(async () => {
    checksWorker = createFaceDetector({ captureChecks: false, warmUpInference: false });
    await checksWorker.ready();
  }, 60_000);
  afterAll(() => checksWorker.close());

  const start = (pipelineModuleUrl: string | null): InferenceHost =>
    h.start(
      { modelsDir: join(h.dir, 'models'), choice: 'embedded', pipelineModuleUrl, warmUpInference: false },
      { workerFactory: recording, maxRestartDelayMs: 100 },
    );

  it("answers with the embedded pipeline's Human the faces the Human checks worker finds", async () => {
    const host = start(null);
    const photos = [await asset('screenshot-faceid.jpg'), await crop('screenshot-facedetect.jpg', faceDetectRow), await gradient(320, 480)];
    for (const photo of photos) {
      const [shared, own] = await Promise.all([host.detectFaces(photo), checksWorker.detect(photo)]);
      expect(withoutDuration(shared)).toEqual(withoutDuration(own));
    }
    expect(host.status().pipeline?.name).toBe('embedded');
    await expect(host.detectFaces(new TextEncoder().encode('not a photo'))).rejects.toMatchObject({
      name: 'FaceCheckError',
      code: 'image_undecodable',
    });
  }, 60_000);

  it('loads a Human with the face model only when its pipeline has none', async () => {
    const host = start(testPipelineUrl);
    const photo = await asset('screenshot-faceid.jpg');
    const [shared, own] = await Promise.all([host.detectFaces(photo), checksWorker.detect(photo)]);
    expect(host.status().pipeline?.name).toBe('test-double');
    expect(withoutDuration(shared)).toEqual(withoutDuration(own));
  }, 60_000);

  it('fails a face check with face_check_crashed when the worker dies, and with face_detector_closed once stopped', async () => {
    const host = start(testPipelineUrl);
    await host.whenSettled();
    const inFlight = host.detectFaces(await asset('screenshot-faceid.jpg'));
    // detectFaces posts after a turn of the event loop (it awaits the settled worker).
    await new Promise((resolve) => setImmediate(resolve));
    await workers.at(-1)!.terminate();
    await expect(inFlight).rejects.toMatchObject({ name: 'FaceCheckError', code: 'face_check_crashed' });
    await host.stop(1_000);
    await expect(host.detectFaces(await asset('screenshot-faceid.jpg'))).rejects.toMatchObject({ code: 'face_detector_closed' });
  }, 60_000);
});
