import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { modelsBodyDir, type OpenModelGender } from './load-model.js';
import { solveSpd } from './matrix.js';

/**
 * The survey statistics behind the open body model, per sex: means and covariance of ANSUR II
 * columns (millimetres; `weightkg` in tenths of a kilogram as in the survey) and the principal
 * components of the standardized shape columns. Beta k is the score on component k divided by
 * its standard deviation, so betas ~ N(0, I) over the population.
 */
export const shapeStatsSchema = z
  .object({
    sex: z.enum(['male', 'female', 'neutral']),
    source: z.string(),
    licence: z.string(),
    sampleCount: z.number().int().positive(),
    heldOut: z.string(),
    columns: z.array(z.string()).min(1),
    mean: z.array(z.number()),
    sd: z.array(z.number().positive()),
    covariance: z.array(z.array(z.number())),
    shapeColumns: z.array(z.string()).min(1),
    /** B rows of unit vectors over shapeColumns (standardized units). */
    components: z.array(z.array(z.number())),
    /** Variance of each component's score (standardized units). */
    componentVariances: z.array(z.number().positive()),
  })
  .superRefine((stats, ctx) => {
    const D = stats.columns.length;
    if (stats.mean.length !== D || stats.sd.length !== D)
      ctx.addIssue({ code: 'custom', path: ['mean'], message: 'mean and sd need one value per column' });
    if (stats.covariance.length !== D || stats.covariance.some((row) => row.length !== D))
      ctx.addIssue({ code: 'custom', path: ['covariance'], message: `expected ${D}×${D}` });
    const missing = stats.shapeColumns.filter((column) => !stats.columns.includes(column));
    if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['shapeColumns'], message: `not in columns: ${missing.join(', ')}` });
    if (stats.components.some((row) => row.length !== stats.shapeColumns.length))
      ctx.addIssue({ code: 'custom', path: ['components'], message: 'one weight per shape column' });
    if (stats.componentVariances.length !== stats.components.length)
      ctx.addIssue({ code: 'custom', path: ['componentVariances'], message: 'one per component' });
  });
export type ShapeStats = z.infer<typeof shapeStatsSchema>;

export const shapeStatsFileSchema = z.object({
  description: z.string(),
  male: shapeStatsSchema,
  female: shapeStatsSchema,
  neutral: shapeStatsSchema,
});
export type ShapeStatsFile = z.infer<typeof shapeStatsFileSchema>;

export function shapeStatsPath(): string {
  return `${modelsBodyDir()}shape-stats.json`;
}

/** Each statistics file read and checked once per thread: a scan's pipeline and its range check both need it. */
const filesByPath = new Map<string, Promise<ShapeStatsFile>>();

/** The committed statistics for one sex (models/body/shape-stats.json). */
export async function loadShapeStats(gender: OpenModelGender, path = shapeStatsPath()): Promise<ShapeStats> {
  let file = filesByPath.get(path);
  if (!file) {
    file = readFile(path, 'utf8').then((text) => shapeStatsFileSchema.parse(JSON.parse(text)));
    filesByPath.set(path, file);
    // A file that could not be read or checked is tried again next time.
    file.catch(() => filesByPath.delete(path));
  }
  return (await file)[gender];
}

export class UnknownDimensionError extends Error {
  override readonly name = 'UnknownDimensionError';
  readonly code = 'unknown_dimension';
}

function columnIndex(stats: ShapeStats, column: string): number {
  const index = stats.columns.indexOf(column);
  if (index < 0) throw new UnknownDimensionError(`the shape statistics have no column "${column}" (known: ${stats.columns.join(', ')})`);
  return index;
}

/** Survey dimensions (mm) of the shape columns implied by betas: mean + sd·Σ_k component_k·√variance_k·beta_k. */
export function dimensionsFromBetas(stats: ShapeStats, betas: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  stats.shapeColumns.forEach((column, d) => {
    const c = columnIndex(stats, column);
    let z = 0;
    for (let k = 0; k < Math.min(betas.length, stats.components.length); k++)
      z += stats.components[k]![d]! * Math.sqrt(stats.componentVariances[k]!) * betas[k]!;
    out[column] = stats.mean[c]! + stats.sd[c]! * z;
  });
  return out;
}

