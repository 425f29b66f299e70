import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEmbeddedPipeline } from './embedded-fixture.js';
import { drawShapeVariation } from '../../../../scripts/eval/body-plan.js';
import { buildScene, photoRequest, type View } from '../../../../scripts/eval/body-scene.js';
import { drawCondition, type CaptureCondition } from '../../../../scripts/eval/capture-conditions.js';
import { drawPopulation, type Subject } from '../../../../scripts/eval/population.js';
import { randomFor } from '../../../../scripts/eval/random.js';
import { openMeshPhotoRenderer, type MeshPhotoRenderer } from '../../../../scripts/render/mesh-photo-renderer.js';
import { frontAloneHipNote } from '../../../../src/main/inference/embedded/front-alone-hip.js';
import { fuseReadings } from '../../../../src/main/inference/frame-fusion.js';
import type { ScanResult } from '../../../../src/main/inference/pipeline.js';

/**
 * A front and side burst in the embedded pipeline: bodies of the evaluation's independent
 * construction (scripts/eval/), rendered by three.js in Chromium with new sensor noise in each
 * frame, read by the real Human models. Each frame set pairs front frame i with side frame i; the
 * burst's figures lie near those of the sets scanned one by one, fused. Needs /usr/bin/chromium (or
 * CHROMIUM_PATH), as the accuracy evaluation does.
 */

let renderer: MeshPhotoRenderer;
const embedded = useEmbeddedPipeline('perfit-front-side-burst', 240_000);
const [subject] = drawPopulation('dev', 8).filter((each) => each.extreme === null) as [Subject];
const condition: CaptureCondition = drawCondition('dev', subject.id, 0, subject.dims.stature!);

async function photograph(view: View, noiseSeed: number): Promise<string> {
  const variation = drawShapeVariation(randomFor('dev', subject.id, 'shape'));
  const bytes = await renderer.photograph(photoRequest(buildScene(subject, variation, condition, view), condition, view, noiseSeed));
  return embedded.save(`${view}-${noiseSeed}.jpg`, bytes);
}

beforeAll(async () => {
  renderer = await openMeshPhotoRenderer();
}, 240_000);

afterAll(async () => {
  await renderer?.close();
});

describe('a front and side burst in the embedded pipeline', () => {
  it('fits each front frame with its side frame and fuses the sets near the sets scanned one by one', async () => {
    const seeds = [7, 8, 9];
    const fronts = await Promise.all(seeds.map((seed) => photograph('front', seed)));
    const sides = await Promise.all(seeds.map((seed) => photograph('side', seed)));
    const scan = (front: string, side: string, framePaths: string[] = [], sideFramePaths: string[] = []) =>
      embedded.pipeline.run(
        {
          jobId: 'front-side-burst',
          imagePath: front,
          sideImagePath: side,
          framePaths,
          sideFramePaths,
          gender: subject.sex,
          heightCm: Math.round(subject.dims.stature! / 10),
          clothing: 'regular',
          shoes: condition.soleMm > 0 ? 'flat' : 'none',
        },
        () => undefined,
      );
    const sets: ScanResult[] = [];
    for (const [index, front] of fronts.entries()) sets.push(await scan(front, sides[index]!));
    const burst = await scan(fronts[0]!, sides[0]!, fronts.slice(1), sides.slice(1));
    expect(burst.provenance.notes.join(' ')).toMatch(/Burst of 3 front and 3 side frames: 3 frame sets measured\./);
    for (const result of [...sets, burst]) expect(result.provenance.notes).toContain(frontAloneHipNote);
    // The extra frames take one look each and two fit steps from the first set's betas: near the sets scanned alone, not equal.
    for (const name of ['chest', 'waist', 'hip', 'thigh', 'inseam']) {
      const readings = sets.map((result) => result.measurements.find((m) => m.name === name)!.valueCm);
      expect(Math.abs(burst.measurements.find((m) => m.name === name)!.valueCm - fuseReadings(readings).valueCm), name).toBeLessThan(1);
    }
    // The notes and warnings are those of the photos shown (the first set).
    expect(burst.warnings).toEqual(sets[0]!.warnings);
  }, 300_000);
});
