import { describe, expect, it } from 'vitest';
import type { MeasurementValue } from '../../../src/main/body/measurement-value.js';
import { fuseMeasurements, fuseReadings, median } from '../../../src/main/inference/frame-fusion.js';

const m = (name: string, valueCm: number, sdCm: number | null = 1): MeasurementValue => ({ name, valueCm, sdCm, method: 'contour' });

describe('fusing one measurement over a burst of frames', () => {
  it('takes the median of an odd and an even number of readings', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives a single reading back unchanged, with no spread', () => {
    expect(fuseReadings([92.4])).toEqual({ valueCm: 92.4, spreadSdCm: 0, kept: [0], dropped: [] });
  });

  it('drops a reading beyond 3 scaled MADs and takes the median and spread of the rest', () => {
    // Median 10.1, MAD 0.1 -> scaled 0.14826, limit 0.44478: 30 is dropped, 9.8 (0.3 away) kept.
    const fused = fuseReadings([10, 10.2, 9.8, 10.1, 30]);
    expect(fused.dropped).toEqual([4]);
    expect(fused.kept).toEqual([0, 1, 2, 3]);
    expect(fused.valueCm).toBeCloseTo(10.05, 10);
    // Kept: mean 10.025, sample SD sqrt(0.0875 / 3) = 0.170783; median's SD = sqrt(pi/2) * 0.170783 / 2.
    expect(fused.spreadSdCm).toBeCloseTo((Math.sqrt(Math.PI / 2) * Math.sqrt(0.0875 / 3)) / 2, 10);
  });

  it('keeps two readings and uses their mean with the SD of the mean', () => {
    const fused = fuseReadings([80, 81]);
    expect(fused.valueCm).toBe(80.5);
    // Sample SD of {80, 81} is sqrt(0.5); over sqrt(2): 0.5.
    expect(fused.spreadSdCm).toBeCloseTo(0.5, 10);
  });

  it('drops nothing when most readings are equal (no scale to judge by), and the median ignores the odd one', () => {
    const fused = fuseReadings([50, 50, 50, 57]);
    expect(fused.dropped).toEqual([]);
    expect(fused.valueCm).toBe(50);
  });

  it('refuses no readings and non-finite ones', () => {
    expect(() => fuseReadings([])).toThrow(RangeError);
    expect(() => fuseReadings([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('fusing the measurements of several frame sets', () => {
  it('returns one set unchanged', () => {
    const set = [m('chest', 96.123, 2.5), m('height', 170, null)];
    expect(fuseMeasurements([set])).toEqual({ measurements: set, outliers: {}, representative: 0 });
  });

  it("fuses each measurement by median, combines its own SD with the frames' spread in quadrature, and names the outliers", () => {
    const sets = [
      [m('chest', 95, 1.8), m('waist', 80, 1.5)],
      [m('chest', 97, 2.2), m('waist', 81, 1.5)],
      [m('chest', 96, 2), m('waist', 80.5, 1.5)],
      [m('chest', 96.5, 2), m('waist', 95, 1.5)],
      [m('chest', 95.5, 2), m('waist', 80.2, 1.5)],
    ];
    const fused = fuseMeasurements(sets);
    const chest = fused.measurements.find((each) => each.name === 'chest')!;
    expect(chest.valueCm).toBe(96);
    // Chest readings 95..97: mean 96, sample SD sqrt(2.5 / 4); median of the five own SDs is 2.
    const chestSpread = (Math.sqrt(Math.PI / 2) * Math.sqrt(2.5 / 4)) / Math.sqrt(5);
    expect(chest.sdCm).toBeCloseTo(Math.hypot(2, chestSpread), 2);
    expect(chest.method).toBe('contour');
    // Waist 95 lies far beyond 3 scaled MADs (median 80.5, MAD 0.5): dropped; median of the rest 80.35.
    expect(fused.outliers).toEqual({ waist: [3] });
    expect(fused.measurements.find((each) => each.name === 'waist')!.valueCm).toBeCloseTo(80.35, 10);
    // Set 2 (chest 96, waist 80.5) lies nearest both fused figures.
    expect(fused.representative).toBe(2);
  });

  it('keeps a null SD when a set cannot give one', () => {
    const fused = fuseMeasurements([[m('head', 56, null)], [m('head', 57, null)]]);
    expect(fused.measurements[0]).toMatchObject({ valueCm: 56.5, sdCm: null });
  });

  it('refuses no sets, and a set that lacks a measurement of the first', () => {
    expect(() => fuseMeasurements([])).toThrow(RangeError);
    expect(() => fuseMeasurements([[m('chest', 1)], [m('waist', 1)]])).toThrow(/no chest/);
  });
});
