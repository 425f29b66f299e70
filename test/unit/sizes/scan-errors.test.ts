import { describe, expect, it } from 'vitest';
import { measuredWith, nearestScans, parseScanErrors } from '../../../scripts/sizes/scan-errors.js';

/** A minimal docs/embedded-accuracy.json: three women scanned front+height, one of them refused. */
const accuracyJson = {
  seed: 'test',
  subjects: [
    { id: 'a', sex: 'female', clothing: 'bare', truth: { chest: 84, waist: 68 } },
    { id: 'b', sex: 'female', clothing: 'regular', truth: { chest: 100, waist: 86 } },
    { id: 'c', sex: 'female', clothing: 'loose', truth: { chest: 120, waist: 110 } },
  ],
  scans: [
    {
      subjectId: 'a',
      pipeline: 'embedded',
      inputSet: 'front+height',
      refusal: null,
      values: { chest: { truthCm: 84, estimateCm: 86, sdCm: 2 }, waist: { truthCm: 68, estimateCm: 71, sdCm: 3 } },
    },
    {
      subjectId: 'b',
      pipeline: 'embedded',
      inputSet: 'front+height',
      refusal: null,
      values: { chest: { truthCm: 100, estimateCm: 99, sdCm: 2.5 }, waist: { truthCm: 86, estimateCm: 85, sdCm: 3.5 } },
    },
    { subjectId: 'c', pipeline: 'embedded', inputSet: 'front+height', refusal: 'arms_against_body', values: null },
    {
      subjectId: 'a',
      pipeline: 'hmr2',
      inputSet: 'front+height',
      refusal: null,
      values: { chest: { truthCm: 84, estimateCm: 90, sdCm: 2 } },
    },
  ],
};

describe('the pipeline errors resampled scan by scan', () => {
  const [pool] = parseScanErrors(accuracyJson);

  it('keeps each scan of the pipeline whole, refused ones included, by input set and sex', () => {
    expect(pool?.inputSet).toBe('front+height');
    expect(pool?.bySex.female.map((scan) => scan.subjectId)).toEqual(['a', 'b', 'c']);
    expect(pool?.bySex.male).toEqual([]);
    expect(pool?.bySex.female[0]?.measured).toEqual({ chest: { errorCm: 2, sdCm: 2 }, waist: { errorCm: 3, sdCm: 3 } });
  });

  it("finds the scans of the bodies nearest a customer, and applies one scan's errors to them together", () => {
    const customer = new Map([
      ['chest', 98],
      ['waist', 84],
    ]);
    const nearest = nearestScans(pool!.bySex.female, customer, ['chest', 'waist'], 2);
    expect(nearest.map((scan) => scan.subjectId)).toEqual(['b', 'a']);
    expect(measuredWith(nearest[0]!, customer, ['chest', 'waist'])).toEqual(
      new Map([
        ['chest', { valueCm: 97, sdCm: 2.5 }],
        ['waist', { valueCm: 83, sdCm: 3.5 }],
      ]),
    );
    const refused = pool!.bySex.female.find((scan) => scan.subjectId === 'c')!;
    expect(measuredWith(refused, customer, ['chest'])).toBeNull();
  });

  it("refuses a file that is not the evaluation's output, naming the field", () => {
    expect(() => parseScanErrors({ seed: 'test', subjects: [], scans: [{ subjectId: 'a' }] })).toThrow(/pipeline/);
  });
});
