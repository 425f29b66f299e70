/** A section of docs/benchmarks.md, produced by one bench/*.bench.ts module. */
export interface BenchSection {
  title: string;
  /** Markdown lines (tables, notes). Figures are medians of several runs, with the target beside them. */
  lines: string[];
}

export type BenchModule = { runBench(): Promise<BenchSection> };

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
