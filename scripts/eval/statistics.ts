/** Error summaries for the evaluation report. */

export interface ErrorSummary {
  count: number;
  maeCm: number;
  /** The MAE's standard error: the SD of the absolute errors over √count (NaN below two errors). */
  maeStandardErrorCm: number;
  biasCm: number;
  p90AbsCm: number;
  maxAbsCm: number;
  /** Share of errors within the stated ±1 SD and ±2 SD (NaN when no SD was stated). */
  withinOneSd: number;
  withinTwoSd: number;
}

export interface ErrorSample {
  errorCm: number;
  sdCm: number | null;
}

/** The 90th percentile by the nearest-rank rule. */
export function percentile(sortedAscending: number[], p: number): number {
  if (sortedAscending.length === 0) return NaN;
  return sortedAscending[Math.min(sortedAscending.length - 1, Math.max(0, Math.ceil(p * sortedAscending.length) - 1))]!;
}

/** The standard error of a mean: the sample SD over √n (NaN below two values). */
export function standardErrorOfMean(values: number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  return Math.sqrt(variance / n);
}

export function summarizeErrors(samples: ErrorSample[]): ErrorSummary {
  const absolute = samples.map((sample) => Math.abs(sample.errorCm)).sort((a, b) => a - b);
  const mean = (values: number[]): number => (values.length === 0 ? NaN : values.reduce((sum, value) => sum + value, 0) / values.length);
  const withSd = samples.filter((sample) => sample.sdCm !== null && sample.sdCm > 0);
  const share = (k: number): number =>
    withSd.length === 0 ? NaN : withSd.filter((sample) => Math.abs(sample.errorCm) <= k * sample.sdCm!).length / withSd.length;
  return {
    count: samples.length,
    maeCm: mean(absolute),
    maeStandardErrorCm: standardErrorOfMean(absolute),
    biasCm: mean(samples.map((sample) => sample.errorCm)),
    p90AbsCm: percentile(absolute, 0.9),
    maxAbsCm: absolute.length === 0 ? NaN : absolute[absolute.length - 1]!,
    withinOneSd: share(1),
    withinTwoSd: share(2),
  };
}

export type BmiBand = 'under 18.5' | '18.5–25' | '25–30' | '30–35' | '35 and over';
export const bmiBands: BmiBand[] = ['under 18.5', '18.5–25', '25–30', '30–35', '35 and over'];

export function bmiBand(bmi: number): BmiBand {
  if (bmi < 18.5) return 'under 18.5';
  if (bmi < 25) return '18.5–25';
  if (bmi < 30) return '25–30';
  if (bmi < 35) return '30–35';
  return '35 and over';
}

/** One third of the scans, ranked by the SD they stated. */
export interface SdThird {
  count: number;
  minSdCm: number;
  maxSdCm: number;
  maeCm: number;
  withinOneSd: number;
}

/**
 * The samples that stated an SD, ranked by it and cut into thirds (the remainder going to the
 * highest thirds), each with its MAE and ±1 SD coverage: an SD that means something per scan gives
 * a larger MAE where it is larger, and about 68% in every third. Empty below three samples.
 */
export function sdThirds(samples: ErrorSample[]): SdThird[] {
  const ranked = samples.filter((sample) => sample.sdCm !== null && sample.sdCm > 0).sort((a, b) => a.sdCm! - b.sdCm!);
  if (ranked.length < 3) return [];
  const cuts = [0, Math.floor(ranked.length / 3), Math.floor((2 * ranked.length) / 3), ranked.length];
  return [0, 1, 2].map((third) => {
    const part = ranked.slice(cuts[third], cuts[third + 1]);
    const summary = summarizeErrors(part);
    return {
      count: part.length,
      minSdCm: part[0]!.sdCm!,
      maxSdCm: part.at(-1)!.sdCm!,
      maeCm: summary.maeCm,
      withinOneSd: summary.withinOneSd,
    };
  });
}

/** A single photo's errors split into frame-to-frame noise and what every frame shares (root mean squares, cm). */
export interface FrameNoiseSplit {
  rmsCm: number;
  noiseSdCm: number;
  sharedRmsCm: number;
}

/**
 * The mean square of the first photos' errors is the frames' own noise plus what every frame
 * shares; for two photos of the same body whose noises are independent, half the mean square of
 * their difference is the noise's variance. Null without pairs.
 */
export function frameNoiseSplit(pairs: ReadonlyArray<{ firstErrorCm: number; againErrorCm: number }>): FrameNoiseSplit | null {
  if (pairs.length === 0) return null;
  const meanSquare = pairs.reduce((sum, pair) => sum + pair.firstErrorCm ** 2, 0) / pairs.length;
  const noiseVariance = pairs.reduce((sum, pair) => sum + (pair.firstErrorCm - pair.againErrorCm) ** 2 / 2, 0) / pairs.length;
  return {
    rmsCm: Math.sqrt(meanSquare),
    noiseSdCm: Math.sqrt(noiseVariance),
    sharedRmsCm: Math.sqrt(Math.max(0, meanSquare - noiseVariance)),
  };
}
