/**
 * Plane sections of a closed triangle mesh: the closed contours where the plane cuts it, their
 * convex hull and perimeters. Contours are returned in 2-D plane coordinates (metres).
 */

export type Vec3 = [number, number, number];
export type Point2 = [number, number];

export interface Plane {
  origin: Vec3;
  /** Unit normal. */
  normal: Vec3;
}

/** Orthonormal in-plane axes; for a horizontal plane they are x and z. */
export function planeAxes(normal: Vec3): [Vec3, Vec3] {
  if (Math.abs(normal[1]) > 0.999999)
    return [
      [1, 0, 0],
      [0, 0, 1],
    ];
  const ref: Vec3 = Math.abs(normal[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
  const u = normalize(cross(ref, normal));
  const v = cross(normal, u);
  return [u, v];
}

export function normalize(v: Vec3): Vec3 {
  const length = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / length, v[1] / length, v[2] / length];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Projects a 3-D point to the plane's 2-D coordinates. */
export function toPlane(plane: Plane, p: Vec3): Point2 {
  const [u, v] = planeAxes(plane.normal);
  const d: Vec3 = [p[0] - plane.origin[0], p[1] - plane.origin[1], p[2] - plane.origin[2]];
  return [d[0] * u[0] + d[1] * u[1] + d[2] * u[2], d[0] * v[0] + d[1] * v[1] + d[2] * v[2]];
}

/** Faces bucketed by height, so a horizontal plane only visits the faces near it. */
export interface FaceHeights {
  min: Float64Array;
  max: Float64Array;
  bottom: number;
  binHeight: number;
  /** CSR lists of the faces overlapping each bin. */
  binStart: Uint32Array;
  binFaces: Uint32Array;
}

export function faceHeights(vertices: ArrayLike<number>, faces: Uint32Array, binCount = 96): FaceHeights {
  const count = faces.length / 3;
  const min = new Float64Array(count);
  const max = new Float64Array(count);
  let bottom = Infinity;
  let top = -Infinity;
  for (let f = 0; f < count; f++) {
    const a = vertices[faces[f * 3]! * 3 + 1]!;
    const b = vertices[faces[f * 3 + 1]! * 3 + 1]!;
    const c = vertices[faces[f * 3 + 2]! * 3 + 1]!;
    min[f] = Math.min(a, b, c);
    max[f] = Math.max(a, b, c);
    bottom = Math.min(bottom, min[f]!);
    top = Math.max(top, max[f]!);
  }
  const binHeight = (top - bottom) / binCount || 1;
  const first = new Uint16Array(count);
  const last = new Uint16Array(count);
  const sizes = new Uint32Array(binCount + 1);
  for (let f = 0; f < count; f++) {
    first[f] = Math.min(binCount - 1, Math.floor((min[f]! - bottom) / binHeight));
    last[f] = Math.min(binCount - 1, Math.floor((max[f]! - bottom) / binHeight));
    for (let k = first[f]!; k <= last[f]!; k++) sizes[k + 1]!++;
  }
  for (let k = 0; k < binCount; k++) sizes[k + 1] = sizes[k + 1]! + sizes[k]!;
  const binFaces = new Uint32Array(sizes[binCount]!);
  const fill = sizes.slice(0, binCount);
  for (let f = 0; f < count; f++) for (let k = first[f]!; k <= last[f]!; k++) binFaces[fill[k]!++] = f;
  return { min, max, bottom, binHeight, binStart: sizes, binFaces };
}

/**
 * The closed contours of the section (each a polygon in plane coordinates). A vertex exactly
 * on the plane counts as below it, so every crossing is well defined. `heights` (from
 * faceHeights) speeds up horizontal planes.
 */
export function sliceMesh(vertices: ArrayLike<number>, faces: Uint32Array, plane: Plane, heights?: FaceHeights): Point2[][] {
  const V = vertices.length / 3;
  const [n0, n1, n2] = plane.normal;
  const offset = n0 * plane.origin[0] + n1 * plane.origin[1] + n2 * plane.origin[2];
  const horizontal = heights !== undefined && n0 === 0 && n2 === 0 && n1 === 1;
  const level = plane.origin[1];
  // Signed distances: all at once for a general plane, on demand (y − level) for a horizontal one.
  let sides: Float64Array | undefined;
  if (!horizontal) {
    sides = new Float64Array(V);
    for (let v = 0; v < V; v++) sides[v] = n0 * vertices[v * 3]! + n1 * vertices[v * 3 + 1]! + n2 * vertices[v * 3 + 2]! - offset;
  }
  const side = (v: number): number => (sides ? sides[v]! : vertices[v * 3 + 1]! - level);
  const [u, w] = planeAxes(plane.normal);
  const [ox, oy, oz] = plane.origin;
  // Scalar arithmetic and flat maps: a body's measurements cut ~80 sections, and allocations here
  // were most of their cost. Each crossing point of a closed manifold has exactly two neighbours.
  const points = new Map<number, Point2>();
  const firstLink = new Map<number, number>();
  const secondLink = new Map<number, number>();
  const crossing = (a: number, b: number, da: number, db: number): number => {
    const key = a < b ? a * V + b : b * V + a;
    if (!points.has(key)) {
      const t = da / (da - db);
      const dx = vertices[a * 3]! + t * (vertices[b * 3]! - vertices[a * 3]!) - ox;
      const dy = vertices[a * 3 + 1]! + t * (vertices[b * 3 + 1]! - vertices[a * 3 + 1]!) - oy;
      const dz = vertices[a * 3 + 2]! + t * (vertices[b * 3 + 2]! - vertices[a * 3 + 2]!) - oz;
      points.set(key, [dx * u[0] + dy * u[1] + dz * u[2], dx * w[0] + dy * w[1] + dz * w[2]]);
    }
    return key;
  };
  const addLink = (from: number, to: number): void => {
    if (!firstLink.has(from)) firstLink.set(from, to);
    else secondLink.set(from, to);
  };
  const link = (a: number, b: number): void => {
    addLink(a, b);
    addLink(b, a);
  };
  let candidates: ArrayLike<number> | undefined;
  if (horizontal) {
    const binCount = heights.binStart.length - 1;
    const k = Math.floor((level - heights.bottom) / heights.binHeight);
    if (k < 0 || k >= binCount) return [];
    candidates = heights.binFaces.subarray(heights.binStart[k]!, heights.binStart[k + 1]!);
  }
  const faceCount = candidates ? candidates.length : faces.length / 3;
  for (let i = 0; i < faceCount; i++) {
    const f = candidates ? candidates[i]! : i;
    if (horizontal && (heights.max[f]! <= level || heights.min[f]! > level)) continue;
    const a = faces[f * 3]!;
    const b = faces[f * 3 + 1]!;
    const c = faces[f * 3 + 2]!;
    const da = side(a);
    const db = side(b);
    const dc = side(c);
    const sa = da > 0;
    const sb = db > 0;
    const sc = dc > 0;
    if (sa === sb && sb === sc) continue;
    // A triangle crossing the plane has exactly two crossed edges.
    const first = sa !== sb ? crossing(a, b, da, db) : crossing(b, c, db, dc);
    const second = sc !== sa ? crossing(c, a, dc, da) : crossing(b, c, db, dc);
    link(first, second);
  }
  const loops: Point2[][] = [];
  const visited = new Set<number>();
  for (const start of firstLink.keys()) {
    if (visited.has(start)) continue;
    const loop: Point2[] = [];
    let previous = -1;
    let current = start;
    while (!visited.has(current)) {
      visited.add(current);
      loop.push(points.get(current)!);
      const a = firstLink.get(current);
      const b = secondLink.get(current);
      const next =
        a !== undefined && a !== previous && !visited.has(a) ? a : b !== undefined && b !== previous && !visited.has(b) ? b : undefined;
      if (next === undefined) break;
      previous = current;
      current = next;
    }
    if (loop.length >= 3) loops.push(loop);
  }
  return loops;
}

/** The sum over a closed polygon's edges (the last point joins the first) of `term(from, to)`. */
function sumOverEdges(points: readonly Point2[], term: (p: Point2, q: Point2) => number): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) sum += term(points[i]!, points[(i + 1) % points.length]!);
  return sum;
}

