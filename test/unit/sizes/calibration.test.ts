import { describe, expect, it } from 'vitest';
import { addTo, binFor, emptyBins, meanGapPoints, quantile, worstGapPoints } from '../../../scripts/sizes/calibration.js';

describe('calibration of the stated probability of the chosen size', () => {
  it('bins each prediction by what was stated, and measures the gaps in points', () => {
    const bins = emptyBins();
    // 100 predictions stated 0.35, 20 right; 100 stated 0.55, 70 right; 10 stated 0.95, none right.
    for (let i = 0; i < 100; i++) addTo(binFor(bins, 0.35), 0.35, i < 20);
    for (let i = 0; i < 100; i++) addTo(binFor(bins, 0.55), 0.55, i < 70);
    for (let i = 0; i < 10; i++) addTo(binFor(bins, 0.95), 0.95, false);
    expect(bins.map((bin) => bin.count)).toEqual([100, 0, 100, 0, 0, 0, 10]);
    // The 95-point gap of the last bin is below the 100 predictions the target asks for: 15 points is the worst.
    expect(worstGapPoints(bins)).toBeCloseTo(15, 9);
    // (|35 − 20| + |55 − 70| + |9.5 − 0|) / 210 predictions.
    expect(meanGapPoints(bins)).toBeCloseTo(((15 + 15 + 9.5) / 210) * 100, 9);
  });

  it('puts a stated probability of 1 in the top bin', () => {
    expect(binFor(emptyBins(), 1).low).toBe(0.9);
  });

  it('takes quantiles by nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(quantile(values, 0.1)).toBe(1);
    expect(quantile(values, 0.5)).toBe(5);
    expect(quantile(values, 0.9)).toBe(9);
    expect(() => quantile([], 0.5)).toThrow();
  });
});
