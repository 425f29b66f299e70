/**
 * Calibration of the stated probability of the chosen size: predictions binned by what was stated,
 * each bin's mean stated probability against its hit rate.
 */

/** Calibration bins of the stated probability of the chosen size. */
export const binEdges = [0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];
/** Bins with fewer predictions are shown but not held to the calibration target. */
export const minBinCount = 100;

export interface Tally {
  count: number;
  statedSum: number;
  hits: number;
}

export interface CalibrationBin extends Tally {
  low: number;
  high: number;
}

export const emptyTally = (): Tally => ({ count: 0, statedSum: 0, hits: 0 });

export function emptyBins(): CalibrationBin[] {
  return binEdges.slice(0, -1).map((low, i) => ({ low, high: binEdges[i + 1]!, ...emptyTally() }));
}

export function addTo(tally: Tally, stated: number, hit: boolean): void {
  tally.count += 1;
  tally.statedSum += stated;
  if (hit) tally.hits += 1;
}

export function binFor(bins: CalibrationBin[], stated: number): CalibrationBin {
  return bins.find((bin) => stated >= bin.low && stated < bin.high)!;
}

/** |stated − observed| of the worst bin with at least minBinCount predictions, in percentage points (0 when none has). */
export function worstGapPoints(bins: readonly Tally[]): number {
  const gaps = bins.filter((bin) => bin.count >= minBinCount).map((bin) => (Math.abs(bin.statedSum - bin.hits) / bin.count) * 100);
  return Math.max(0, ...gaps);
}

/** |stated − observed| over every bin, weighted by its predictions (the expected calibration error), in points. */
export function meanGapPoints(bins: readonly Tally[]): number {
  const predictions = bins.reduce((sum, bin) => sum + bin.count, 0);
  return (bins.reduce((sum, bin) => sum + Math.abs(bin.statedSum - bin.hits), 0) / Math.max(1, predictions)) * 100;
}

/** The q-quantile of the values (nearest rank), for the spread of a resampled figure. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
