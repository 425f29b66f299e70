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
  // The bins span every vertex, a face's or not: it lets one pass over the faces bin them too.
  let bottom = Infinity;
  let top = -Infinity;
  for (let i = 1; i < vertices.length; i += 3) {
    const y = vertices[i]!;
    if (y < bottom) bottom = y;
    if (y > top) top = y;
  }
  const binHeight = (top - bottom) / binCount || 1;
  const perBin = 1 / binHeight;
  const last = binCount - 1;
  const min = new Float64Array(count);
  const max = new Float64Array(count);
  const first = new Uint16Array(count);
  const span = new Uint16Array(count);
  const sizes = new Uint32Array(binCount + 1);
  for (let f = 0, i = 0; f < count; f++, i += 3) {
    const a = vertices[faces[i]! * 3 + 1]!;
    const b = vertices[faces[i + 1]! * 3 + 1]!;
    const c = vertices[faces[i + 2]! * 3 + 1]!;
    const low = a < b ? (a < c ? a : c) : b < c ? b : c;
    const high = a > b ? (a > c ? a : c) : b > c ? b : c;
    min[f] = low;
    max[f] = high;
    const from = Math.min(last, Math.floor((low - bottom) * perBin));
    const to = Math.min(last, Math.floor((high - bottom) * perBin));
    first[f] = from;
    span[f] = to - from;
    for (let k = from + 1; k <= to + 1; k++) sizes[k]!++;
  }
  for (let k = 0; k < binCount; k++) sizes[k + 1]! += sizes[k]!;
  const binFaces = new Uint32Array(sizes[binCount]!);
  const fill = sizes.slice(0, binCount);
  for (let f = 0; f < count; f++) {
    const from = first[f]!;
    const to = from + span[f]!;
    for (let k = from; k <= to; k++) binFaces[fill[k]!++] = f;
  }
  return { min, max, bottom, binHeight, binStart: sizes, binFaces };
}

/**
 * A mesh's edges, found once per face array: a body's measurements cut some 60 sections of the
 * same topology, and hashing each crossed edge's vertex pair per section was most of their cost.
 */
interface MeshEdges {
  /** Per face, the ids of its edges a–b, b–c and c–a. */
  faceEdges: Uint32Array;
  /** Scratch of one section at a time, reset by bumping `generation` (sections are cut synchronously). */
  generation: number;
  stamp: Uint32Array;
  pointX: Float64Array;
  pointY: Float64Array;
  firstLink: Int32Array;
  secondLink: Int32Array;
  visited: Uint32Array;
  /** The crossed edges in the order they were first linked. */
  order: Int32Array;
}

const edgesByFaces = new WeakMap<Uint32Array, MeshEdges>();

