import { describe, expect, it } from 'vitest';
import { conditionalDimensions, loadShapeStats } from '../../../../src/main/body/shape-stats.js';
import { measurementDefinition, surveyValueMm } from '../../../../src/main/body/measurement-definitions.js';
import { withFiguresFromTrunk, withHiddenHipFromTrunk } from '../../../../src/main/inference/embedded/figures-from-trunk.js';
import { measuredValue } from '../../../factories/measurements.js';

describe('withFiguresFromTrunk', () => {
  it("puts the thigh, the upper arm and the inseam at the survey's prediction from the stature, chest, waist and hip", async () => {
    const stats = await loadShapeStats('male');
    const trunk = [measuredValue('height', 181), measuredValue('chest', 112), measuredValue('waist', 101), measuredValue('hip', 108)];
    const out = withFiguresFromTrunk(
      [
        ...trunk,
        measuredValue('thigh', 50),
        measuredValue('thigh_skin', 49),
        measuredValue('upper_arm', 30),
        measuredValue('inseam', 80),
        measuredValue('calf', 38),
      ],
      stats,
    );
    const predicted = conditionalDimensions(stats, {
      stature: 1810,
      chestcircumference: 1120,
      waistcircumference: 1010,
      buttockcircumference: 1080,
    });
    const byName = Object.fromEntries(out.map((measurement) => [measurement.name, measurement]));
    expect(byName.thigh!.valueCm).toBeCloseTo(predicted.thighcircumference!.mean / 10, 2);
    // The skin reading keeps its distance from the hull reading.
    expect(byName.thigh_skin!.valueCm).toBeCloseTo(predicted.thighcircumference!.mean / 10 - 1, 2);
    expect(byName.upper_arm!.valueCm).toBeCloseTo(predicted.bicepscircumferenceflexed!.mean / 10, 2);
    const meanRow = Object.fromEntries(Object.entries(predicted).map(([column, { mean }]) => [column, mean]));
    expect(byName.inseam!.valueCm).toBeCloseTo(surveyValueMm(measurementDefinition('inseam')!, meanRow)! / 10, 2);
    expect(byName.calf).toEqual(measuredValue('calf', 38));
    expect(out.slice(0, 4)).toEqual(trunk);
  });

  it('gives a heavier trunk of the same stature a larger thigh and upper arm', async () => {
    const stats = await loadShapeStats('female');
    const limbs = (chest: number, waist: number, hip: number) =>
      Object.fromEntries(
        withFiguresFromTrunk(
          [
            measuredValue('height', 165),
            measuredValue('chest', chest),
            measuredValue('waist', waist),
            measuredValue('hip', hip),
            measuredValue('thigh', 55),
            measuredValue('upper_arm', 28),
          ],
          stats,
        ).map((measurement) => [measurement.name, measurement.valueCm]),
      );
    const slim = limbs(84, 68, 92);
    const heavy = limbs(112, 100, 122);
    expect(heavy.thigh! - slim.thigh!).toBeGreaterThan(8);
    expect(heavy.upper_arm! - slim.upper_arm!).toBeGreaterThan(4);
  });

  it('leaves every figure as it is when the scan has no hip to predict from', async () => {
    const stats = await loadShapeStats('male');
    const measurements = [
      measuredValue('height', 181),
      measuredValue('chest', 112),
      measuredValue('waist', 101),
      measuredValue('thigh', 50),
    ];
    expect(withFiguresFromTrunk(measurements, stats)).toEqual(measurements);
  });
});

describe('withHiddenHipFromTrunk', () => {
  it("puts a hidden hip (hull and skin) at the survey's prediction from the stature, chest and waist", async () => {
    const stats = await loadShapeStats('female');
    const trunk = [measuredValue('height', 164), measuredValue('chest', 96), measuredValue('waist', 80)];
    const out = withHiddenHipFromTrunk(
      [...trunk, measuredValue('hip', 90), measuredValue('hip_skin', 89), measuredValue('thigh', 55)],
      stats,
    );
    const predicted = conditionalDimensions(stats, { stature: 1640, chestcircumference: 960, waistcircumference: 800 });
    const byName = Object.fromEntries(out.map((measurement) => [measurement.name, measurement]));
    expect(byName.hip!.valueCm).toBeCloseTo(predicted.buttockcircumference!.mean / 10, 2);
    expect(byName.hip_skin!.valueCm).toBeCloseTo(predicted.buttockcircumference!.mean / 10 - 1, 2);
    expect(byName.thigh).toEqual(measuredValue('thigh', 55));
    expect(out.slice(0, 3)).toEqual(trunk);
  });

  it('leaves the hip as it is when the waist is missing', async () => {
    const stats = await loadShapeStats('female');
    const measurements = [measuredValue('height', 164), measuredValue('chest', 96), measuredValue('hip', 90)];
    expect(withHiddenHipFromTrunk(measurements, stats)).toEqual(measurements);
  });
});
