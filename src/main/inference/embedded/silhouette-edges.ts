import { keypoint, torsoAxis, midlineX, type Point } from '../capture-checks/body-geometry.js';
import type { PersonSilhouette } from '../capture-checks/person-silhouette.js';
import type { SidedPart } from '../human/blazepose-landmarks.js';
import type { BodyPose } from '../human/human-runtime.js';

/**
 * Where the silhouette's outline crosses photo rows, for the person mask and for the body model
 * drawn by the same camera. Each sampled row has anchors (photo x) on the body's parts: the torso's
 * midline, or one per leg; the outline of a part at a row is the left and right end of the run of
 * silhouette that contains its anchor. The arms are left out: the torso's run is taken at the
 * midline, and a row where an arm joins the torso shows up as a large residual that the fit's
 * robust weights set aside.
 */

export type EdgeRegion = 'neck' | 'torso' | 'legs';

export interface SampleRow {
  /** Photo row (pixels, continuous: the mask row's centre). */
  y: number;
  region: EdgeRegion;
  /** Photo columns inside the body's parts on this row, left to right. */
  anchors: number[];
}

/** A run of silhouette on a row, photo pixels. */
export interface RowRun {
  start: number;
  end: number;
}

/** Where an outline crosses a row on the model: between projected vertices a and b, at t along a→b. */
export interface EdgeSource {
  a: number;
  b: number;
  t: number;
}

export interface ModelRun extends RowRun {
  startSource: EdgeSource;
  endSource: EdgeSource;
}

/** The share of stature an anchor may be outside a run and still pick it (a keypoint just outside a thin leg). */
const anchorGapShare = 0.015;

function mean(points: (Point | null)[]): Point | null {
  const seen = points.filter((point): point is NonNullable<typeof point> => point !== null);
  if (seen.length === 0) return null;
  return { x: seen.reduce((sum, point) => sum + point.x, 0) / seen.length, y: seen.reduce((sum, point) => sum + point.y, 0) / seen.length };
}

/** x on the polyline through `points` (sorted by y) at row y, held at the ends. */
function alongPolyline(points: Point[], y: number): number {
  if (y <= points[0]!.y) return points[0]!.x;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!;
    const b = points[k]!;
    if (y <= b.y) return b.y === a.y ? b.x : a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x);
  }
  return points[points.length - 1]!.x;
}

/** How far above the heels (or the floor row) the ankles' row lies, as a share of stature. */
const ankleAboveHeelShare = 0.03;

/** A leg in a photo as a line from hip to ankle (photo pixels). */
export interface LegLine {
  hip: Point;
  ankle: Point;
  /** A further turn of the leg in the photo's plane (radians, the ankle towards +x): the fit's (leg-turns.ts). */
  turnRad?: number;
}

/** The better-scored of the left and right keypoint of a part (a profile hides one of them). */
function bestOf(body: BodyPose | null, part: SidedPart, minScore: number): Point | null {
  const seen = (['left', 'right'] as const)
    .map((side) => keypoint(body, `${side}${part}`, minScore))
    .filter((point): point is NonNullable<typeof point> => point !== null)
    .sort((a, b) => b.score - a.score);
  return seen[0] ?? null;
}

/**
 * The legs of a front photo, left to right in the photo: from the hip keypoints down to the
 * ankles' centres in the mask (the mask's leg runs at the ankles' row; half of one run each when
 * the feet touch). BlazePose's knees and ankles wander across the midline on legs held together;
 * the mask does not.
 */
export function frontLegLines(silhouette: PersonSilhouette, body: BodyPose | null, staturePx: number): LegLine[] | null {
  const hips = (['left', 'right'] as const)
    .map((side) => keypoint(body, `${side}Hip`))
    .filter((point): point is NonNullable<typeof point> => point !== null);
  if (hips.length < 2) return null;
  hips.sort((a, b) => a.x - b.x);
  const ankles = (['left', 'right'] as const)
    .map((side) => keypoint(body, `${side}Ankle`, 0.3))
    .filter((point): point is NonNullable<typeof point> => point !== null);
  const heels = (['left', 'right'] as const)
    .map((side) => keypoint(body, `${side}Heel`, 0.3))
    .filter((point): point is NonNullable<typeof point> => point !== null);
  const ankleY =
    ankles.length > 0
      ? ankles.reduce((sum, point) => sum + point.y, 0) / ankles.length
      : heels.length > 0
        ? Math.max(...heels.map((point) => point.y)) - ankleAboveHeelShare * staturePx
        : null;
  if (ankleY === null) return null;
  const centreX = (hips[0]!.x + hips[1]!.x) / 2;
  const runs = maskRuns(silhouette, ankleY)
    .filter((run) => Math.abs((run.start + run.end) / 2 - centreX) < 0.25 * staturePx)
    .sort((a, b) => b.end - b.start - (a.end - a.start))
    .slice(0, 2)
    .sort((a, b) => a.start - b.start);
  if (runs.length === 0) return null;
  const centres =
    runs.length === 2
      ? runs.map((run) => (run.start + run.end) / 2)
      : [runs[0]!.start + (runs[0]!.end - runs[0]!.start) / 4, runs[0]!.end - (runs[0]!.end - runs[0]!.start) / 4];
  return hips.map((hip, k) => ({ hip, ankle: { x: centres[k]!, y: ankleY } }));
}

