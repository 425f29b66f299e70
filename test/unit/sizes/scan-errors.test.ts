import { describe, expect, it } from 'vitest';
import {
  measuredWith,
  nearestScans,
  parseScanErrors,
  resampleBodies,
  scaledErrors,
  standardizedErrors,
  type ScanError,
  type ScanErrorPool,
} from '../../../scripts/sizes/scan-errors.js';

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
    {
      subjectId: 'c',
      pipeline: 'embedded',
      inputSet: 'front+height',
      refusal: { code: 'arms_against_body', message: 'Both arms are against the body: …' },
      values: null,
    },
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
    expect(pool?.bySex.female[2]).toMatchObject({ refusal: 'arms_against_body', measured: null });
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
    expect(() => parseScanErrors({ seed: 'test', subjects: [], scans: [{ subjectId: 'a' }] }, '/tmp/dev.json')).toThrow(
      /^\/tmp\/dev\.json: [\s\S]*pipeline/,
    );
  });
});

describe("the bodies' errors read against the SDs stated with them", () => {
  const scan = (id: string, errors: Record<string, [number, number]>): ScanError => ({
    subjectId: id,
    clothing: 'bare',
    truth: {},
    refusal: null,
    measured: Object.fromEntries(Object.entries(errors).map(([name, [errorCm, sdCm]]) => [name, { errorCm, sdCm }])),
  });
  // Chest errors of exactly ±1 stated SD; the waist's ±1 SD too, in the same direction on three scans of four.
  const women = [
    scan('a', { chest: [2, 2], waist: [3, 3] }),
    scan('b', { chest: [-4, 4], waist: [-6, 6] }),
    scan('c', { chest: [2, 2], waist: [3, 3] }),
    scan('d', { chest: [-4, 4], waist: [6, 6] }),
  ];
  const pool: ScanErrorPool = { seed: 'dev', inputSet: 'front+height', bySex: { male: [], female: women } };

  it('gives an RMS of 1 when every error is one stated SD, and the correlation of the standardized errors', () => {
    const summary = standardizedErrors(pool, ['chest', 'waist']);
    expect(summary.scans).toBe(4);
    expect(summary.rms).toBeCloseTo(1, 12);
    for (const rms of summary.rmsByQuarter) expect(rms).toBeCloseTo(1, 12);
    // z: chest (1, -1, 1, -1), waist (1, -1, 1, 1); means 0 and 0.5; covariance 0.5, variances 1 and 0.75: 0.5 / √0.75.
    expect(summary.meanPairwiseCorrelation).toBeCloseTo(0.5 / Math.sqrt(0.75), 12);
  });

  it('sees stated SDs that move less than the errors: the RMS rises with the stated SD', () => {
    const compressed: ScanErrorPool = {
      ...pool,
      bySex: {
        male: [],
        female: [
          scan('a', { chest: [1, 2], waist: [1.5, 3] }),
          scan('b', { chest: [-1, 2], waist: [-1.5, 3] }),
          scan('c', { chest: [9, 3], waist: [12, 4] }),
          scan('d', { chest: [-9, 3], waist: [-12, 4] }),
        ],
      },
    };
    const summary = standardizedErrors(compressed, ['chest', 'waist']);
    expect(summary.rmsByQuarter[0]).toBeCloseTo(0.5, 12);
    expect(summary.rmsByQuarter[3]).toBeCloseTo(3, 12);
  });

  it('draws the bodies again with replacement, per sex, each copy under an id of its own', () => {
    let call = 0;
    const firstThenLast = <T>(items: readonly T[]): T => items[call++ % 2 === 0 ? 0 : items.length - 1]!;
    const resampled = resampleBodies(pool, firstThenLast);
    expect(resampled.bySex.female.map((s) => s.subjectId)).toEqual(['a#0', 'd#1', 'a#2', 'd#3']);
    expect(resampled.bySex.female[1]!.measured).toBe(women[3]!.measured);
    expect(resampled.bySex.male).toEqual([]);
  });

  it('scales every error and stated SD alike for the what-if rows, leaving refused scans refused', () => {
    const withRefusal: ScanErrorPool = {
      ...pool,
      bySex: { male: [{ ...women[0]!, subjectId: 'r', refusal: 'arms_against_body', measured: null }], female: women },
    };
    const half = scaledErrors(withRefusal, 0.5);
    expect(half.bySex.female[1]!.measured).toEqual({ chest: { errorCm: -2, sdCm: 2 }, waist: { errorCm: -3, sdCm: 3 } });
    expect(half.bySex.male[0]!.measured).toBeNull();
    expect(standardizedErrors(half, ['chest', 'waist']).rms).toBeCloseTo(1, 12);
    expect(women[1]!.measured!['chest']).toEqual({ errorCm: -4, sdCm: 4 });
  });
});
