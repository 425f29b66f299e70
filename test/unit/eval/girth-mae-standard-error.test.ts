import { describe, expect, it } from 'vitest';
import { girthMaeStandardErrorCm } from '../../../scripts/eval/report.js';
import type { ScanRecord } from '../../../scripts/eval/scan-population.js';
import type { TruthName } from '../../../scripts/eval/truth.js';

/** A scan whose chest, waist and hip are off by these errors (cm). */
function scan(errors: [number, number, number] | [number, number]): ScanRecord {
  const names: TruthName[] = ['chest', 'waist', 'hip'];
  return {
    subjectId: 's',
    pipeline: 'embedded',
    inputSet: 'front+side+height',
    refusal: null,
    values: Object.fromEntries(
      errors.map((error, index) => [names[index]!, { truthCm: 100, estimateCm: 100 + error, sdCm: 2, method: 'm' }]),
    ),
    baseline: {},
  };
}
const photoError = (record: ScanRecord, name: TruthName): number | undefined => {
  const value = record.values[name];
  return value ? value.estimateCm - value.truthCm : undefined;
};

describe("the girth MAE's standard error", () => {
  it('takes each scan’s mean absolute girth error as one sample, leaving out scans without all three girths', () => {
    // Per-scan means: 2, 4, 6 (and a scan with two girths, left out): SD 2, standard error 2 / √3.
    const scans = [scan([1, -2, 3]), scan([-4, 4, 4]), scan([6, 6, -6]), scan([50, 50])];
    expect(girthMaeStandardErrorCm(scans, photoError)).toBeCloseTo(2 / Math.sqrt(3), 12);
  });

  it('is unknown below two scans', () => {
    expect(girthMaeStandardErrorCm([scan([1, 2, 3])], photoError)).toBeNaN();
  });
});