/**
 * The betas that best explain target dimensions (mm, any subset of the shape columns): the
 * posterior mode under betas ~ N(0, I) with measurement noise `noiseMm` (small noise: targets
 * are met exactly while there are fewer targets than betas; the prior picks the most typical body).
 */
export function fitBetas(
  stats: ShapeStats,
  targets: Record<string, number>,
  options: { noiseMm?: number; betaCount?: number } = {},
): Float64Array {
  const noise = options.noiseMm ?? 1;
  const B = Math.min(options.betaCount ?? stats.components.length, stats.components.length);
  const entries = Object.entries(targets);
  // Design matrix: d(dimension)/d(beta_k) in mm.
  const rows = entries.map(([column]) => {
    const d = stats.shapeColumns.indexOf(column);
    if (d < 0)
      throw new UnknownDimensionError(`"${column}" is not a shape column of the body model (use one of: ${stats.shapeColumns.join(', ')})`);
    const c = columnIndex(stats, column);
    return Array.from({ length: B }, (_, k) => stats.sd[c]! * stats.components[k]![d]! * Math.sqrt(stats.componentVariances[k]!));
  });
  const residual = entries.map(([column, value]) => value - stats.mean[columnIndex(stats, column)]!);
  const normal = new Float64Array(B * B);
  const rhs = new Float64Array(B);
  for (let i = 0; i < B; i++) {
    normal[i * B + i] = 1;
    for (let j = 0; j < B; j++)
      for (let r = 0; r < rows.length; r++) normal[i * B + j] = normal[i * B + j]! + (rows[r]![i]! * rows[r]![j]!) / noise ** 2;
    for (let r = 0; r < rows.length; r++) rhs[i] = rhs[i]! + (rows[r]![i]! * residual[r]!) / noise ** 2;
  }
  return solveSpd(normal, B, rhs);
}

export interface ConditionalDimension {
  mean: number;
  sd: number;
}

/**
 * Best estimate of every column given observed ones (mm): the conditional Gaussian
 * mean_u + Σ_uo Σ_oo⁻¹ (x_o − mean_o), with sd from Σ_uu − Σ_uo Σ_oo⁻¹ Σ_ou. Observed columns come
 * back as given with sd 0.
 */
export function conditionalDimensions(stats: ShapeStats, observed: Record<string, number>): Record<string, ConditionalDimension> {
  const o = Object.keys(observed).map((column) => columnIndex(stats, column));
  const values = Object.values(observed);
  const n = o.length;
  const out: Record<string, ConditionalDimension> = {};
  if (n === 0) {
    stats.columns.forEach((column, c) => (out[column] = { mean: stats.mean[c]!, sd: stats.sd[c]! }));
    return out;
  }
  const sigmaOO = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sigmaOO[i * n + j] = stats.covariance[o[i]!]![o[j]!]!;
  const delta = Float64Array.from(o, (c, i) => values[i]! - stats.mean[c]!);
  const alpha = solveSpd(sigmaOO, n, delta);
  stats.columns.forEach((column, u) => {
    const position = o.indexOf(u);
    if (position >= 0) {
      out[column] = { mean: values[position]!, sd: 0 };
      return;
    }
    const sigmaUO = Float64Array.from(o, (c) => stats.covariance[u]![c]!);
    const w = solveSpd(sigmaOO, n, sigmaUO);
    let mean = stats.mean[u]!;
    let variance = stats.covariance[u]![u]!;
    for (let i = 0; i < n; i++) {
      mean += sigmaUO[i]! * alpha[i]!;
      variance -= sigmaUO[i]! * w[i]!;
    }
    out[column] = { mean, sd: Math.sqrt(Math.max(0, variance)) };
  });
  return out;
}
