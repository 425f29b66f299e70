import { solveSpd } from '../../body/matrix.js';
import type { ConditionalDimension, ShapeStats } from '../../body/shape-stats.js';

/** One dimension read from the photos: its survey column, value and the SD of the reading (mm). */
export interface ObservedDimension {
  column: string;
  valueMm: number;
  /** How far the reading may be off the survey's own definition (clothing, mask edges, posture). */
  noiseSdMm: number;
}

/**
 * Every survey column given noisy readings of some: the conditional Gaussian with the readings'
 * noise on the diagonal, mean_u + Σ_uo (Σ_oo + R)⁻¹ (x_o − mean_o) and variance
 * Σ_uu − Σ_uo (Σ_oo + R)⁻¹ Σ_ou. With R = 0 it is body/shape-stats' `conditionalDimensions`; the
 * noise keeps observed columns uncertain too, so their confidence is not claimed to be exact.
 */
export interface SurveyEstimate {
  /** Conditional mean and SD of every survey column (mm). */
  dimensions: Record<string, ConditionalDimension>;
  /** Conditional SD (mm) of a signed sum of columns, e.g. crotch height − ankle height; covariances included. */
  sdOfSum(terms: readonly { column: string; sign: 1 | -1 }[]): number;
}

export function conditionOnReadings(stats: ShapeStats, readings: readonly ObservedDimension[]): SurveyEstimate {
  const index = (column: string): number => {
    const found = stats.columns.indexOf(column);
    if (found < 0) throw new Error(`the survey statistics have no column "${column}"`);
    return found;
  };
  const o = readings.map((reading) => index(reading.column));
  const n = o.length;
  const out: Record<string, ConditionalDimension> = {};
  const sigma = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) sigma[i * n + j] = stats.covariance[o[i]!]![o[j]!]! + (i === j ? readings[i]!.noiseSdMm ** 2 : 0);
  }
  const delta = Float64Array.from(readings, (reading, i) => reading.valueMm - stats.mean[o[i]!]!);
  const alpha = n > 0 ? solveSpd(sigma, n, delta) : new Float64Array(0);
  /** (Σ_oo + R)⁻¹ Σ_ou for column u, cached: the covariance of a sum needs it for each of its columns. */
  const weights = new Map<number, Float64Array>();
  const weightsOf = (u: number): Float64Array => {
    let w = weights.get(u);
    if (!w) {
      w = n > 0 ? solveSpd(sigma, n, Float64Array.from(o, (c) => stats.covariance[u]![c]!)) : new Float64Array(0);
      weights.set(u, w);
    }
    return w;
  };
  /** Conditional covariance of columns u and v. */
  const covariance = (u: number, v: number): number => {
    const w = weightsOf(v);
    let value = stats.covariance[u]![v]!;
    for (let i = 0; i < n; i += 1) value -= stats.covariance[u]![o[i]!]! * w[i]!;
    return value;
  };
  stats.columns.forEach((column, u) => {
    const sigmaUO = Float64Array.from(o, (c) => stats.covariance[u]![c]!);
    const w = weightsOf(u);
    let mean = stats.mean[u]!;
    let variance = stats.covariance[u]![u]!;
    for (let i = 0; i < n; i += 1) {
      mean += sigmaUO[i]! * alpha[i]!;
      variance -= sigmaUO[i]! * w[i]!;
    }
    out[column] = { mean, sd: Math.sqrt(Math.max(0, variance)) };
  });
  return {
    dimensions: out,
    sdOfSum(terms) {
      const columns = terms.map((term) => ({ index: index(term.column), sign: term.sign }));
      let variance = 0;
      for (const a of columns) for (const b of columns) variance += a.sign * b.sign * covariance(a.index, b.index);
      return Math.sqrt(Math.max(0, variance));
    },
  };
}
