import { dimensionsOf, type ChartDimension, type SizeChart, type SizeRange } from './chart-schema.js';
import { SizeChartError } from './errors.js';
import { normalCdf, standardNormalCdf } from './normal.js';

export const fitPreferences = ['snug', 'regular', 'loose'] as const;
export type FitPreference = (typeof fitPreferences)[number];

/**
 * How far a fit preference moves the body a size is chosen for, as a fraction of the width of the
 * size range the customer's dimension falls in: a customer in the top quarter of M who likes a loose
 * fit is sized as L, one in the bottom quarter who likes it snug as S (docs/size-charts.md).
 */
export const preferenceShift: Readonly<Record<FitPreference, number>> = { snug: -0.25, regular: 0, loose: 0.25 };

/**
 * The correlation of one scan's errors in its girths. They share the scale, the clothes and the
 * stance, so they err together: on the pipeline's dev seed the pairwise correlations of the chest,
 * waist, hip and neck errors were 0.41-0.72 from a front photo (the kiosk's usual scan, whose
 * figure this is) and 0.11-0.60 with a side photo too (docs/size-charts.md). Lengths (arm, inseam,
 * height) are read differently and taken as independent.
 */
export const girthErrorCorrelation = 0.7;
const correlatedGirths: ReadonlySet<ChartDimension> = new Set(['chest', 'waist', 'hip', 'neck']);

/**
 * Points and weights for E[f(Z)], Z ~ N(0, 1), by the trapezoid rule on [-6, 6]: for the smooth,
 * bounded integrands below it converges geometrically, and 25 points hold it far below a percent.
 */
const factorPoints = Array.from({ length: 25 }, (_, i) => -6 + i * 0.5);
const factorWeights = (() => {
  const raw = factorPoints.map((z) => Math.exp(-(z * z) / 2));
  const total = raw.reduce((sum, weight) => sum + weight, 0);
  return raw.map((weight) => weight / total);
})();

/** The runner-up's probability from which the customer is told they are between two sizes. */
export const betweenSizesProbability = 0.3;

/** One body dimension as the avatar states it. */
export interface BodyDimension {
  valueCm: number;
  /** One SD of the estimate; null or 0 when the pipeline cannot say (the figure is then taken as exact). */
  sdCm: number | null;
}

export type DimensionFit = 'tight' | 'good' | 'loose';

export interface DimensionVerdict {
  dimension: ChartDimension;
  valueCm: number;
  sdCm: number | null;
  /** The recommended size's range for this dimension. */
  range: SizeRange;
  fit: DimensionFit;
  /** Body minus the nearest limit of the range: positive = larger than the size (tight), negative = smaller (loose), 0 inside. */
  offRangeCm: number;
}

export type RecommendationStatus = 'fits' | 'between_sizes' | 'outside_chart';

export interface SizeRecommendation {
  chartId: string;
  chartVersion: number;
  fitPreference: FitPreference;
  status: RecommendationStatus;
  bestSize: string;
  runnerUp: string | null;
  /** P(the size is the one the body needs), per size in chart order; with the two below they sum to 1. */
  sizes: Array<{ label: string; probability: number }>;
  belowChartProbability: number;
  aboveChartProbability: number;
  dimensions: DimensionVerdict[];
  /** Chart dimensions the avatar has no measurement for: the recommendation ignores them. */
  missingDimensions: ChartDimension[];
  note: string;
}

/**
 * The size a body needs in a chart, with a probability for each size.
 *
 * Each measurement is a normal N(value, sd²). For one dimension, P(size k) is the probability that
 * the true dimension falls in size k's range (adjacent ranges meet halfway across a gap or an overlap).
 * Dimensions combine by the limiting one: a garment fits when it is big enough in every dimension it
 * is made for, so the size needed is the largest size any dimension needs: P(needed ≤ k) is the
 * probability that every dimension is within size k. Girth errors of one scan are correlated
 * (`girthErrorCorrelation`, one common factor); lengths are independent, so for them the
 * probability is the product Π_d P(size_d ≤ k). A fit preference moves each dimension by
 * `preferenceShift` × the width of its size range before that.
 */
