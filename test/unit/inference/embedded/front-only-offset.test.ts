import { describe, expect, it } from 'vitest';
import { measuredTrunk } from '../../../factories/measurements.js';
import { frontOnlyOffsetCm, withFrontOnlyOffset } from '../../../../src/main/inference/embedded/front-only-offset.js';
import { clothingClasses } from '../../../../src/main/scans/capture-conditions.js';

const measured = measuredTrunk;

describe('withFrontOnlyOffset', () => {
  it("moves a front-only scan's chest, waist and hip (hull and skin) by its clothing class's offset", () => {
    const offsets = frontOnlyOffsetCm.regular;
    const out = withFrontOnlyOffset(measured, 'regular', false);
    expect(out.map((measurement) => measurement.valueCm)).toEqual([
      100 + offsets.chest,
      98 + offsets.chest,
      33,
      90 + offsets.waist,
      88 + offsets.waist,
      100 + offsets.hip,
      55,
    ]);
    expect(out[0]).toMatchObject({ sdCm: 2, method: 'convex_hull_perimeter' });
  });

  it('has an offset for every clothing class: a regular shirt reads the hip small from the front, loose clothes large', () => {
    expect(Object.keys(frontOnlyOffsetCm).sort()).toEqual([...clothingClasses].sort());
    expect(frontOnlyOffsetCm.regular.hip).toBeGreaterThan(0);
    expect(frontOnlyOffsetCm.loose.hip).toBeLessThan(0);
    expect(withFrontOnlyOffset(measured, 'loose', false)[5]!.valueCm).toBe(100 + frontOnlyOffsetCm.loose.hip);
  });

  it('leaves a scan with a side photo as it is', () => {
    for (const clothing of clothingClasses) expect(withFrontOnlyOffset(measured, clothing, true)).toBe(measured);
  });
});