/**
 * The ankle of a profile whose ankles BlazePose scores below 0.3 (a trouser leg or a shoe over
 * them, the far leg hidden): the ankles' row above the heels, or above the floor row without them,
 * as `frontLegLines` takes it, at the centre of the mask's run there nearest the hips. Without an
 * ankle the profile's rows have no bottom, and a profile the capture checks accepted would not be
 * compared at all.
 */
function profileAnkleFromFeet(
  silhouette: PersonSilhouette,
  body: BodyPose | null,
  hipX: number,
  staturePx: number,
  floorY: number,
): Point | null {
  const feetY = bestOf(body, 'Heel', 0.3)?.y ?? floorY;
  const y = feetY - ankleAboveHeelShare * staturePx;
  const run = runContaining(maskRuns(silhouette, y), hipX, 0.25 * staturePx);
  return run ? { x: (run.start + run.end) / 2, y } : null;
}

/**
 * The rows to compare and their anchors: from the neck (below the chin) to just above the ankles
 * (shoes are not the body), every `stepMaskRows` rows of the mask. The head is left out: hair.
 */
export function sampleRows(
  silhouette: PersonSilhouette,
  body: BodyPose | null,
  view: 'front' | 'side',
  staturePx: number,
  /** The floor row (photo pixels): where the profile's ankle is placed when BlazePose finds neither it nor the heels. */
  floorY: number,
  stepMaskRows = 3,
): SampleRow[] {
  const minScore = view === 'side' ? 0.3 : undefined;
  const torso = torsoAxis(body, minScore);
  if (!torso) return [];
  const ear = mean((['leftEar', 'rightEar'] as const).map((part) => keypoint(body, part, minScore)));
  const shoulderY = torso.shoulderMid.y;
  const hipY = torso.hipMid.y;
  const headY = ear?.y ?? shoulderY - 0.1 * staturePx;
  const neckTopY = shoulderY - 0.45 * (shoulderY - headY);
  let legs: Point[][];
  if (view === 'front') {
    const lines = frontLegLines(silhouette, body, staturePx);
    if (!lines) return [];
    legs = lines.map((line) => [line.hip, line.ankle]);
  } else {
    const knee = bestOf(body, 'Knee', 0.3);
    const ankle = bestOf(body, 'Ankle', 0.3) ?? profileAnkleFromFeet(silhouette, body, torso.hipMid.x, staturePx, floorY);
    if (!ankle) return [];
    legs = [[torso.hipMid, ...(knee ? [knee] : []), ankle]];
  }
  // Stop above the ankle bones: below them are the feet and the shoes.
  const bottomY = Math.min(...legs.map((leg) => leg[leg.length - 1]!.y)) - 0.02 * staturePx;
  const rows: SampleRow[] = [];
  const scale = silhouette.scale;
  const first = Math.ceil(neckTopY * scale);
  const last = Math.floor(bottomY * scale);
  for (let maskRow = first; maskRow <= last; maskRow += stepMaskRows) {
    const y = (maskRow + 0.5) / scale;
    if (y < shoulderY) rows.push({ y, region: 'neck', anchors: [torso.shoulderMid.x] });
    else if (y < hipY) rows.push({ y, region: 'torso', anchors: [midlineX(torso, y)] });
    else rows.push({ y, region: 'legs', anchors: legs.map((leg) => alongPolyline(leg, y)).sort((a, b) => a - b) });
  }
  return rows;
}

/** The mask's runs on the row through photo row y, in photo pixels. */
export function maskRuns(silhouette: PersonSilhouette, y: number): RowRun[] {
  const runs = silhouette.rows[Math.floor(y * silhouette.scale)] ?? [];
  return runs.map((run) => ({ start: run.start / silhouette.scale, end: run.end / silhouette.scale }));
}

