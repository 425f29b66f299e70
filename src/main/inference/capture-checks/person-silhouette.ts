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

/**
 * The largest 4-connected region of mask pixels at or above `threshold`, or null when there is
 * none. A second region (another person, a reflection) is only measured, never merged.
 */
export function personSilhouette(
  mask: Pick<PersonMask, 'mask' | 'width' | 'height' | 'scale'>,
  threshold = personThreshold,
): PersonSilhouette | null {
  const { width, height } = mask;
  const labels = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const areas: number[] = [0];
  for (let start = 0; start < width * height; start += 1) {
    if (labels[start] !== 0 || (mask.mask[start] ?? 0) < threshold) continue;
    const label = areas.length;
    let area = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    // One function per region, not one per pixel: the allocations were most of this fill's time.
    const visit = (next: number): void => {
      if (labels[next] !== 0 || (mask.mask[next] ?? 0) < threshold) return;
      labels[next] = label;
      stack[top++] = next;
    };
    while (top > 0) {
      const index = stack[--top]!;
      area += 1;
      const x = index % width;
      if (x > 0) visit(index - 1);
      if (x < width - 1) visit(index + 1);
      if (index >= width) visit(index - width);
      if (index + width < width * height) visit(index + width);
    }
    areas.push(area);
  }
  if (areas.length === 1) return null;
  let largest = 1;
  for (let label = 2; label < areas.length; label += 1) if (areas[label]! > areas[largest]!) largest = label;
  const second = areas.reduce((best, area, label) => (label !== largest && label > 0 && area > best ? area : best), 0);

  const rows: MaskRun[][] = [];
  let topRow = height;
  let bottomRow = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y += 1) {
    const runs: MaskRun[] = [];
    let runStart = -1;
    for (let x = 0; x <= width; x += 1) {
      const inside = x < width && labels[y * width + x] === largest;
      if (inside && runStart < 0) runStart = x;
      if (!inside && runStart >= 0) {
        runs.push({ start: runStart, end: x });
        runStart = -1;
      }
    }
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
