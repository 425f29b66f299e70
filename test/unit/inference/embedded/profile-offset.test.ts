import { describe, expect, it } from 'vitest';
import { measuredTrunk } from '../../../factories/measurements.js';
import { profileOffsetCm, withProfileOffset } from '../../../../src/main/inference/embedded/profile-offset.js';

const measured = measuredTrunk;

describe('withProfileOffset', () => {
  it("takes the profile's offset off a man's chest and waist (hull and skin) when a side photo was fitted", () => {
    const out = withProfileOffset(measured, 'male', true);
    expect(out.map((measurement) => measurement.valueCm)).toEqual([
      100 + profileOffsetCm.chest,
      98 + profileOffsetCm.chest,
      33,
      90 + profileOffsetCm.waist,
      88 + profileOffsetCm.waist,
      100,
      55,
    ]);
    expect(out[0]).toMatchObject({ sdCm: 2, method: 'convex_hull_perimeter' });
    expect(profileOffsetCm.chest).toBeLessThan(0);
    expect(profileOffsetCm.waist).toBeLessThan(0);
  });

  it('leaves a front photo alone, and every body that is not a man', () => {
    expect(withProfileOffset(measured, 'male', false)).toBe(measured);
    expect(withProfileOffset(measured, 'female', true)).toBe(measured);
    expect(withProfileOffset(measured, 'neutral', true)).toBe(measured);
  });
});