/** The run containing x, or the nearest within `maxGap`; null if none. */
export function runContaining<T extends RowRun>(runs: readonly T[], x: number, maxGap: number): T | null {
  let best: T | null = null;
  let bestGap = Infinity;
  for (const run of runs) {
    const gap = x < run.start ? run.start - x : x > run.end ? x - run.end : 0;
    if (gap < bestGap) {
      best = run;
      bestGap = gap;
    }
  }
  return bestGap <= maxGap ? best : null;
}

export function anchorGapPx(staturePx: number): number {
  return anchorGapShare * staturePx;
}

/**
 * Buffers of `modelRuns` kept between calls: it runs a few dozen times per scan with tens of
 * thousands of crossings each, and growing fresh buffers every call cost more than the crossings.
 * Safe to share: a call fills and reads them synchronously.
 */
const crossings = {
  capacity: 0,
  rowOf: new Int32Array(0),
  xs: new Float64Array(0),
  ts: new Float64Array(0),
  ends: new Int32Array(0),
  order: new Int32Array(0),
  scratch: new Int32Array(0),
};

function reserveCrossings(capacity: number): void {
  if (capacity <= crossings.capacity) return;
  const grow = <T extends Int32Array | Float64Array>(old: T, size: number): T => {
    const next = new (old.constructor as new (length: number) => T)(size);
    next.set(old);
    return next;
  };
  crossings.rowOf = grow(crossings.rowOf, capacity);
  crossings.xs = grow(crossings.xs, capacity * 2);
  crossings.ts = grow(crossings.ts, capacity * 2);
  crossings.ends = grow(crossings.ends, capacity * 4);
  crossings.order = new Int32Array(capacity);
  crossings.scratch = new Int32Array(capacity);
  crossings.capacity = capacity;
}

/**
 * Sorts `order[from, to)` (interval indices) by their start x in `xs`, stably: equal starts keep
 * their order. Insertion sort on short stretches, then bottom-up merges through `scratch`; the
 * same order as Array.prototype.sort (stable) with the comparator on start x, without copying
 * each row into an array.
 */
function sortByStart(order: Int32Array, from: number, to: number, xs: Float64Array, scratch: Int32Array): void {
  const stretch = 16;
  for (let low = from; low < to; low += stretch) {
    const high = Math.min(low + stretch, to);
    for (let i = low + 1; i < high; i++) {
      const k = order[i]!;
      const x = xs[k * 2]!;
      let j = i - 1;
      while (j >= low && xs[order[j]! * 2]! > x) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = k;
    }
  }
  let source = order;
  let target = scratch;
  for (let width = stretch; width < to - from; width *= 2) {
    for (let low = from; low < to; low += 2 * width) {
      const middle = Math.min(low + width, to);
      const high = Math.min(low + 2 * width, to);
      let i = low;
      let j = middle;
      let out = low;
      // Ties take the left run's first: stable.
      while (i < middle && j < high) target[out++] = xs[source[j]! * 2]! < xs[source[i]! * 2]! ? source[j++]! : source[i++]!;
      while (i < middle) target[out++] = source[i++]!;
      while (j < high) target[out++] = source[j++]!;
    }
    [source, target] = [target, source];
  }
  if (source !== order) order.set(source.subarray(from, to), from);
}

/**
 * Which triangles a row's runs are made of: all of them, or only those wound anticlockwise as
 * the camera sees them. A line of sight that meets a closed surface (`isClosedSurface` in
 * body/mesh-validity.ts) goes in through one triangle and out through another, wound the other way
 * as seen; so either kind alone covers the whole silhouette, its outline is made of the same edges,
 * and the runs are the same from half the crossings. On a body model wound outwards these are the
 * triangles facing the camera.
 */
export type FacesDrawn = 'all' | 'facing_camera';

/**
 * The model's silhouette runs on each row (rows sorted by y): the union of the row's crossings
 * with every projected triangle (or those facing the camera), each run's ends traced to the
 * triangle edge that makes them. `projected` holds the photo x, y of every vertex. Flat buffers,
 * no objects per crossing: it runs once per view and iteration of the fit.
 */
