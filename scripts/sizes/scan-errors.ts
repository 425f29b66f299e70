/**
 * The embedded pipeline's errors as its evaluation measured them, scan by scan, read from
 * docs/embedded-accuracy.json (written beside the .md by `npm run eval:embedded`). Each accepted
 * scan gives one joint error vector (estimate − truth for every measurement) and the SDs it stated:
 * resampling whole vectors keeps what a per-measurement bias and SD lose, that the girth errors of
 * one scan move together (the same scale, clothes and stance) and that they depend on the body (a
 * large body read smaller, a small one larger). Refused scans stay in the pool: a customer who would
 * have been refused gets no recommendation.
 */
import * as z from 'zod';
import type { Sex } from '../body/ansur.js';
import { quantile } from './calibration.js';

const valueSchema = z.object({ truthCm: z.number(), estimateCm: z.number(), sdCm: z.number().nullable() });
const accuracyJsonSchema = z.object({
  seed: z.string(),
  subjects: z.array(
    z.object({ id: z.string(), sex: z.enum(['male', 'female']), clothing: z.string(), truth: z.record(z.string(), z.number()) }),
  ),
  scans: z.array(
    z.object({
      subjectId: z.string(),
      pipeline: z.string(),
      inputSet: z.string(),
      /** As scripts/eval/scan-population.ts writes it; the code is what is kept. */
      refusal: z
        .object({ code: z.string(), message: z.string() })
        .nullable()
        .transform((refusal) => refusal?.code ?? null),
      values: z.record(z.string(), valueSchema).nullable().optional(),
    }),
  ),
});

export interface ScanError {
  subjectId: string;
  clothing: string;
  /** The test body's true dimensions (cm), for finding the scans of bodies like a customer's. */
  truth: Readonly<Record<string, number>>;
  /** Null for a refused scan. */
  measured: null | Readonly<Record<string, { errorCm: number; sdCm: number | null }>>;
  /** The refusal's code; null for an accepted scan. */
  refusal: string | null;
}

/** The scans of one pipeline and input set, by the sex of the body scanned. */
export interface ScanErrorPool {
  seed: string;
  inputSet: string;
  bySex: Record<Sex, ScanError[]>;
}

export function parseScanErrors(json: unknown, source = 'docs/embedded-accuracy.json', pipeline = 'embedded'): ScanErrorPool[] {
  const parsed = accuracyJsonSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${source}: ${z.prettifyError(parsed.error)}`);
  const { seed, subjects, scans } = parsed.data;
  const subjectById = new Map(subjects.map((subject) => [subject.id, subject]));
  const pools = new Map<string, ScanErrorPool>();
  for (const scan of scans) {
    if (scan.pipeline !== pipeline) continue;
    const subject = subjectById.get(scan.subjectId);
    if (!subject) throw new Error(`${source}: scan of unknown subject ${scan.subjectId}`);
    const pool = pools.get(scan.inputSet) ?? { seed, inputSet: scan.inputSet, bySex: { male: [], female: [] } };
    pools.set(scan.inputSet, pool);
    const values = scan.refusal === null ? scan.values : null;
    pool.bySex[subject.sex].push({
      subjectId: subject.id,
      clothing: subject.clothing,
      truth: subject.truth,
      refusal: scan.refusal,
      measured: values
        ? Object.fromEntries(
            Object.entries(values).map(([name, value]) => [name, { errorCm: value.estimateCm - value.truthCm, sdCm: value.sdCm }]),
          )
        : null,
    });
  }
  return [...pools.values()];
}

/**
 * The scans whose bodies are nearest a customer's in the given dimensions (each scaled by its SD
 * over the pool, so centimetres of waist and of neck weigh alike): the errors this customer would
 * most likely have got.
 */
export function nearestScans(
  scans: readonly ScanError[],
  customer: ReadonlyMap<string, number>,
  dimensions: readonly string[],
  count: number,
): ScanError[] {
  const usable = dimensions.filter((dimension) => scans.every((scan) => Number.isFinite(scan.truth[dimension])));
  const spread = new Map(
    usable.map((dimension) => {
      const values = scans.map((scan) => scan.truth[dimension]!);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length - 1));
      return [dimension, sd > 0 ? sd : 1];
    }),
  );
  const distance = (scan: ScanError): number =>
    usable.reduce((sum, dimension) => sum + ((scan.truth[dimension]! - customer.get(dimension)!) / spread.get(dimension)!) ** 2, 0);
  return [...scans].sort((a, b) => distance(a) - distance(b) || a.subjectId.localeCompare(b.subjectId)).slice(0, count);
}

/** One scan's errors applied to the customer's true dimensions: what the pipeline would have said; null when that scan was refused. */
export function measuredWith(
  scan: ScanError,
  customer: ReadonlyMap<string, number>,
  dimensions: readonly string[],
): Map<string, { valueCm: number; sdCm: number | null }> | null {
  if (!scan.measured) return null;
  const measured = scan.measured;
  return new Map(
    dimensions.map((dimension) => {
      const reading = measured[dimension];
      if (!reading) throw new Error(`the accuracy scans have no ${dimension}: rerun npm run eval:embedded`);
      return [dimension, { valueCm: customer.get(dimension)! + reading.errorCm, sdCm: reading.sdCm }];
    }),
  );
}

/**
 * The pool with every scan's errors and stated SDs multiplied by `factor`: the same bodies and
 * the same correlations, a pipeline whose error is that share of today's (what-if rows of eval:sizes).
 */
export function scaledErrors(pool: ScanErrorPool, factor: number): ScanErrorPool {
  const scale = (scan: ScanError): ScanError => ({
    ...scan,
    measured: scan.measured
      ? Object.fromEntries(
          Object.entries(scan.measured).map(([name, { errorCm, sdCm }]) => [
            name,
            { errorCm: errorCm * factor, sdCm: sdCm === null ? null : sdCm * factor },
          ]),
        )
      : null,
  });
  return { ...pool, bySex: { male: pool.bySex.male.map(scale), female: pool.bySex.female.map(scale) } };
}

/**
 * The pool with each sex's bodies drawn again with replacement (a cluster bootstrap: a body's scan
 * is the unit, since every customer near it takes its whole error vector). Copies get ids of their
 * own so that the nearest-body search keeps them apart.
 */
export function resampleBodies(pool: ScanErrorPool, pick: <T>(items: readonly T[]) => T): ScanErrorPool {
  const resample = (scans: readonly ScanError[]): ScanError[] =>
    scans.map((_, index) => {
      const scan = pick(scans);
      return { ...scan, subjectId: `${scan.subjectId}#${index}` };
    });
  return { ...pool, bySex: { male: resample(pool.bySex.male), female: resample(pool.bySex.female) } };
}

