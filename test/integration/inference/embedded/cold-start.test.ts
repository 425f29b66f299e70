import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedPipeline } from '../../../../src/main/inference/embedded/embedded-pipeline.js';
import type { Pipeline, ScanInput } from '../../../../src/main/inference/pipeline.js';
import { aPoseRender } from './photos.js';

/**
 * The one-off `perfit scan` loads the embedded pipeline without the warm-up pass: its first scan
 * must give the figures a warm pipeline gives (the same scan run again), to the last digit.
 */
let pipeline: Pipeline;
let dir: string;

beforeAll(async () => {
  pipeline = await createEmbeddedPipeline({
    modelsDir: join(tmpdir(), 'no-models'),
    choice: 'embedded',
    warmUpInference: false,
    log: () => undefined,
  });
  await pipeline.warmUp();
  dir = mkdtempSync(join(tmpdir(), 'perfit-cold-start-'));
}, 120_000);
afterAll(async () => {
  await pipeline?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded pipeline loaded without the warm-up pass', () => {
  it("reads no body model before its first scan: its models are Human's networks alone", () => {
    expect(pipeline.info.models.length).toBeGreaterThan(0);
    expect(pipeline.info.models.every((model) => model.name.startsWith('human/'))).toBe(true);
  });

  it('scans its first photo to the same measurements, betas and pose as it scans it once warm', async () => {
    const imagePath = join(dir, 'apose.jpg');
    writeFileSync(imagePath, await aPoseRender());
    const input: ScanInput = {
      jobId: 'cold',
      imagePath,
      sideImagePath: null,
      gender: 'female',
      heightCm: 165,
      clothing: 'regular',
      shoes: null,
    };
    const cold = await pipeline.run(input, () => undefined);
    const warm = await pipeline.run(input, () => undefined);
    expect(cold.measurements).toEqual(warm.measurements);
    expect(cold.betas).toEqual(warm.betas);
    expect(cold.bodyPose).toEqual(warm.bodyPose);
  }, 120_000);
});
