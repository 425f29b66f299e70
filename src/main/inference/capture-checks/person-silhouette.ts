import type { PersonMask } from '../human/human-runtime.js';

/**
 * The person of a segmentation mask as geometry: the largest connected region of "person" pixels,
 * row by row as runs, with its box and where it touches the frame. Everything is in mask pixels;
 * `scale` (mask pixels per photo pixel) converts to and from the photo's own pixels.
 */
export interface MaskRun {
  /** First mask column of the run. */
  start: number;
  /** One past the last column. */
  end: number;
}

export interface PersonSilhouette {
  width: number;
  height: number;
  /** Mask pixels per original photo pixel. */
  scale: number;
  /** Runs of the largest region on each mask row (empty rows have none), left to right. */
  rows: MaskRun[][];
  top: number;
  /** The lowest row with person pixels (inclusive). */
  bottom: number;
  left: number;
  /** The rightmost column with person pixels (inclusive). */
  right: number;
  areaPx: number;
  /** Person pixels of the second-largest region, relative to the largest (0 when there is one). */
  secondRegionRatio: number;
  /** The region reaches the frame's first or last row or column. */
  touches: { top: boolean; bottom: boolean; left: boolean; right: boolean };
}

/** Mask value (0–255) from which a pixel is the person. */
export const personThreshold = 128;

/** The root of a run in a union-find forest, halving the path on the way. */
function rootOf(parent: Int32Array, run: number): number {
  let current = run;
  while (parent[current] !== current) {
    parent[current] = parent[parent[current]!]!;
    current = parent[current]!;
  }
  return current;
}

/**
 * The largest 4-connected region of mask pixels at or above `threshold`, or null when there is
 * none. A second region (another person, a reflection) is only measured, never merged.
 *
 * The mask is read row by row as runs of person pixels, and runs on neighbouring rows that share
 * a column are joined (union-find): a few thousand runs instead of a fill over every pixel of a
 * 0.5-megapixel mask, which took ~10 ms and two mask-sized buffers per photo. Of two regions of
 * the same area the one reached first row by row is the person, as a pixel fill would find it.
 */
export function personSilhouette(
  mask: Pick<PersonMask, 'mask' | 'width' | 'height' | 'scale'>,
  threshold = personThreshold,
): PersonSilhouette | null {
  const { width, height } = mask;
  const starts: number[] = [];
  const ends: number[] = [];
  /** Index of each row's first run in `starts`; `rowRuns[height]` is the number of runs. */
  const rowRuns = new Int32Array(height + 1);
  for (let y = 0; y < height; y += 1) {
    rowRuns[y] = starts.length;
    const offset = y * width;
    let x = 0;
    while (x < width) {
      while (x < width && (mask.mask[offset + x] ?? 0) < threshold) x += 1;
      if (x === width) break;
      starts.push(x);
      while (x < width && (mask.mask[offset + x] ?? 0) >= threshold) x += 1;
      ends.push(x);
    }
  }
  const runCount = starts.length;
  rowRuns[height] = runCount;
  if (runCount === 0) return null;

  const parent = Int32Array.from({ length: runCount }, (_, run) => run);
  for (let y = 1; y < height; y += 1) {
    // Runs of the row above and of this row, both left to right: a merge walk finds every overlap.
    let above = rowRuns[y - 1]!;
    let here = rowRuns[y]!;
    while (above < rowRuns[y]! && here < rowRuns[y + 1]!) {
      if (starts[above]! < ends[here]! && starts[here]! < ends[above]!) {
        const a = rootOf(parent, above);
        const b = rootOf(parent, here);
        // The smaller index stays the root: a region's root is then its first run, row by row.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
      if (ends[above]! <= ends[here]!) above += 1;
      else here += 1;
    }
  }
  const areas = new Float64Array(runCount);
  const roots = new Int32Array(runCount);
  for (let run = 0; run < runCount; run += 1) {
    const root = rootOf(parent, run);
    roots[run] = root;
    areas[root] = areas[root]! + ends[run]! - starts[run]!;
  }
  let largest = -1;
  for (let run = 0; run < runCount; run += 1) if (roots[run] === run && (largest < 0 || areas[run]! > areas[largest]!)) largest = run;
  let second = 0;
  for (let run = 0; run < runCount; run += 1) if (roots[run] === run && run !== largest) second = Math.max(second, areas[run]!);

  const rows: MaskRun[][] = [];
  let topRow = height;
  let bottomRow = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y += 1) {
    const runs: MaskRun[] = [];
    for (let run = rowRuns[y]!; run < rowRuns[y + 1]!; run += 1)
      if (roots[run] === largest) runs.push({ start: starts[run]!, end: ends[run]! });
    rows.push(runs);
    if (runs.length > 0) {
      topRow = Math.min(topRow, y);
      bottomRow = y;
      left = Math.min(left, runs[0]!.start);
      right = Math.max(right, runs[runs.length - 1]!.end - 1);
    }
  }
  return {
    width,
    height,
    scale: mask.scale,
    rows,
    top: topRow,
    bottom: bottomRow,
    left,
    right,
    areaPx: areas[largest]!,
    secondRegionRatio: second / areas[largest]!,
    touches: { top: topRow === 0, bottom: bottomRow === height - 1, left: left === 0, right: right === width - 1 },
  };
}

/** The run of `row` that contains column `x`, or the nearest one within `maxGapPx`; null if none. */
export function runAt(silhouette: PersonSilhouette, row: number, x: number, maxGapPx = 0): MaskRun | null {
  const runs = silhouette.rows[Math.round(row)];
  if (!runs || runs.length === 0) return null;
  let best: MaskRun | null = null;
  let bestGap = Infinity;
  for (const run of runs) {
    const gap = x < run.start ? run.start - x : x >= run.end ? x - run.end + 1 : 0;
    if (gap < bestGap) {
      best = run;
      bestGap = gap;
    }
  }
  return bestGap <= maxGapPx ? best : null;
}

/** Height of the region in mask rows (top to bottom inclusive). */
export function silhouetteHeightPx(silhouette: PersonSilhouette): number {
  return silhouette.bottom - silhouette.top + 1;
}
