import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadShapeStats } from '../../../src/main/body/shape-stats.js';
import { evaluateSex, fitLimitsMm, statsMoments } from '../../../scripts/body/evaluation.js';

/**
 * A fast version of `npm run eval:body` (which writes docs/body-model.md from the full survey and
 * 1,000 random bodies): 150 random bodies, 40 held-out subjects per sex, references from the
 * committed statistics, so it needs no survey files.
 */
const heldOut = JSON.parse(readFileSync(new URL('./fixtures/ansur-held-out-sample.json', import.meta.url), 'utf8')) as Record<
  'male' | 'female',
  Array<Record<string, number>>
>;

describe.each(['male', 'female'] as const)('the %s model is a faithful body', (gender) => {
  it('mean, spread and held-out fit match the survey', async () => {
    const stats = await loadShapeStats(gender);
    const result = await evaluateSex(
      gender,
      (definition) => statsMoments(stats, definition),
      heldOut[gender],
      { randomBodies: 150, seed: 42 },
      undefined,
      stats,
    );
    for (const row of result.mean.filter((r) => r.checked)) expect(Math.abs(row.errorPercent), row.name).toBeLessThan(1);
    // 150 samples: the SD of an SD estimate is ~6%, so allow 20% here (the full evaluation uses 10%).
    for (const row of result.spread) expect(Math.abs(row.ratio - 1), row.name).toBeLessThan(0.2);
    for (const row of result.fit.rows.filter((r) => r.limitMm !== null))
      expect(row.maeMm, row.name).toBeLessThanOrEqual(fitLimitsMm[row.name]!);
    expect(result.mesh.selfIntersectionsTPose).toBe(0);
  });
});
