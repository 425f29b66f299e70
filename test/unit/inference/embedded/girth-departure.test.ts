import { describe, expect, it } from 'vitest';
import { conditionalDimensions, loadShapeStats } from '../../../../src/main/body/shape-stats.js';
import {
  girthDepartureGains,
  hipTowardTrunkGain,
  withGirthDepartures,
  withHipTowardTrunk,
} from '../../../../src/main/inference/embedded/girth-departure.js';
import { measuredValue } from '../../../factories/measurements.js';

describe('withGirthDepartures', () => {
  it("moves the chest by its gain from the survey's mean for the stature, and leaves the other figures", async () => {
    const stats = await loadShapeStats('female');
    const means = conditionalDimensions(stats, { stature: 1650 });
    const chestCm = means.chestcircumference!.mean / 10;
    const hipCm = means.buttockcircumference!.mean / 10;
    const out = withGirthDepartures(
      [
        measuredValue('height', 165),
        measuredValue('chest', chestCm + 10),
        measuredValue('waist', 80),
        measuredValue('hip', hipCm + 10),
        measuredValue('hip_skin', hipCm - 4),
      ],
      stats,
      165,
      true,
    );
    const gains = girthDepartureGains.withSide;
    expect(out[1]!.valueCm).toBeCloseTo(chestCm + 10 * gains.chest!, 2);
    // With a side photo the hip is left to withHipTowardTrunk.
    expect(gains.hip).toBeUndefined();
    expect(out[3]!.valueCm).toBeCloseTo(hipCm + 10, 2);
    expect(out[4]!.valueCm).toBeCloseTo(hipCm - 4, 2);
    expect(out[0]).toEqual(measuredValue('height', 165));
    expect(out[2]).toEqual(measuredValue('waist', 80));
    expect(out[1]!.sdCm).toBe(2);
  });

  it('leaves a girth at the mean where it is, and moves a chest below the mean further below', async () => {
    const stats = await loadShapeStats('male');
    const chestCm = conditionalDimensions(stats, { stature: 1800 }).chestcircumference!.mean / 10;
    const [atMean, below] = withGirthDepartures(
      [measuredValue('chest', chestCm), measuredValue('chest_skin', chestCm - 8)],
      stats,
      180,
      true,
    );
    expect(atMean!.valueCm).toBeCloseTo(chestCm, 2);
    expect(below!.valueCm).toBeCloseTo(chestCm - 8 * girthDepartureGains.withSide.chest!, 2);
  });

  it('takes the front-only gains when no profile was fitted: the chest further out, the waist too, the hip as read', async () => {
    const stats = await loadShapeStats('female');
    const means = conditionalDimensions(stats, { stature: 1650 });
    const chestCm = means.chestcircumference!.mean / 10;
    const waistCm = means.waistcircumference!.mean / 10;
    const hipCm = means.buttockcircumference!.mean / 10;
    const gains = girthDepartureGains.frontOnly;
    const out = withGirthDepartures(
      [measuredValue('chest', chestCm + 10), measuredValue('waist', waistCm - 5), measuredValue('hip', hipCm + 10)],
      stats,
      165,
      false,
    );
    expect(out[0]!.valueCm).toBeCloseTo(chestCm + 10 * gains.chest!, 2);
    expect(out[1]!.valueCm).toBeCloseTo(waistCm - 5 * gains.waist!, 2);
    expect(out[2]!.valueCm).toBeCloseTo(hipCm + 10, 2);
    expect(gains.chest!).toBeGreaterThan(girthDepartureGains.withSide.chest!);
  });

  it('changes nothing for a girth whose survey column the statistics lack', async () => {
    const stats = await loadShapeStats('neutral');
    const renamed = new Set(['chestcircumference', 'buttockcircumference']);
    const without = { ...stats, columns: stats.columns.map((column) => (renamed.has(column) ? `${column}_absent` : column)) };
    const measurements = [measuredValue('chest', 100), measuredValue('hip', 100)];
    expect(withGirthDepartures(measurements, without, 170, true)).toBe(measurements);
  });

  it("moves a side photo's hip towards what its chest and waist predict, hull and skin alike", async () => {
    const stats = await loadShapeStats('male');
    const trunk = { stature: 1780, chestcircumference: 1000, waistcircumference: 880 };
    const predicted = conditionalDimensions(stats, trunk).buttockcircumference!.mean / 10;
    const measured = [
      measuredValue('chest', 100),
      measuredValue('waist', 88),
      measuredValue('hip', predicted + 6),
      measuredValue('hip_skin', predicted + 4),
      measuredValue('thigh', 58),
    ];
    const out = withHipTowardTrunk(measured, stats, 178);
    expect(out[2]!.valueCm).toBeCloseTo(predicted + 6 * hipTowardTrunkGain, 2);
    expect(out[3]!.valueCm).toBeCloseTo(predicted + 4 * hipTowardTrunkGain, 2);
    expect(out.filter((_, index) => index !== 2 && index !== 3)).toEqual(measured.filter((_, index) => index !== 2 && index !== 3));
    // A slim build's hip stays slim: its prediction comes from its own chest and waist, not the stature's usual hip.
    const usualHip = conditionalDimensions(stats, { stature: 1780 }).buttockcircumference!.mean / 10;
    const slimTrunk = { stature: 1780, chestcircumference: 860, waistcircumference: 720 };
    const slimPredicted = conditionalDimensions(stats, slimTrunk).buttockcircumference!.mean / 10;
    const [, , slimHip] = withHipTowardTrunk(
      [measuredValue('chest', 86), measuredValue('waist', 72), measuredValue('hip', slimPredicted)],
      stats,
      178,
    );
    expect(slimHip!.valueCm).toBeCloseTo(slimPredicted, 2);
    expect(slimPredicted).toBeLessThan(usualHip - 4);
  });

  it('leaves the hip alone without a chest or a waist to predict it from', async () => {
    const stats = await loadShapeStats('female');
    const measured = [measuredValue('chest', 95), measuredValue('hip', 100)];
    expect(withHipTowardTrunk(measured, stats, 165)).toBe(measured);
  });
});