export function polygonPerimeter(points: readonly Point2[]): number {
  return sumOverEdges(points, (p, q) => Math.hypot(q[0] - p[0], q[1] - p[1]));
}

export function polygonArea(points: readonly Point2[]): number {
  return sumOverEdges(points, (p, q) => p[0] * q[1] - q[0] * p[1]) / 2;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise. */
export function convexHull(points: readonly Point2[]): Point2[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const turn = (o: Point2, a: Point2, b: Point2): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point2[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && turn(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point2[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && turn(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export function containsPoint(polygon: readonly Point2[], p: Point2): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** The contour around `reference` (plane coordinates); else the one whose centroid is nearest. */
export function contourAround(loops: readonly Point2[][], reference: Point2): Point2[] | undefined {
  const containing = loops.filter((loop) => containsPoint(loop, reference));
  if (containing.length > 0)
    return containing.reduce((best, loop) => (Math.abs(polygonArea(loop)) < Math.abs(polygonArea(best)) ? loop : best));
  let best: Point2[] | undefined;
  let bestDistance = Infinity;
  for (const loop of loops) {
    const cx = loop.reduce((sum, p) => sum + p[0], 0) / loop.length;
    const cy = loop.reduce((sum, p) => sum + p[1], 0) / loop.length;
    const distance = Math.hypot(cx - reference[0], cy - reference[1]);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = loop;
    }
  }
  return best;
}