export function recommendSize(
  chart: SizeChart,
  body: ReadonlyMap<string, BodyDimension>,
  fitPreference: FitPreference = 'regular',
  /** For the size evaluation's dev sweeps only; the product uses `girthErrorCorrelation`. */
  correlation: number = girthErrorCorrelation,
): SizeRecommendation {
  const chartDims = dimensionsOf(chart);
  const used = chartDims.filter((dimension) => body.has(dimension));
  const missing = chartDims.filter((dimension) => !body.has(dimension));
  if (used.length === 0) {
    throw new SizeChartError(
      'chart_dimensions_missing',
      `Chart ${chart.id} sizes by ${chartDims.join(', ')}, and the avatar has none of these measurements`,
    );
  }
  const count = chart.sizes.length;
  // limits[d][k + 1]: where size k stops in dimension d, k from -1 (below the chart) to count - 1.
  const readings = used.map((dimension) => {
    const measured = body.get(dimension)!;
    const ranges = chart.sizes.map((size) => size.ranges[dimension]!);
    const shiftCm = preferenceShift[fitPreference] * width(ranges[nearestSizeIndex(ranges, measured.valueCm)]!);
    return { dimension, mean: measured.valueCm + shiftCm, sd: measured.sdCm ?? 0, limits: [ranges[0]!.min_cm, ...sizeUpperLimits(ranges)] };
  });
  const correlated = readings.filter((reading) => correlatedGirths.has(reading.dimension) && reading.sd > 0);
  const independent = correlated.length >= 2 ? readings.filter((reading) => !correlated.includes(reading)) : readings;
  // cumulative[k + 1] = P(needed size ≤ k) = P(every dimension within size k).
  const cumulative = new Float64Array(count + 1).fill(1);
  for (const { mean, sd, limits } of independent) {
    for (let k = 0; k <= count; k++) cumulative[k]! *= normalCdf(limits[k]!, mean, sd);
  }
  if (correlated.length >= 2) {
    // One common factor Z: error_d = sd_d (√ρ Z + √(1 − ρ) ε_d); given Z the girths are independent.
    const loading = Math.sqrt(correlation);
    const rest = Math.sqrt(1 - correlation);
    for (let k = 0; k <= count; k++) {
      let joint = 0;
      factorPoints.forEach((z, i) => {
        let product = factorWeights[i]!;
        for (const { mean, sd, limits } of correlated) product *= standardNormalCdf((limits[k]! - mean - sd * loading * z) / (sd * rest));
        joint += product;
      });
      cumulative[k]! *= joint;
    }
  }
  const sizes = chart.sizes.map((size, k) => ({ label: size.label, probability: Math.max(0, cumulative[k + 1]! - cumulative[k]!) }));
  const belowChartProbability = cumulative[0]!;
  const aboveChartProbability = Math.max(0, 1 - cumulative[count]!);

  const ranked = sizes.map((size, index) => ({ ...size, index })).sort((a, b) => b.probability - a.probability || a.index - b.index);
  let best = ranked[0]!;
  const outside = Math.max(belowChartProbability, aboveChartProbability) > best.probability;
  if (outside)
    best = {
      ...sizes[aboveChartProbability >= belowChartProbability ? count - 1 : 0]!,
      index: aboveChartProbability >= belowChartProbability ? count - 1 : 0,
    };
  const second = ranked.find((size) => size.index !== best.index && size.probability > 0) ?? null;
  const between = !outside && second !== null && Math.abs(second.index - best.index) === 1 && second.probability >= betweenSizesProbability;

  const dimensions = used.map((dimension) => verdict(dimension, body.get(dimension)!, chart.sizes[best.index]!.ranges[dimension]!));
  const status: RecommendationStatus = outside ? 'outside_chart' : between ? 'between_sizes' : 'fits';
  return {
    chartId: chart.id,
    chartVersion: chart.version,
    fitPreference,
    status,
    bestSize: best.label,
    runnerUp: second?.label ?? null,
    sizes,
    belowChartProbability,
    aboveChartProbability,
    dimensions,
    missingDimensions: missing,
    note: noteFor(status, chart, best, second, dimensions, aboveChartProbability >= belowChartProbability, missing),
  };
}

/** Where size k stops: halfway to the next size's start (across a gap or an overlap); the last size's own maximum. */
function sizeUpperLimits(ranges: readonly SizeRange[]): number[] {
  return ranges.map((range, k) => {
    const next = ranges[k + 1];
    return next ? (range.max_cm + next.min_cm) / 2 : range.max_cm;
  });
}

function nearestSizeIndex(ranges: readonly SizeRange[], valueCm: number): number {
  let nearest = 0;
  let nearestDistance = Infinity;
  ranges.forEach((range, index) => {
    const distance = valueCm < range.min_cm ? range.min_cm - valueCm : valueCm > range.max_cm ? valueCm - range.max_cm : 0;
    if (distance < nearestDistance) {
      nearest = index;
      nearestDistance = distance;
    }
  });
  return nearest;
}

function width(range: SizeRange): number {
  return range.max_cm - range.min_cm;
}

function verdict(dimension: ChartDimension, measured: BodyDimension, range: SizeRange): DimensionVerdict {
  const { valueCm } = measured;
  const offRangeCm = valueCm > range.max_cm ? valueCm - range.max_cm : valueCm < range.min_cm ? valueCm - range.min_cm : 0;
  const fit: DimensionFit = offRangeCm > 0 ? 'tight' : offRangeCm < 0 ? 'loose' : 'good';
  return { dimension, valueCm, sdCm: measured.sdCm, range, fit, offRangeCm };
}

const percent = (probability: number): string => `${Math.round(probability * 100)}%`;
const label = (dimension: ChartDimension): string => dimension.replace('_', ' ');

function noteFor(
  status: RecommendationStatus,
  chart: SizeChart,
  best: { label: string; probability: number },
  second: { label: string; probability: number; index: number } | null,
  dimensions: readonly DimensionVerdict[],
  above: boolean,
  missing: readonly ChartDimension[],
): string {
  const unmeasured = missing.length > 0 ? ` Not measured, so not considered: ${missing.map(label).join(', ')}.` : '';
  if (status === 'outside_chart') {
    const off = dimensions
      .filter((d) => (above ? d.offRangeCm > 0 : d.offRangeCm < 0))
      .map((d) => `${label(d.dimension)} ${Math.abs(d.offRangeCm).toFixed(1)} cm ${above ? 'above' : 'below'} its range`)
      .join(', ');
    const side = above ? 'larger than its largest' : 'smaller than its smallest';
    const offNote = off ? ` (${off})` : '';
    return `Outside this chart: ${side} size, ${best.label}${offNote}. ${best.label} is the nearest size; try it on.${unmeasured}`;
  }
  if (status === 'between_sizes' && second) {
    const sizes = `${best.label} (${percent(best.probability)}) and ${second.label} (${percent(second.probability)})`;
    return `Between ${sizes}: for a closer fit choose the smaller, for a looser fit the larger.${unmeasured}`;
  }
  const limiting = dimensions.find((d) => d.fit === 'tight');
  const tight = limiting ? ` Close in ${label(limiting.dimension)}.` : '';
  return `${best.label} fits with ${percent(best.probability)} probability in ${chart.name}.${tight}${unmeasured}`;
}
