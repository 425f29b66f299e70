import { describe, expect, it } from 'vitest';
import type { ShapeStats } from '../../../src/main/body/shape-stats.js';
import { baselineValue } from '../../../scripts/eval/baseline.js';

/** Three survey columns with a known covariance (mm²): stature, chest, and crotch/ankle heights for a difference. */
const columns = ['stature', 'chestcircumference', 'crotchheight', 'lateralmalleolusheight'];
const covariance = [
  [4900, 1400, 2800, 140],
  [1400, 6400, 300, 20],
  [2800, 300, 2500, 100],
  [140, 20, 100, 36],
];
const stats: ShapeStats = {
  sex: 'male',
  source: 'test',
  licence: 'test',
  sampleCount: 100,
  heldOut: 'none',
  columns,
  mean: [1750, 1000, 840, 70],
  sd: covariance.map((row, i) => Math.sqrt(row[i]!)),
  covariance,
  shapeColumns: ['stature'],
  components: [[1]],
  componentVariances: [1],
};

describe('the prior-only baseline', () => {
  it('is the survey regression on stature, with its residual SD', () => {
    const value = baselineValue(stats, 'chest', 180)!;
    // mean + cov/var × (1800 − 1750) = 1000 + 1400/4900 × 50; sd² = 6400 − 1400²/4900.
    expect(value.valueCm).toBeCloseTo((1000 + (1400 / 4900) * 50) / 10, 9);
    expect(value.sdCm).toBeCloseTo(Math.sqrt(6400 - 1400 ** 2 / 4900) / 10, 9);
  });

  it('combines columns with their covariance (inseam = crotch height − ankle height)', () => {
    const value = baselineValue(stats, 'inseam', 170)!;
    const mean = 840 + (2800 / 4900) * -50 - (70 + (140 / 4900) * -50);
    const conditional = (i: number, j: number): number => covariance[i]![j]! - (covariance[i]![0]! * covariance[j]![0]!) / 4900;
    const variance = conditional(2, 2) + conditional(3, 3) - 2 * conditional(2, 3);
    expect(value.valueCm).toBeCloseTo(mean / 10, 9);
    expect(value.sdCm).toBeCloseTo(Math.sqrt(variance) / 10, 9);
  });

  it('without a typed height is the sex mean and SD', () => {
    expect(baselineValue(stats, 'chest', null)).toEqual({ valueCm: 100, sdCm: 8 });
  });

  it('has no answer for a measurement whose columns the statistics lack', () => {
    expect(baselineValue(stats, 'waist', 175)).toBeNull();
  });
});
