import { describe, expect, it } from 'vitest';
import { personSilhouette, type MaskRun } from '../../../../src/main/inference/capture-checks/person-silhouette.js';

/** A plain pixel flood fill, labels in raster order: what the run-based silhouette must find. */
function floodFillReference(mask: Uint8Array, width: number, height: number, threshold = 128) {
  const labels = new Int32Array(width * height);
  const areas = [0];
  for (let start = 0; start < width * height; start += 1) {
    if (labels[start] !== 0 || mask[start]! < threshold) continue;
    const label = areas.length;
    const queue = [start];
    labels[start] = label;
    let area = 0;
    while (queue.length > 0) {
      const index = queue.pop()!;
      area += 1;
      const x = index % width;
      const neighbours = [x > 0 ? index - 1 : -1, x < width - 1 ? index + 1 : -1, index - width, index + width];
      for (const next of neighbours) {
        if (next < 0 || next >= width * height || labels[next] !== 0 || mask[next]! < threshold) continue;
        labels[next] = label;
        queue.push(next);
      }
    }
    areas.push(area);
  }
  if (areas.length === 1) return null;
  let largest = 1;
  for (let label = 2; label < areas.length; label += 1) if (areas[label]! > areas[largest]!) largest = label;
  const second = Math.max(0, ...areas.filter((_, label) => label > 0 && label !== largest));
  const rows: MaskRun[][] = [];
  for (let y = 0; y < height; y += 1) {
    const runs: MaskRun[] = [];
    for (let x = 0; x < width; x += 1) {
      if (labels[y * width + x] !== largest) continue;
      const last = runs.at(-1);
      if (last && last.end === x) last.end = x + 1;
      else runs.push({ start: x, end: x + 1 });
    }
    rows.push(runs);
  }
  return { rows, areaPx: areas[largest]!, secondRegionRatio: second / areas[largest]! };
}

/** Blobs: random noise, smoothed twice, so that regions of many shapes, holes and touching edges appear. */
function blobMask(width: number, height: number, seed: number): Uint8Array {
  let state = seed;
  let values = Float64Array.from({ length: width * height }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  });
  for (let pass = 0; pass < 2; pass += 1) {
    const smoothed = new Float64Array(values.length);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        let sum = 0;
        let count = 0;
        for (let dy = -1; dy <= 1; dy += 1) {
          for (let dx = -1; dx <= 1; dx += 1) {
            const [nx, ny] = [x + dx, y + dy];
            if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
            sum += values[ny * width + nx]!;
            count += 1;
          }
        }
        smoothed[y * width + x] = sum / count;
      }
    }
    values = smoothed;
  }
  return Uint8Array.from(values, (value) => (value > 0.52 ? 200 : 30));
}

describe('personSilhouette', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('finds the region a pixel flood fill finds (blob mask %i)', (seed) => {
    const [width, height] = [37 + seed * 5, 41 + seed * 3];
    const mask = blobMask(width, height, seed);
    const reference = floodFillReference(mask, width, height)!;
    const silhouette = personSilhouette({ mask, width, height, scale: 0.5 })!;
    expect(reference.secondRegionRatio).toBeGreaterThan(0); // several regions: the choice is tested
    expect(silhouette.rows).toEqual(reference.rows);
    expect(silhouette.areaPx).toBe(reference.areaPx);
    expect(silhouette.secondRegionRatio).toBe(reference.secondRegionRatio);
    const used = reference.rows.flatMap((runs, y) => (runs.length > 0 ? [y] : []));
    expect([silhouette.top, silhouette.bottom]).toEqual([used[0], used.at(-1)]);
    expect(silhouette.left).toBe(Math.min(...reference.rows.flatMap((runs) => runs.map((run) => run.start))));
    expect(silhouette.right).toBe(Math.max(...reference.rows.flatMap((runs) => runs.map((run) => run.end - 1))));
    expect(silhouette.scale).toBe(0.5);
  });

  it('of two regions of the same area takes the one reached first row by row, and joins a U shape', () => {
    // A U (two arms joined at the bottom, 9 pixels) at the top right; the same area lower left, in two rows.
    const [width, height] = [8, 6];
    const mask = new Uint8Array(width * height);
    const set = (x: number, y: number): void => {
      mask[y * width + x] = 255;
    };
    for (const y of [0, 1, 2]) [5, 7].forEach((x) => set(x, y));
    [5, 6, 7].forEach((x) => set(x, 3));
    for (let x = 0; x < 4; x += 1) set(x, 5);
    for (let x = 0; x < 5; x += 1) set(x, 4);
    const silhouette = personSilhouette({ mask, width, height, scale: 1 })!;
    expect(silhouette.areaPx).toBe(9);
    expect(silhouette.rows.slice(0, 4)).toEqual([
      [
        { start: 5, end: 6 },
        { start: 7, end: 8 },
      ],
      [
        { start: 5, end: 6 },
        { start: 7, end: 8 },
      ],
      [
        { start: 5, end: 6 },
        { start: 7, end: 8 },
      ],
      [{ start: 5, end: 8 }],
    ]);
    expect(silhouette.secondRegionRatio).toBe(1);
    expect(silhouette.touches).toEqual({ top: true, bottom: false, left: false, right: true });
  });

  it('is null for a mask without person pixels', () => {
    expect(personSilhouette({ mask: new Uint8Array(12).fill(127), width: 4, height: 3, scale: 1 })).toBeNull();
  });
});
