import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHumanOptions } from '../../../../src/main/inference/capture-checks/human-settings.js';
import { checkFrame } from '../../../../src/main/inference/capture-checks/rules.js';
import type { FrameObservation } from '../../../../src/main/inference/capture-checks/types.js';
import { createEmbeddedPipeline } from '../../../../src/main/inference/embedded/embedded-pipeline.js';
import { fitWorkerUrl } from '../../../../src/main/inference/embedded/set-fitter.js';
import { createHumanRuntime, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import type { Pipeline, ScanInput } from '../../../../src/main/inference/pipeline.js';
import { sourceWorkerFactory } from '../../../../src/main/threads/worker-factory.js';
import { aPoseRender, blurred, darkened, withoutFeet } from './photos.js';

/**
 * A burst's frame sets fitted in the fit thread (fit-worker.ts) while Human looks at the next
 * frames: the same scan as with every fit in the scan's own thread, number for number; a single
 * photo never starts the thread; the pipeline's close ends it.
 */

let runtime: HumanRuntime;
let threaded: Pipeline;
let here: Pipeline;
let dir: string;
const started: Worker[] = [];
const exited: number[] = [];

beforeAll(async () => {
  runtime = await createHumanRuntime(captureHumanOptions);
  const factory = sourceWorkerFactory(fitWorkerUrl());
  const options = { modelsDir: join(tmpdir(), 'no-models'), choice: 'embedded' as const, log: () => undefined };
  // The "side" frames are the front picture: the profile check is waived so that both pipelines fit them.
  const frontAsSide = (observation: FrameObservation) => checkFrame(observation).filter((issue) => issue.code !== 'not_in_profile');
  threaded = await createEmbeddedPipeline(options, {
    runtime,
    checkFrame: frontAsSide,
    fitWorkerFactory: (workerOptions) => {
      const worker = factory(workerOptions);
      started.push(worker);
      worker.on('exit', (code) => exited.push(code));
      return worker;
    },
  });
  here = await createEmbeddedPipeline(options, { runtime, checkFrame: frontAsSide, burstFits: 'this thread' });
  await threaded.warmUp();
  await here.warmUp();
  dir = mkdtempSync(join(tmpdir(), 'perfit-fit-worker-'));
}, 120_000);

afterAll(async () => {
  await threaded?.close();
  await here?.close();
  runtime?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let saved = 0;
function save(bytes: Buffer): string {
  saved += 1;
  const path = join(dir, `frame-${saved}.jpg`);
  writeFileSync(path, bytes);
  return path;
}

const input = (imagePath: string, framePaths: string[], sideImagePath: string | null, sideFramePaths: string[]): ScanInput => ({
  jobId: 'fit-worker',
  imagePath,
  sideImagePath,
  framePaths,
  sideFramePaths,
  gender: 'female',
  heightCm: 165,
  clothing: 'regular',
  shoes: null,
});

describe('a burst fitted in the fit thread', () => {
  it('scans a single photo without starting the thread, as the scan thread does', async () => {
    const photo = save(await aPoseRender());
    const scan = input(photo, [], null, []);
    expect(await threaded.run(scan, () => undefined)).toEqual(await here.run(scan, () => undefined));
    expect(started).toHaveLength(0);
  }, 120_000);

  it('gives the scan-thread result number for number, with a refused frame and views of unequal length, and keeps one thread', async () => {
    const photo = await aPoseRender();
    const frames = [await darkened(photo, 0.92), await blurred(photo, 0.8), await withoutFeet(photo), await darkened(photo, 0.85)].map(
      save,
    );
    const scans = [input(save(photo), frames, null, []), input(save(photo), frames.slice(0, 2), save(photo), frames.slice(2, 3))];
    const notes: string[] = [];
    for (const scan of scans) {
      const inThread = await here.run(scan, () => undefined);
      const fromThread = await threaded.run(scan, () => undefined);
      expect(fromThread).toEqual(inThread);
      notes.push(fromThread.provenance.notes.join(' '));
    }
    expect(notes[0]).toMatch(
      /Burst of 5 front frames: 4 frame sets measured; 1 frame left out by the capture checks \(feet_out_of_frame\)/,
    );
    expect(notes[1]).toMatch(/Burst of 3 front and 2 side frames: 3 frame sets measured; 1 frame left out/);
    expect(started).toHaveLength(1);
    expect(exited).toHaveLength(0);
  }, 240_000);

  it('fits in the scan thread, with one warning, when the fit thread cannot start', async () => {
    const warnings: string[] = [];
    const broken = await createEmbeddedPipeline(
      { modelsDir: join(tmpdir(), 'no-models'), choice: 'embedded', log: (level, message) => level === 'warn' && warnings.push(message) },
      {
        runtime,
        fitWorkerFactory: (workerOptions) => new Worker(new URL('data:text/javascript,throw new Error("no fit here")'), workerOptions),
      },
    );
    try {
      await broken.warmUp();
      const photo = await aPoseRender();
      const scan = input(save(photo), [await darkened(photo, 0.9), await blurred(photo, 0.7)].map(save), null, []);
      expect(await broken.run(scan, () => undefined)).toEqual(await here.run(scan, () => undefined));
      expect(warnings).toEqual(["the burst's fit thread stopped before it was ready; bursts are fitted in the scan thread"]);
      // Not started again for the next burst: fitted here at once.
      expect(await broken.run(scan, () => undefined)).toEqual(await here.run(scan, () => undefined));
      expect(warnings).toHaveLength(1);
    } finally {
      await broken.close();
    }
  }, 120_000);

  it('ends the thread when the pipeline closes', async () => {
    await threaded.close();
    await expect.poll(() => exited.length).toBe(1);
  }, 30_000);
});
