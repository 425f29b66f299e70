import { describe, expect, it } from 'vitest';
import { SizeChartError } from '../../../src/main/sizes/errors.js';
import { standardNormalCdf } from '../../../src/main/sizes/normal.js';
import { girthErrorCorrelation, recommendSize, type BodyDimension } from '../../../src/main/sizes/recommend.js';
import { handMadeChart } from './chart-factory.js';

// Φ at the points the cases below use, from tables (Abramowitz & Stegun 26.2).
const phi = { [-3]: 0.0013499, [-2]: 0.0227501, [-1]: 0.1586553, [-0.25]: 0.4012937, 0: 0.5, 1: 0.8413447, 2: 0.9772499, 3: 0.9986501 };

const body = (entries: Record<string, [number, number | null]>): Map<string, BodyDimension> =>
  new Map(Object.entries(entries).map(([name, [valueCm, sdCm]]) => [name, { valueCm, sdCm }]));

/**
 * Φ₂(a, b; ρ) = ∫_{-∞}^{a} φ(x) Φ((b − ρx)/√(1 − ρ²)) dx by Simpson's rule: conditioning on one
 * girth, not on the recommender's common factor, so the two computations check each other.
 */
function bivariateNormalCdf(a: number, b: number, rho: number): number {
  const steps = 20_000;
  const low = -12;
  const h = (a - low) / steps;
  const f = (x: number): number =>
    (Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI)) * standardNormalCdf((b - rho * x) / Math.sqrt(1 - rho * rho));
  let sum = f(low) + f(a);
  for (let i = 1; i < steps; i++) sum += f(low + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

const probability = (result: ReturnType<typeof recommendSize>, label: string): number =>
  result.sizes.find((size) => size.label === label)!.probability;

describe('standardNormalCdf', () => {
  it('matches the tabulated normal distribution', () => {
    for (const [z, expected] of Object.entries(phi)) expect(standardNormalCdf(Number(z))).toBeCloseTo(expected, 6);
    expect(standardNormalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });
});

describe('recommendSize', () => {
  it('gives the size whose ranges hold the body, with the probability of the limiting-dimension rule', () => {
    const result = recommendSize(handMadeChart(), body({ chest: [96, 2], waist: [80, 2] }));
    expect(result.bestSize).toBe('M');
    expect(result.status).toBe('fits');
    // P(needed ≤ S) = P(chest within S and waist within S): the standard bivariate normal's CDF at
    // (-2, -1) with the girths' error correlation; P(needed ≤ M) the same at (2, 3).
    const upToS = bivariateNormalCdf(-2, -1, girthErrorCorrelation);
    const upToM = bivariateNormalCdf(2, 3, girthErrorCorrelation);
    expect(upToS).toBeGreaterThan(phi[-2] * phi[-1]);
    expect(probability(result, 'S')).toBeCloseTo(upToS, 5);
    expect(probability(result, 'M')).toBeCloseTo(upToM - upToS, 4);
    expect(probability(result, 'L')).toBeCloseTo(1 - upToM, 4);
    expect(result.runnerUp).toBe('L');
    expect(result.dimensions).toEqual([
      { dimension: 'chest', valueCm: 96, sdCm: 2, range: { min_cm: 92, max_cm: 100 }, fit: 'good', offRangeCm: 0 },
      { dimension: 'waist', valueCm: 80, sdCm: 2, range: { min_cm: 78, max_cm: 86 }, fit: 'good', offRangeCm: 0 },
    ]);
    expect(result.note).toBe('M fits with 96% probability in Test tops.');
    const total = result.sizes.reduce((sum, size) => sum + size.probability, result.belowChartProbability + result.aboveChartProbability);
    expect(total).toBeCloseTo(1, 9);
  });

  it('takes lengths as independent of the girths: the probabilities multiply', () => {
    const chart = handMadeChart({
      sizes: [
        { label: 'S', ranges: { chest: { min_cm: 84, max_cm: 92 }, arm_length: { min_cm: 54, max_cm: 58 } } },
        { label: 'M', ranges: { chest: { min_cm: 92, max_cm: 100 }, arm_length: { min_cm: 58, max_cm: 62 } } },
        { label: 'L', ranges: { chest: { min_cm: 100, max_cm: 108 }, arm_length: { min_cm: 62, max_cm: 66 } } },
      ],
    });
    const result = recommendSize(chart, body({ chest: [96, 2], arm_length: [60, 1] }));
    // P(needed ≤ S) = Φ(-2)·Φ(-2); P(needed ≤ M) = Φ(2)·Φ(2).
    expect(probability(result, 'S')).toBeCloseTo(phi[-2] * phi[-2], 6);
    expect(probability(result, 'M')).toBeCloseTo(phi[2] * phi[2] - phi[-2] * phi[-2], 6);
  });

  it('says when the customer is between two sizes, and which way each fit goes', () => {
    const result = recommendSize(handMadeChart(), body({ chest: [99.5, 2], waist: [80, 1] }));
    expect(result.status).toBe('between_sizes');
    expect(result.bestSize).toBe('M');
    expect(result.runnerUp).toBe('L');
    // Chest 99.5 ± 2 is below M's upper limit 100 with Φ(0.25); waist 80 ± 1 is within M but for
    // Φ(-2) below it and Φ(-6) above. P(needed ≤ M) = Φ₂(0.25, 6), P(needed ≤ S) = Φ₂(-3.75, -2).
    const upToS = bivariateNormalCdf(-3.75, -2, girthErrorCorrelation);
    const upToM = bivariateNormalCdf(0.25, 6, girthErrorCorrelation);
    expect(probability(result, 'M')).toBeCloseTo(upToM - upToS, 4);
    expect(probability(result, 'L')).toBeCloseTo(1 - upToM, 4);
    expect(result.note).toBe('Between M (60%) and L (40%): for a closer fit choose the smaller, for a looser fit the larger.');
  });

  it('lets the limiting dimension decide: a chest of M and a waist of L need L', () => {
    const result = recommendSize(handMadeChart(), body({ chest: [96, null], waist: [90, null] }));
    expect(result.bestSize).toBe('L');
    expect(probability(result, 'L')).toBe(1);
    expect(result.dimensions.find((d) => d.dimension === 'chest')).toMatchObject({ fit: 'loose', offRangeCm: -4 });
  });

  it('says when the body is outside the chart, naming the dimension and by how much', () => {
    const result = recommendSize(handMadeChart(), body({ chest: [115, 1], waist: [90, 1] }));
    expect(result.status).toBe('outside_chart');
    expect(result.bestSize).toBe('L');
    expect(result.aboveChartProbability).toBeGreaterThan(0.999);
    expect(result.dimensions.find((d) => d.dimension === 'chest')).toMatchObject({ fit: 'tight', offRangeCm: 7 });
    expect(result.note).toBe(
      'Outside this chart: larger than its largest size, L (chest 7.0 cm above its range). L is the nearest size; try it on.',
    );

    const small = recommendSize(handMadeChart(), body({ chest: [70, 1], waist: [60, 1] }));
    expect(small.status).toBe('outside_chart');
    expect(small.bestSize).toBe('S');
    expect(small.note).toContain('smaller than its smallest size, S (chest 14.0 cm below its range, waist 10.0 cm below its range)');
  });

  it('sizes by the dimensions it has when one is missing, and says which it left out', () => {
    const result = recommendSize(handMadeChart(), body({ chest: [104, 1] }));
    expect(result.bestSize).toBe('L');
    expect(result.missingDimensions).toEqual(['waist']);
    expect(result.dimensions.map((d) => d.dimension)).toEqual(['chest']);
    expect(result.note).toContain('Not measured, so not considered: waist.');
  });

  it('refuses a chart that uses no measurement the avatar has', () => {
    const attempt = () => recommendSize(handMadeChart(), body({ neck: [38, 1] }));
    expect(attempt).toThrow(SizeChartError);
    expect(attempt).toThrow(/sizes by chest, waist, and the avatar has none/);
    try {
      attempt();
    } catch (error) {
      expect((error as SizeChartError).code).toBe('chart_dimensions_missing');
    }
  });

  it('moves a customer near the top of a size up for a loose fit and near the bottom down for a snug one', () => {
    // Chest 98.5 in M (92-100, width 8): loose adds a quarter of 8 cm, 100.5, so P(M) = Φ(-1).
    const nearTop = body({ chest: [98.5, 0.5], waist: [80, 0.5] });
    expect(recommendSize(handMadeChart(), nearTop, 'regular').bestSize).toBe('M');
    const loose = recommendSize(handMadeChart(), nearTop, 'loose');
    expect(loose.bestSize).toBe('L');
    expect(probability(loose, 'M')).toBeCloseTo(phi[-1], 4);
    expect(loose.fitPreference).toBe('loose');
    // The verdicts stay about the body as measured.
    expect(loose.dimensions.find((d) => d.dimension === 'chest')).toMatchObject({ valueCm: 98.5, fit: 'loose', offRangeCm: -1.5 });

    // Chest 93.5 in M, waist 76 in S: snug takes 2 cm off, 91.5, so P(S) = Φ(1)·Φ((78 - 74) / 0.5) ≈ Φ(1).
    const nearBottom = body({ chest: [93.5, 0.5], waist: [76, 0.5] });
    expect(recommendSize(handMadeChart(), nearBottom, 'regular').bestSize).toBe('M');
    const snug = recommendSize(handMadeChart(), nearBottom, 'snug');
    expect(snug.bestSize).toBe('S');
    expect(probability(snug, 'S')).toBeCloseTo(phi[1], 4);
    // In the middle of a size a preference changes nothing.
    expect(recommendSize(handMadeChart(), body({ chest: [96, 0.5], waist: [82, 0.5] }), 'loose').bestSize).toBe('M');
  });

  it('meets adjacent ranges halfway across a gap', () => {
    const chart = handMadeChart({
      sizes: [
        { label: 'S', ranges: { chest: { min_cm: 84, max_cm: 90 } } },
        { label: 'M', ranges: { chest: { min_cm: 94, max_cm: 100 } } },
      ],
    });
    // The gap 90-94 is split at 92: a chest of 92 with SD 1 is half S, half M.
    const result = recommendSize(chart, body({ chest: [92, 1] }));
    expect(probability(result, 'S')).toBeCloseTo(0.5, 6);
    expect(probability(result, 'M')).toBeCloseTo(0.5, 6);
  });
});
