import { describe, expect, it } from 'vitest';
import { chartPlans, deriveChart } from '../../../scripts/sizes/derive-charts.js';
import { shippedCharts } from '../../../src/main/sizes/shipped-charts.js';

describe('shipped size charts', () => {
  it('are the charts the derivation script makes from the survey today, each saying how', () => {
    const shipped = shippedCharts();
    expect(shipped.map((chart) => chart.id).sort()).toEqual(chartPlans.map((plan) => plan.id).sort());
    for (const plan of chartPlans) {
      const chart = shipped.find((candidate) => candidate.id === plan.id)!;
      expect(chart).toEqual(deriveChart(plan));
      expect(chart.source).toMatch(/^Derived from the ANSUR II survey .* copied from no standard and no brand/);
    }
  });
});
