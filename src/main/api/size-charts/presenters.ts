import { dimensionsOf, type SizeChart } from '../../sizes/chart-schema.js';
import type { SizeRecommendation } from '../../sizes/recommend.js';
import type { StoredChart } from '../../sizes/size-chart-repository.js';
import type { SizeChartSummaryBody, SizeRecommendationBody, StoredSizeChartBody } from './schema.js';

/** Probabilities to 4 decimals: more would only show the normal approximation's noise. */
const rounded = (probability: number): number => Math.round(probability * 1e4) / 1e4;
const tenthCm = (cm: number): number => Math.round(cm * 10) / 10;

export function presentStoredChart(stored: StoredChart): StoredSizeChartBody {
  return {
    chart: stored.chart as StoredSizeChartBody['chart'],
    origin: stored.origin,
    shown_to_customers: stored.shownToCustomers,
    created_at: stored.createdAt,
    updated_at: stored.updatedAt,
  };
}

export function presentChartSummary(stored: StoredChart): SizeChartSummaryBody {
  const { chart } = stored;
  return {
    id: chart.id,
    version: chart.version,
    brand: chart.brand,
    name: chart.name,
    category: chart.category,
    gender_line: chart.gender_line,
    label_system: chart.label_system,
    dimensions: dimensionsOf(chart),
    size_labels: chart.sizes.map((size) => size.label),
    origin: stored.origin,
    shown_to_customers: stored.shownToCustomers,
    updated_at: stored.updatedAt,
  };
}

export function presentRecommendation(chart: SizeChart, recommendation: SizeRecommendation): SizeRecommendationBody {
  const best = recommendation.sizes.find((size) => size.label === recommendation.bestSize)!;
  return {
    chart_id: recommendation.chartId,
    chart_version: recommendation.chartVersion,
    brand: chart.brand,
    name: chart.name,
    category: chart.category,
    fit_preference: recommendation.fitPreference,
    status: recommendation.status,
    best_size: recommendation.bestSize,
    best_size_probability: rounded(best.probability),
    runner_up: recommendation.runnerUp,
    sizes: recommendation.sizes.map((size) => ({ label: size.label, probability: rounded(size.probability) })),
    below_chart_probability: rounded(recommendation.belowChartProbability),
    above_chart_probability: rounded(recommendation.aboveChartProbability),
    dimensions: recommendation.dimensions.map((verdict) => ({
      dimension: verdict.dimension,
      value_cm: tenthCm(verdict.valueCm),
      sd_cm: verdict.sdCm === null ? null : tenthCm(verdict.sdCm),
      range: verdict.range,
      fit: verdict.fit,
      off_range_cm: tenthCm(verdict.offRangeCm),
    })),
    missing_dimensions: recommendation.missingDimensions,
    note: recommendation.note,
  };
}
