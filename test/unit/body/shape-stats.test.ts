import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  conditionalDimensions,
  dimensionsFromBetas,
  fitBetas,
  loadShapeStats,
  UnknownDimensionError,
  shapeStatsPath,
  type ShapeStats,
} from '../../../src/main/body/shape-stats.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('the committed statistics', () => {
  it.each(['male', 'female', 'neutral'] as const)('%s: components are orthonormal and betas = 0 is the mean', async (gender) => {
    const stats = await loadShapeStats(gender);
    expect(stats.components.length).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const dot = stats.components[i]!.reduce((sum, value, d) => sum + value * stats.components[j]![d]!, 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 6);
      }
    }
    const atMean = dimensionsFromBetas(stats, []);
    expect(atMean.stature).toBeCloseTo(stats.mean[stats.columns.indexOf('stature')]!, 9);
  });
});

describe('loadShapeStats', () => {
  const dir = makeTempDir('perfit-shape-stats-');
  afterAll(() => dir.remove());

  it('reads and checks a file once, and reads one it could not check again', async () => {
    const path = join(dir.path, 'shape-stats.json');
    writeFileSync(path, JSON.stringify({ description: 'no sexes' }));
    await expect(loadShapeStats('male', path)).rejects.toThrow(/male/);
    copyFileSync(shapeStatsPath(), path);
    const male = await loadShapeStats('male', path);
    expect(male.sex).toBe('male');
    // Read once: the same statistics, even after the file changed under it.
    writeFileSync(path, '{}');
    expect(await loadShapeStats('male', path)).toBe(male);
    expect((await loadShapeStats('female', path)).sex).toBe('female');
  });
});

describe('conditionalDimensions', () => {
  const toy: ShapeStats = {
    sex: 'neutral',
    source: 'toy',
    licence: 'toy',
    sampleCount: 10,
    heldOut: 'none',
    columns: ['a', 'b', 'c'],
    mean: [100, 50, 10],
    sd: [10, 5, 2],
    covariance: [
      [100, 40, 0],
      [40, 25, 0],
      [0, 0, 4],
    ],
    shapeColumns: ['a'],
    components: [[1]],
    componentVariances: [1],
  };

  it('is the Gaussian conditional: b | a = mean_b + Σba/Σaa (a − mean_a), sd² = Σbb − Σba²/Σaa', () => {
    const result = conditionalDimensions(toy, { a: 110 });
    expect(result.a).toEqual({ mean: 110, sd: 0 });
    expect(result.b!.mean).toBeCloseTo(50 + (40 / 100) * 10, 9);
    expect(result.b!.sd).toBeCloseTo(Math.sqrt(25 - 40 ** 2 / 100), 9);
    expect(result.c).toEqual({ mean: 10, sd: 2 }); // independent of a
  });

  it('narrows the waist estimate of a real body once chest and stature are known', async () => {
    const stats = await loadShapeStats('female');
    const prior = conditionalDimensions(stats, {});
    const posterior = conditionalDimensions(stats, { stature: 1700, chestcircumference: 1000 });
    expect(posterior.waistcircumference!.sd).toBeLessThan(prior.waistcircumference!.sd * 0.7);
    expect(posterior.waistcircumference!.mean).toBeGreaterThan(prior.waistcircumference!.mean);
  });

  it('rejects a column it does not know', async () => {
    const stats = await loadShapeStats('male');
    expect(() => conditionalDimensions(stats, { shoesize: 44 })).toThrow(UnknownDimensionError);
  });
});

describe('fitBetas', () => {
  it('finds betas whose dimensions meet the targets (within 0.5 mm) and is zero with no targets', async () => {
    const stats = await loadShapeStats('male');
    const targets = { stature: 1820, chestcircumference: 1000, waistcircumference: 900, buttockcircumference: 1000 };
    const betas = fitBetas(stats, targets);
    const dims = dimensionsFromBetas(stats, betas);
    for (const [column, value] of Object.entries(targets)) expect(Math.abs(dims[column]! - value)).toBeLessThan(0.5);
    expect(Array.from(fitBetas(stats, {})).every((beta) => beta === 0)).toBe(true);
  });

  it('rejects a column the shape space does not span', async () => {
    const stats = await loadShapeStats('male');
    expect(() => fitBetas(stats, { weightkg: 800 })).toThrow(/not a shape column/);
  });
});