function meshEdges(faces: Uint32Array): MeshEdges {
  const cached = edgesByFaces.get(faces);
  if (cached) return cached;
  const faceEdges = new Uint32Array(faces.length);
  const ids = new Map<number, number>();
  let vertexCount = 0;
  for (const v of faces) vertexCount = Math.max(vertexCount, v + 1);
  for (let f = 0; f < faces.length / 3; f++) {
    for (let k = 0; k < 3; k++) {
      const a = faces[f * 3 + k]!;
      const b = faces[f * 3 + ((k + 1) % 3)]!;
      const key = a < b ? a * vertexCount + b : b * vertexCount + a;
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      faceEdges[f * 3 + k] = id;
    }
  }
  const count = ids.size;
  const edges: MeshEdges = {
    faceEdges,
    generation: 0,
    stamp: new Uint32Array(count),
    pointX: new Float64Array(count),
    pointY: new Float64Array(count),
    firstLink: new Int32Array(count),
    secondLink: new Int32Array(count),
    visited: new Uint32Array(count),
    order: new Int32Array(count),
  };
  edgesByFaces.set(faces, edges);
  return edges;
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
  let above: Uint8Array | undefined;
  if (!horizontal) {
    sides = new Float64Array(V);
    above = new Uint8Array(V);
    for (let v = 0; v < V; v++) {
      const d = n0 * vertices[v * 3]! + n1 * vertices[v * 3 + 1]! + n2 * vertices[v * 3 + 2]! - offset;
      sides[v] = d;
      above[v] = d > 0 ? 1 : 0;
    }
  }
  const [u, w] = planeAxes(plane.normal);
  const [ox, oy, oz] = plane.origin;
  const edges = meshEdges(faces);
  const { faceEdges, stamp, pointX, pointY, firstLink, secondLink, visited, order } = edges;
  if (edges.generation === 0xffffffff) {
    edges.generation = 0;
    edges.stamp.fill(0);
    edges.visited.fill(0);
  }
  const generation = ++edges.generation;
  let ordered = 0;
  // The point is interpolated from p towards q, as the first face to reach the edge runs along it.
  const crossing = (edge: number, p: number, q: number): void => {
    if (stamp[edge] === generation) return;
    stamp[edge] = generation;
    firstLink[edge] = -1;
    secondLink[edge] = -1;
    const dp = sides ? sides[p]! : vertices[p * 3 + 1]! - level;
    const dq = sides ? sides[q]! : vertices[q * 3 + 1]! - level;
    const t = dp / (dp - dq);
    const dx = vertices[p * 3]! + t * (vertices[q * 3]! - vertices[p * 3]!) - ox;
    const dy = vertices[p * 3 + 1]! + t * (vertices[q * 3 + 1]! - vertices[p * 3 + 1]!) - oy;
    const dz = vertices[p * 3 + 2]! + t * (vertices[q * 3 + 2]! - vertices[p * 3 + 2]!) - oz;
    pointX[edge] = dx * u[0] + dy * u[1] + dz * u[2];
    pointY[edge] = dx * w[0] + dy * w[1] + dz * w[2];
  };
  // Each crossing point of a closed manifold has exactly two neighbours.
  const addLink = (from: number, to: number): void => {
    if (firstLink[from] === -1) {
      firstLink[from] = to;
      order[ordered++] = from;
    } else secondLink[from] = to;
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
    let sa: boolean;
    let sb: boolean;
    let sc: boolean;
    if (above) {
      const count = above[a]! + above[b]! + above[c]!;
      if (count === 0 || count === 3) continue;
      sa = above[a] === 1;
      sb = above[b] === 1;
      sc = above[c] === 1;
    } else {
      sa = vertices[a * 3 + 1]! - level > 0;
      sb = vertices[b * 3 + 1]! - level > 0;
      sc = vertices[c * 3 + 1]! - level > 0;
      if (sa === sb && sb === sc) continue;
    }
    // A triangle crossing the plane has exactly two crossed edges.
    let first: number;
    if (sa !== sb) crossing((first = faceEdges[f * 3]!), a, b);
    else crossing((first = faceEdges[f * 3 + 1]!), b, c);
    let second: number;
    if (sc !== sa) crossing((second = faceEdges[f * 3 + 2]!), c, a);
    else crossing((second = faceEdges[f * 3 + 1]!), b, c);
    addLink(first, second);
    addLink(second, first);
  }
  const loops: Point2[][] = [];
  const isVisited = (edge: number): boolean => visited[edge] === generation;
  for (let s = 0; s < ordered; s++) {
    const start = order[s]!;
    if (isVisited(start)) continue;
    const loop: Point2[] = [];
    let previous = -1;
    let current = start;
    while (!isVisited(current)) {
      visited[current] = generation;
      loop.push([pointX[current]!, pointY[current]!]);
      const a = firstLink[current]!;
      const b = secondLink[current]!;
      const next = a !== -1 && a !== previous && !isVisited(a) ? a : b !== -1 && b !== previous && !isVisited(b) ? b : -1;
      if (next === -1) break;
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
