import { describe, expect, it } from 'vitest';
import type { FaceDetection, FaceDetector } from '../../../src/main/inference/face-detector.js';
import { serviceFaceDetector } from '../../../src/main/inference/service-face-detector.js';

const detection = (durationMs: number): FaceDetection => ({ faces: [], imageWidth: 10, imageHeight: 10, durationMs });

/** A checks worker that loads when asked to: `ready()` starts it, `finishLoading()` ends the load. */
function checksWorker() {
  let loaded = false;
  let started = 0;
  let finish: () => void = () => undefined;
  const loading = new Promise<void>((resolve) => (finish = resolve));
  const detector: FaceDetector = {
    ready: () => {
      started += 1;
      return loading;
    },
    isReady: () => loaded,
    detect: () => Promise.resolve(detection(1)),
    close: () => Promise.resolve(),
  };
  return {
    detector,
    started: () => started,
    finishLoading: () => {
      loaded = true;
      finish();
    },
  };
}

/** An inference host whose worker settles when told, loaded or not. */
function inferenceHost() {
  let loaded = false;
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  return {
    host: {
      whenSettled: () => settled,
      loaded: () => loaded,
      detectFaces: () => Promise.resolve(detection(2)),
    },
    settle: (withPipeline: boolean) => {
      loaded = withPipeline;
      settle();
    },
  };
}

const log = { error: () => undefined };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('serviceFaceDetector', () => {
  it('starts the checks worker only once the inference worker has settled, and answers from the inference worker until then', async () => {
    const checks = checksWorker();
    const inference = inferenceHost();
    const detector = serviceFaceDetector(checks.detector, inference.host, log);
    await tick();
    expect(checks.started()).toBe(0);
    expect(detector.isReady()).toBe(false);

    inference.settle(true);
    await detector.ready();
    await tick();
    expect(checks.started()).toBe(1);
    expect(detector.isReady()).toBe(true);
    expect((await detector.detect(new Uint8Array(4))).durationMs).toBe(2);

    checks.finishLoading();
    expect((await detector.detect(new Uint8Array(4))).durationMs).toBe(1);
  });

  it('leaves face checks to the checks worker when the inference worker could not load its pipeline', async () => {
    const checks = checksWorker();
    const inference = inferenceHost();
    const detector = serviceFaceDetector(checks.detector, inference.host, log);
    inference.settle(false);
    let ready = false;
    const readiness = detector.ready().then(() => (ready = true));
    await tick();
    expect(checks.started()).toBeGreaterThan(0);
    expect(ready).toBe(false);
    expect(detector.isReady()).toBe(false);
    expect((await detector.detect(new Uint8Array(4))).durationMs).toBe(1);

    checks.finishLoading();
    await readiness;
    expect(detector.isReady()).toBe(true);
  });
});
