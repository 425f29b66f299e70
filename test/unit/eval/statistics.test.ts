import { describe, expect, it } from 'vitest';
import { bmiBand, frameNoiseSplit, percentile, sdThirds, standardErrorOfMean, summarizeErrors } from '../../../scripts/eval/statistics.js';

describe('evaluation error summaries', () => {
  it('computes MAE, bias, P90, maximum and SD coverage from the errors', () => {
    const samples = [-4, -1, 0.5, 1, 2, 3, 3.5, 5, 6, 10].map((errorCm) => ({ errorCm, sdCm: 2 }));
    const summary = summarizeErrors(samples);
    expect(summary.count).toBe(10);
    expect(summary.maeCm).toBeCloseTo(36 / 10, 12);
    expect(summary.biasCm).toBeCloseTo(26 / 10, 12);
    expect(summary.p90AbsCm).toBe(6);
    expect(summary.maxAbsCm).toBe(10);
    // |e| ≤ 2: 1, 0.5, 1, 2 → 4 of 10; |e| ≤ 4: adds 4, 3, 3.5 → 7 of 10.
    expect(summary.withinOneSd).toBeCloseTo(0.4, 12);
    expect(summary.withinTwoSd).toBeCloseTo(0.7, 12);
  });

  it("gives the MAE's standard error: the absolute errors' sample SD over √n", () => {
    // |e| = 1, 2, 3, 6: mean 3, squared deviations 4 + 1 + 0 + 9 = 14, sample variance 14 / 3.
    const summary = summarizeErrors([-1, 2, -3, 6].map((errorCm) => ({ errorCm, sdCm: null })));
    expect(summary.maeCm).toBe(3);
    expect(summary.maeStandardErrorCm).toBeCloseTo(Math.sqrt(14 / 3 / 4), 12);
    expect(standardErrorOfMean([5, 5, 5])).toBe(0);
    expect(standardErrorOfMean([5])).toBeNaN();
    expect(summarizeErrors([]).maeStandardErrorCm).toBeNaN();
  });

  it('reports coverage as unknown when no SD was stated', () => {
    expect(summarizeErrors([{ errorCm: 1, sdCm: null }]).withinOneSd).toBeNaN();
  });

  it('nearest-rank percentile and BMI bands', () => {
    expect(percentile([1, 2, 3, 4, 5], 0.9)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect([17, 18.5, 24.9, 29, 34.99, 40].map(bmiBand)).toEqual(['under 18.5', '18.5–25', '18.5–25', '25–30', '30–35', '35 and over']);
  });

  it('ranks the scans by the SD they stated and cuts them into thirds, each with its MAE and ±1 SD coverage', () => {
    // SDs 1..7 (one without an SD is left out): thirds of 2, 2 and 3 samples.
    const samples = [
      { errorCm: 0.5, sdCm: 1 },
      { errorCm: -2, sdCm: 2 },
      { errorCm: 9, sdCm: null },
      { errorCm: 1, sdCm: 3 },
      { errorCm: -5, sdCm: 4 },
      { errorCm: 4, sdCm: 5 },
      { errorCm: -7, sdCm: 6 },
      { errorCm: 6, sdCm: 7 },
    ];
    expect(sdThirds(samples)).toEqual([
      { count: 2, minSdCm: 1, maxSdCm: 2, maeCm: 1.25, withinOneSd: 1 },
      { count: 2, minSdCm: 3, maxSdCm: 4, maeCm: 3, withinOneSd: 0.5 },
      { count: 3, minSdCm: 5, maxSdCm: 7, maeCm: 17 / 3, withinOneSd: 2 / 3 },
    ]);
    expect(sdThirds(samples.slice(0, 2))).toEqual([]);
  });
});

describe("a single photo's errors split into frame noise and what every frame shares", () => {
  it('takes half the mean square difference of two photos as the noise and the rest of the mean square as shared', () => {
    // First errors 3 and −1 (mean square 5); differences from the repeat 2 and −2 (noise variance (4 + 4) / 2 / 2 = 2).
    const split = frameNoiseSplit([
      { firstErrorCm: 3, againErrorCm: 1 },
      { firstErrorCm: -1, againErrorCm: 1 },
    ])!;
    expect(split.rmsCm).toBeCloseTo(Math.sqrt(5), 12);
    expect(split.noiseSdCm).toBeCloseTo(Math.sqrt(2), 12);
    expect(split.sharedRmsCm).toBeCloseTo(Math.sqrt(3), 12);
  });

  it('finds no noise when the repeat reads the same, and none shared when the noise is all there is', () => {
    expect(frameNoiseSplit([{ firstErrorCm: 2, againErrorCm: 2 }])).toEqual({ rmsCm: 2, noiseSdCm: 0, sharedRmsCm: 2 });
    // Errors of opposite signs around a true zero: the noise estimate exceeds the mean square, and nothing is left shared.
    expect(frameNoiseSplit([{ firstErrorCm: 1, againErrorCm: -1 }])!.sharedRmsCm).toBe(0);
    expect(frameNoiseSplit([])).toBeNull();
  });
});