export interface StandardizedErrors {
  /** Accepted scans with every one of the measurements and a stated SD. */
  scans: number;
  /** RMS of error ÷ stated SD over the measurements and scans: 1 when the stated SDs hold the errors' spread. */
  rms: number;
  /**
   * The same RMS in each quarter of the scans by stated SD (each SD over its measurement and sex's
   * median), smallest first: rising across the quarters when the stated SDs move less from scan to
   * scan than the errors do.
   */
  rmsByQuarter: number[];
  /** The stated SD of each quarter, as a multiple of the median (geometric mean). */
  sdRatioByQuarter: number[];
  /** Mean pairwise correlation of the standardized errors, per sex, then averaged. */
  meanPairwiseCorrelation: number;
}

/** How one input set's errors, divided by the SDs stated with them, spread and move together (measurements: the girths). */
export function standardizedErrors(pool: ScanErrorPool, measurements: readonly string[]): StandardizedErrors {
  const rows: Array<{ logRatio: number; z: number }> = [];
  const correlations: number[] = [];
  let scans = 0;
  for (const sexScans of [pool.bySex.male, pool.bySex.female]) {
    const usable = sexScans.filter((scan) => measurements.every((m) => (scan.measured?.[m]?.sdCm ?? 0) > 0));
    if (usable.length < 3) continue;
    scans += usable.length;
    const zOf = (m: string): number[] => usable.map((scan) => scan.measured![m]!.errorCm / scan.measured![m]!.sdCm!);
    for (const m of measurements) {
      const sds = usable.map((scan) => scan.measured![m]!.sdCm!);
      const median = quantile(sds, 0.5);
      zOf(m).forEach((z, i) => rows.push({ logRatio: Math.log(sds[i]! / median), z }));
    }
    for (let i = 0; i < measurements.length; i++) {
      for (let j = i + 1; j < measurements.length; j++) correlations.push(correlation(zOf(measurements[i]!), zOf(measurements[j]!)));
    }
  }
  if (rows.length === 0) throw new Error(`no ${pool.inputSet} scans state an SD for ${measurements.join(', ')}`);
  const rms = (values: readonly number[]): number => Math.sqrt(values.reduce((sum, z) => sum + z * z, 0) / values.length);
  const sorted = [...rows].sort((a, b) => a.logRatio - b.logRatio);
  const quarters = [0, 1, 2, 3].map((q) => sorted.slice(Math.floor((q * sorted.length) / 4), Math.floor(((q + 1) * sorted.length) / 4)));
  return {
    scans,
    rms: rms(rows.map((row) => row.z)),
    rmsByQuarter: quarters.map((rowsOf) => rms(rowsOf.map((row) => row.z))),
    sdRatioByQuarter: quarters.map((rowsOf) => Math.exp(rowsOf.reduce((sum, row) => sum + row.logRatio, 0) / rowsOf.length)),
    meanPairwiseCorrelation: correlations.reduce((sum, c) => sum + c, 0) / correlations.length,
  };
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}