export function modelRuns(projected: Float64Array, faces: Uint32Array, rowYs: readonly number[], drawn: FacesDrawn = 'all'): ModelRun[][] {
  const rowCount = rowYs.length;
  const lowerBound = (y: number): number => {
    let lo = 0;
    let hi = rowCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rowYs[mid]! < y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  reserveCrossings(4096);
  let { rowOf, xs, ts, ends } = crossings;
  let capacity = crossings.capacity;
  let count = 0;
  const crossX = new Float64Array(3);
  const crossT = new Float64Array(3);
  const crossA = new Int32Array(3);
  const crossB = new Int32Array(3);
  const facingOnly = drawn === 'facing_camera';
  for (let f = 0; f < faces.length; f += 3) {
    const p0 = faces[f]! * 2;
    const p1 = faces[f + 1]! * 2;
    const p2 = faces[f + 2]! * 2;
    // Photo rows grow downwards, so a triangle wound clockwise as the camera sees it has a positive area here.
    if (
      facingOnly &&
      (projected[p1]! - projected[p0]!) * (projected[p2 + 1]! - projected[p0 + 1]!) -
        (projected[p2]! - projected[p0]!) * (projected[p1 + 1]! - projected[p0 + 1]!) >
        0
    )
      continue;
    const yMin = Math.min(projected[p0 + 1]!, projected[p1 + 1]!, projected[p2 + 1]!);
    const yMax = Math.max(projected[p0 + 1]!, projected[p1 + 1]!, projected[p2 + 1]!);
    for (let row = lowerBound(yMin); row < rowCount && rowYs[row]! <= yMax; row++) {
      const y = rowYs[row]!;
      let n = 0;
      for (let e = 0; e < 3; e++) {
        const a = faces[f + e]!;
        const b = faces[f + (e === 2 ? 0 : e + 1)]!;
        const ya = projected[a * 2 + 1]!;
        const yb = projected[b * 2 + 1]!;
        if (ya === yb || (ya - y) * (yb - y) > 0) continue;
        const t = (y - ya) / (yb - ya);
        crossX[n] = projected[a * 2]! + t * (projected[b * 2]! - projected[a * 2]!);
        crossT[n] = t;
        crossA[n] = a;
        crossB[n] = b;
        n++;
      }
      if (n < 2) continue;
      let low = 0;
      let high = 0;
      for (let k = 1; k < n; k++) {
        if (crossX[k]! < crossX[low]!) low = k;
        if (crossX[k]! > crossX[high]!) high = k;
      }
      if (count === capacity) {
        reserveCrossings(capacity * 2);
        ({ rowOf, xs, ts, ends, capacity } = crossings);
      }
      rowOf[count] = row;
      xs[count * 2] = crossX[low]!;
      xs[count * 2 + 1] = crossX[high]!;
      ts[count * 2] = crossT[low]!;
      ts[count * 2 + 1] = crossT[high]!;
      ends[count * 4] = crossA[low]!;
      ends[count * 4 + 1] = crossB[low]!;
      ends[count * 4 + 2] = crossA[high]!;
      ends[count * 4 + 3] = crossB[high]!;
      count++;
    }
  }
  // Group the intervals by row (counting sort, keeping their order), then sort and merge each row's, left to right.
  const offsets = new Int32Array(rowCount + 1);
  for (let k = 0; k < count; k++) offsets[rowOf[k]! + 1] = offsets[rowOf[k]! + 1]! + 1;
  for (let row = 0; row < rowCount; row++) offsets[row + 1] = offsets[row + 1]! + offsets[row]!;
  const { order, scratch } = crossings;
  const fill = offsets.slice(0, rowCount);
  for (let k = 0; k < count; k++) order[fill[rowOf[k]!]!++] = k;
  const source = (k: number, side: 0 | 1): EdgeSource => ({
    a: ends[k * 4 + side * 2]!,
    b: ends[k * 4 + side * 2 + 1]!,
    t: ts[k * 2 + side]!,
  });
  const result: ModelRun[][] = new Array<ModelRun[]>(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const from = offsets[row]!;
    const to = offsets[row + 1]!;
    sortByStart(order, from, to, xs, scratch);
    const runs: ModelRun[] = [];
    let open = -1;
    let endOf = -1;
    let start = 0;
    let end = 0;
    for (let m = from; m < to; m++) {
      const k = order[m]!;
      if (open >= 0 && xs[k * 2]! <= end + 1e-9) {
        if (xs[k * 2 + 1]! > end) {
          end = xs[k * 2 + 1]!;
          endOf = k;
        }
        continue;
      }
      if (open >= 0) runs.push({ start, end, startSource: source(open, 0), endSource: source(endOf, 1) });
      open = k;
      endOf = k;
      start = xs[k * 2]!;
      end = xs[k * 2 + 1]!;
    }
    if (open >= 0) runs.push({ start, end, startSource: source(open, 0), endSource: source(endOf, 1) });
    result[row] = runs;
  }
  return result;
}
