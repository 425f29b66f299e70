/**
 * The prior-only baseline: what sex and the typed height alone say about each measurement, the
 * survey's conditional mean given stature (or the sex's mean when no height is typed), with the
 * conditional SD of the measurement's column combination. The photo has to beat this.
 */
import { measurementDefinition } from '../../src/main/body/measurement-definitions.js';
import { conditionalDimensions, type ShapeStats } from '../../src/main/body/shape-stats.js';

export interface BaselineValue {
  valueCm: number;
  sdCm: number;
}

/** Baseline for a measurement (cm), or null when the survey statistics lack one of its columns. */
export function baselineValue(stats: ShapeStats, name: string, heightCm: number | null): BaselineValue | null {
  const definition = measurementDefinition(name);
  if (!definition?.survey) return null;
  const terms = definition.survey.columns.map(({ column, sign }) => ({ index: stats.columns.indexOf(column), column, sign }));
  if (terms.some((term) => term.index < 0)) return null;
  const observed: Record<string, number> = heightCm === null ? {} : { stature: heightCm * 10 };
  const means = conditionalDimensions(stats, observed);
  const valueMm = terms.reduce((sum, term) => sum + term.sign * means[term.column]!.mean, 0);
  // Var(Σ s_i x_i | stature) with the conditional covariance Σ_ij − Σ_io Σ_jo / Σ_oo.
  const o = stats.columns.indexOf('stature');
  const covariance = (i: number, j: number): number =>
    stats.covariance[i]![j]! - (heightCm === null ? 0 : (stats.covariance[i]![o]! * stats.covariance[j]![o]!) / stats.covariance[o]![o]!);
  let variance = 0;
  for (const a of terms) for (const b of terms) variance += a.sign * b.sign * covariance(a.index, b.index);
  return { valueCm: valueMm / 10, sdCm: Math.sqrt(Math.max(0, variance)) / 10 };
}
