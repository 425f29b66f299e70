/** A section of docs/benchmarks.md, produced by one bench/*.bench.ts module. */
export interface BenchSection {
  title: string;
  /** Markdown lines (tables, notes). Figures are medians of several runs, with the target beside them. */
  lines: string[];
  /**
   * Figures as ratios to a limit measured in the same run (or to a fixed target), which compare
   * across runs on a noisy machine: `npm run bench:check` fails when one moved the wrong way by
   * more than 20% against docs/benchmarks.json.
   */
  ratios?: BenchRatio[];
}

export interface BenchRatio {
  /** Stable key, e.g. `api.completed.throughput`. */
  name: string;
  value: number;
  /** Which way is better: a throughput share is `higher`, a latency or memory multiple `lower`. */
  better: 'higher' | 'lower';
}

export type BenchModule = { runBench(): Promise<BenchSection> };

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
