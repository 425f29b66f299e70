import { describe, expect, it } from 'vitest';
import {
  coverage,
  errorSdFromMeanAbsolute,
  foldedNormalMean,
  parseAccuracyDocument,
  statedSdFromCoverage,
} from '../../../scripts/sizes/pipeline-error.js';

describe('the pipeline error read from docs/embedded-accuracy.md', () => {
  it('inverts the folded normal: an unbiased error with SD s has mean absolute error s·√(2/π)', () => {
    expect(foldedNormalMean(0, 2)).toBeCloseTo(2 * Math.sqrt(2 / Math.PI), 9);
    expect(errorSdFromMeanAbsolute(2 * Math.sqrt(2 / Math.PI), 0)).toBeCloseTo(2, 6);
    // With a bias, the SD is what reproduces the mean absolute error.
    const sd = errorSdFromMeanAbsolute(3, -2);
    expect(foldedNormalMean(-2, sd)).toBeCloseTo(3, 6);
    expect(errorSdFromMeanAbsolute(1, -2)).toBe(0.05);
  });

  it('finds the stated SD from the share of errors within it (68.27% within ±1 SD of an unbiased normal)', () => {
    expect(statedSdFromCoverage(0.6827, 0, 3)).toBeCloseTo(3, 2);
    expect(coverage(statedSdFromCoverage(0.8, 1, 2), 1, 2)).toBeCloseTo(0.8, 6);
  });

  it('reads each scenario table, whichever columns it has', () => {
    const markdown = [
      '# Title',
      '## Front photo',
      'text',
      '| measurement | mean abs. error (cm) | bias (cm) | within the stated ±1 SD |',
      '|---|---:|---:|---:|',
      '| chest | 1.596 | +0.0 | 68% |',
      '| waist | 3.5 | -1.7 | 82% |',
      '',
      '## Other',
      '| measurement | bias (cm) | error SD (cm) |',
      '|---|---:|---:|',
      '| hip | +1.5 | 2.0 |',
      '## No table here',
    ].join('\n');
    const scenarios = parseAccuracyDocument(markdown);
    expect(scenarios.map((s) => s.title)).toEqual(['Front photo', 'Other']);
    const chest = scenarios[0]!.errors.get('chest')!;
    expect(chest.biasCm).toBe(0);
    expect(chest.errorSdCm).toBeCloseTo(2, 2);
    expect(chest.statedSdCm).toBeCloseTo(2 * 0.994, 1);
    expect(scenarios[0]!.errors.get('waist')!.biasCm).toBe(-1.7);
    expect(scenarios[1]!.errors.get('hip')).toMatchObject({ biasCm: 1.5, errorSdCm: 2, statedSdCm: 2 });
  });
});
