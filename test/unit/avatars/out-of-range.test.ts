import { beforeAll, describe, expect, it } from 'vitest';
import { maxShapeDistanceSquared, outOfRangeWarnings, surveyDistanceSquared } from '../../../src/main/avatars/out-of-range.js';
import type { MeasurementValue } from '../../../src/main/avatars/types.js';
import { loadShapeStats, type ShapeStats } from '../../../src/main/body/shape-stats.js';

const columns = ['stature', 'chestcircumference', 'waistcircumference', 'buttockcircumference'];
const names = ['height', 'chest', 'waist', 'hip'];

/** The four figures at the survey mean plus `shiftMm` (per column, mm). */
function figures(stats: ShapeStats, shiftMm: number[]): MeasurementValue[] {
  return names.map((name, i) => {
    const column = stats.columns.indexOf(columns[i]!);
    return { name, valueCm: (stats.mean[column]! + shiftMm[i]!) / 10, sdCm: null, method: 'test' };
  });
}

describe('out-of-range flags from the survey statistics (models/body/shape-stats.json)', () => {
  let stats: ShapeStats;
  beforeAll(async () => {
    stats = await loadShapeStats('female');
  });

  it('the survey mean is at distance 0 and gets no flag', () => {
    expect(surveyDistanceSquared(figures(stats, [0, 0, 0, 0]), stats)).toBeCloseTo(0, 9);
    expect(outOfRangeWarnings(figures(stats, [0, 0, 0, 0]), stats)).toEqual([]);
  });

  it('a shift of k times a covariance column is at squared distance k² times its diagonal entry', () => {
    // Σ⁻¹(kΣe_j) = k e_j, so dᵀΣ⁻¹d = k² Σ_jj: an answer that needs no matrix inverse.
    const chest = stats.columns.indexOf('chestcircumference');
    const k = 0.01;
    const shift = columns.map((column) => k * stats.covariance[stats.columns.indexOf(column)]![chest]!);
    expect(surveyDistanceSquared(figures(stats, shift), stats)).toBeCloseTo(k * k * stats.covariance[chest]![chest]!, 6);
  });

  it('flags a chest and waist far beyond the survey at an ordinary height, and a stature outside 145–205 cm', () => {
    const chestSd = stats.sd[stats.columns.indexOf('chestcircumference')]!;
    const waistSd = stats.sd[stats.columns.indexOf('waistcircumference')]!;
    const wide = outOfRangeWarnings(figures(stats, [0, 6 * chestSd, 6 * waistSd, 0]), stats);
    expect(wide.map((warning) => warning.code)).toEqual(['shape_out_of_range']);
    const child = figures(stats, [0, 0, 0, 0]).map((figure) => (figure.name === 'height' ? { ...figure, valueCm: 128 } : figure));
    expect(outOfRangeWarnings(child, stats).map((warning) => warning.code)).toEqual(['stature_out_of_range', 'shape_out_of_range']);
  });

  it('one adult in a thousand lies beyond the flag: the chi-square quantile, checked by its own series', () => {
    // P(χ²₄ > x) = e^{-x/2} (1 + x/2) exactly for 4 degrees of freedom.
    const tail = Math.exp(-maxShapeDistanceSquared / 2) * (1 + maxShapeDistanceSquared / 2);
    expect(tail).toBeCloseTo(0.001, 4);
  });

  it('gives no shape flag when a figure is missing', () => {
    expect(surveyDistanceSquared(figures(stats, [0, 0, 0, 0]).slice(1), stats)).toBeNull();
  });
});
