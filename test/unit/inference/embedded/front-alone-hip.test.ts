import { describe, expect, it } from 'vitest';
import { measuredTrunk, measuredValue } from '../../../factories/measurements.js';
import { frontAloneHipWeight, withFrontAloneHip } from '../../../../src/main/inference/embedded/front-alone-hip.js';

describe('withFrontAloneHip', () => {
  it("moves the pair's hip (hull and skin) the chosen share of the way to the front photo's own, and nothing else", () => {
    const pair = [...measuredTrunk, measuredValue('hip_skin', 97)];
    const frontAlone = [
      measuredValue('chest', 110),
      measuredValue('waist', 80),
      measuredValue('hip', 104),
      measuredValue('hip_skin', 93),
      measuredValue('thigh', 60),
    ];
    const out = withFrontAloneHip(pair, frontAlone);
    expect(frontAloneHipWeight).toBeGreaterThan(0);
    expect(frontAloneHipWeight).toBeLessThan(1);
    expect(out.map((measurement) => [measurement.name, measurement.valueCm])).toEqual([
      ['chest', 100],
      ['chest_skin', 98],
      ['chest_breadth', 33],
      ['waist', 90],
      ['waist_skin', 88],
      ['hip', 100 + frontAloneHipWeight * 4],
      ['thigh', 55],
      ['hip_skin', 97 - frontAloneHipWeight * 4],
    ]);
    expect(out[5]).toMatchObject({ sdCm: 2, method: 'convex_hull_perimeter' });
  });

  it("keeps the pair's hip where the front photo alone has none", () => {
    const out = withFrontAloneHip(measuredTrunk, [measuredValue('chest', 120)]);
    expect(out).toEqual(measuredTrunk);
  });
});
