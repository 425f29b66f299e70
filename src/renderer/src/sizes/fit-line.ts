import type { SizeRecommendation } from '../api/generated/openapi';

/** What the one-line fit note under a garment says, as an i18n key and its values (names of dimensions still as keys). */
export interface FitLine {
  key: 'sizes.fit.good' | 'sizes.fit.close' | 'sizes.fit.roomy' | 'sizes.fit.between' | 'sizes.fit.outside';
  values: Record<string, string>;
  /** Dimension names to translate and join into `values.dimensions`. */
  dimensions: string[];
}

/**
 * The customer's one line per garment: the status first (between two sizes, outside the chart),
 * then where the recommended size is close or roomy, else a plain good fit.
 */
export function fitLineOf(recommendation: SizeRecommendation): FitLine {
  const best = recommendation.best_size;
  if (recommendation.status === 'outside_chart') return { key: 'sizes.fit.outside', values: { best }, dimensions: [] };
  if (recommendation.status === 'between_sizes')
    return { key: 'sizes.fit.between', values: { best, other: recommendation.runner_up ?? best }, dimensions: [] };
  const tight = recommendation.dimensions.filter((d) => d.fit === 'tight').map((d) => d.dimension);
  if (tight.length > 0) return { key: 'sizes.fit.close', values: {}, dimensions: tight };
  const loose = recommendation.dimensions.filter((d) => d.fit === 'loose').map((d) => d.dimension);
  if (loose.length > 0) return { key: 'sizes.fit.roomy', values: {}, dimensions: loose };
  return { key: 'sizes.fit.good', values: {}, dimensions: [] };
}
