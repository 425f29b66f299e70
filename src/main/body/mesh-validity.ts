/**
 * Checks that a triangle mesh is a proper closed surface: every edge shared by exactly two
 * faces that traverse it in opposite directions (watertight, manifold, consistently wound),
 * every vertex's faces forming one fan, and no two faces crossing each other.
 */

export interface MeshTopologyReport {
  vertexCount: number;
  faceCount: number;
  edgeCount: number;
  /** Edges with one face: holes. */
  boundaryEdges: number;
  /** Edges with more than two faces. */
  nonManifoldEdges: number;
  /** Edges whose two faces traverse them in the same direction (inconsistent winding). */
  inconsistentEdges: number;
  /** Vertices whose faces form more than one fan (or none). */
  nonManifoldVertices: number;
  /** V − E + F: 2 for a closed surface of genus 0. */
  eulerCharacteristic: number;
  watertight: boolean;
  manifold: boolean;
  consistentWinding: boolean;
}

export function meshTopology(faces: Uint32Array, vertexCount: number): MeshTopologyReport {
  const faceCount = faces.length / 3;
  const directed = new Map<number, number>();
  const undirected = new Map<number, number>();
  const key = (a: number, b: number): number => a * vertexCount + b;
  for (let f = 0; f < faceCount; f++) {
    for (let k = 0; k < 3; k++) {
      const a = faces[f * 3 + k]!;
      const b = faces[f * 3 + ((k + 1) % 3)]!;
      directed.set(key(a, b), (directed.get(key(a, b)) ?? 0) + 1);
      const u = key(Math.min(a, b), Math.max(a, b));
      undirected.set(u, (undirected.get(u) ?? 0) + 1);
    }
  }
  let boundaryEdges = 0;
  let nonManifoldEdges = 0;
  let inconsistentEdges = 0;
  for (const [edge, count] of undirected) {
    if (count === 1) boundaryEdges++;
    else if (count > 2) nonManifoldEdges++;
    else {
      const a = Math.floor(edge / vertexCount);
      const b = edge % vertexCount;
      if (directed.get(key(a, b)) !== 1 || directed.get(key(b, a)) !== 1) inconsistentEdges++;
    }
  }
  // Vertex fans: faces around a vertex connected through shared edges must form one cycle.
  const facesOf: number[][] = Array.from({ length: vertexCount }, () => []);
  for (let f = 0; f < faceCount; f++) for (let k = 0; k < 3; k++) facesOf[faces[f * 3 + k]!]!.push(f);
  let nonManifoldVertices = 0;
  for (let v = 0; v < vertexCount; v++) {
    const around = facesOf[v]!;
    if (around.length === 0) {
      nonManifoldVertices++;
      continue;
    }
    // Union the faces that share an edge through v.
    const others = around.map((f) => [0, 1, 2].map((k) => faces[f * 3 + k]!).filter((w) => w !== v));
    const parent = around.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    const byNeighbour = new Map<number, number>();
    others.forEach((pair, i) => {
      for (const w of pair) {
        const j = byNeighbour.get(w);
        if (j === undefined) byNeighbour.set(w, i);
        else parent[find(i)] = find(j);
      }
    });
    const roots = new Set(around.map((_, i) => find(i)));
    if (roots.size !== 1) nonManifoldVertices++;
  }
  const eulerCharacteristic = vertexCount - undirected.size + faceCount;
  return {
    vertexCount,
    faceCount,
    edgeCount: undirected.size,
    boundaryEdges,
    nonManifoldEdges,
    inconsistentEdges,
    nonManifoldVertices,
    eulerCharacteristic,
    watertight: boundaryEdges === 0,
    manifold: nonManifoldEdges === 0 && nonManifoldVertices === 0,
    consistentWinding: inconsistentEdges === 0 && nonManifoldEdges === 0,
  };
}

const closedByFaces = new WeakMap<Uint32Array, boolean>();

/**
 * Whether the triangles make a closed surface wound consistently: every edge shared by exactly two
 * triangles that run along it in opposite directions (`meshTopology`'s watertight, no edge of more
 * than two faces, and consistent winding, without its vertex fans). A yes or no in about a fifth of
 * `meshTopology`'s time, for a scan's fit, which asks it once per faces array and keeps the answer.
 */
export function isClosedSurface(faces: Uint32Array): boolean {
  const known = closedByFaces.get(faces);
  if (known !== undefined) return known;
  // Each vertex's outgoing edges in flat arrays (a vertex has a handful), so that each edge's
  // reverse is looked up among its end's few: a set of all the edges takes tens of milliseconds.
  let vertexCount = 0;
  for (const vertex of faces) vertexCount = Math.max(vertexCount, vertex + 1);
  const next = (f: number, e: number): number => faces[f + (e === 2 ? 0 : e + 1)]!;
  const start = new Uint32Array(vertexCount + 1);
  for (let f = 0; f < faces.length; f += 3) for (let e = 0; e < 3; e++) start[faces[f + e]! + 1]! += 1;
  for (let vertex = 0; vertex < vertexCount; vertex++) start[vertex + 1]! += start[vertex]!;
  const filled = start.slice(0, vertexCount);
  const targets = new Uint32Array(faces.length);
  for (let f = 0; f < faces.length; f += 3) for (let e = 0; e < 3; e++) targets[filled[faces[f + e]!]!++] = next(f, e);
  const count = (from: number, to: number): number => {
    let found = 0;
    for (let k = start[from]!; k < start[from + 1]!; k++) if (targets[k] === to) found++;
    return found;
  };
  let closed = true;
  for (let from = 0; from < vertexCount && closed; from++)
    for (let k = start[from]!; k < start[from + 1]! && closed; k++) {
      const to = targets[k]!;
      if (count(from, to) !== 1 || count(to, from) !== 1) closed = false;
    }
  closedByFaces.set(faces, closed);
  return closed;
}

/** Signed volume (positive when faces wind counter-clockwise seen from outside). */
export function signedVolume(vertices: ArrayLike<number>, faces: Uint32Array): number {
  let sum = 0;
  for (let f = 0; f < faces.length; f += 3) {
    const a = faces[f]! * 3;
    const b = faces[f + 1]! * 3;
    const c = faces[f + 2]! * 3;
    const ax = vertices[a]!,
      ay = vertices[a + 1]!,
      az = vertices[a + 2]!;
    const bx = vertices[b]!,
      by = vertices[b + 1]!,
      bz = vertices[b + 2]!;
    const cx = vertices[c]!,
      cy = vertices[c + 1]!,
      cz = vertices[c + 2]!;
    sum += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  }
  return sum / 6;
}

type V3 = [number, number, number];

function point(vertices: ArrayLike<number>, index: number): V3 {
  return [vertices[index * 3]!, vertices[index * 3 + 1]!, vertices[index * 3 + 2]!];
}

function sub(a: V3, b: V3): V3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function cross(a: V3, b: V3): V3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a: V3, b: V3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Whether segment p→q crosses triangle (a, b, c) strictly inside both (Möller–Trumbore). */
function segmentHitsTriangle(p: V3, q: V3, a: V3, b: V3, c: V3): boolean {
  const eps = 1e-9;
  const dir = sub(q, p);
  const e1 = sub(b, a);
  const e2 = sub(c, a);
  const h = cross(dir, e2);
  const det = dot(e1, h);
  if (Math.abs(det) < 1e-14) return false;
  const s = sub(p, a);
  const u = dot(s, h) / det;
  if (u < eps || u > 1 - eps) return false;
  const qv = cross(s, e1);
  const v = dot(dir, qv) / det;
  if (v < eps || u + v > 1 - eps) return false;
  const t = dot(e2, qv) / det;
  return t > eps && t < 1 - eps;
}

/**
 * Counts pairs of faces that cross each other (faces sharing an edge are skipped; faces sharing
 * one vertex are tested with their opposite edges). A uniform grid keeps this near-linear.
 */
export function countSelfIntersections(vertices: ArrayLike<number>, faces: Uint32Array, limit = Infinity): number {
  const faceCount = faces.length / 3;
  const boxes = new Float64Array(faceCount * 6);
  let edgeSum = 0;
  for (let f = 0; f < faceCount; f++) {
    const [a, b, c] = [point(vertices, faces[f * 3]!), point(vertices, faces[f * 3 + 1]!), point(vertices, faces[f * 3 + 2]!)];
    for (let axis = 0; axis < 3; axis++) {
      boxes[f * 6 + axis] = Math.min(a[axis]!, b[axis]!, c[axis]!);
      boxes[f * 6 + 3 + axis] = Math.max(a[axis]!, b[axis]!, c[axis]!);
    }
    edgeSum += Math.hypot(...sub(a, b));
  }
  const cell = (2 * edgeSum) / Math.max(1, faceCount);
  const grid = new Map<string, number[]>();
  for (let f = 0; f < faceCount; f++) {
    const lo = [0, 1, 2].map((axis) => Math.floor(boxes[f * 6 + axis]! / cell));
    const hi = [0, 1, 2].map((axis) => Math.floor(boxes[f * 6 + 3 + axis]! / cell));
    for (let x = lo[0]!; x <= hi[0]!; x++)
      for (let y = lo[1]!; y <= hi[1]!; y++)
        for (let z = lo[2]!; z <= hi[2]!; z++) {
          const k = `${x},${y},${z}`;
          const list = grid.get(k);
          if (list) list.push(f);
          else grid.set(k, [f]);
        }
  }
  let count = 0;
  for (const [k, list] of grid) {
    const [cx, cy, cz] = k.split(',').map(Number) as [number, number, number];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const f = list[i]!;
        const g = list[j]!;
        // Test each pair once: in the cell holding the low corner of their boxes' overlap.
        let overlaps = true;
        const low: number[] = [];
        for (let axis = 0; axis < 3; axis++) {
          const lo = Math.max(boxes[f * 6 + axis]!, boxes[g * 6 + axis]!);
          const hi = Math.min(boxes[f * 6 + 3 + axis]!, boxes[g * 6 + 3 + axis]!);
          if (lo > hi) overlaps = false;
          low.push(Math.floor(lo / cell));
        }
        if (!overlaps || low[0] !== cx || low[1] !== cy || low[2] !== cz) continue;
        const fv = [faces[f * 3]!, faces[f * 3 + 1]!, faces[f * 3 + 2]!];
        const gv = [faces[g * 3]!, faces[g * 3 + 1]!, faces[g * 3 + 2]!];
        const shared = fv.filter((v) => gv.includes(v));
        if (shared.length >= 2) continue;
        if (facesCross(vertices, fv, gv, shared[0])) {
          count++;
          if (count >= limit) return count;
        }
      }
    }
  }
  return count;
}

function facesCross(vertices: ArrayLike<number>, fv: number[], gv: number[], shared: number | undefined): boolean {
  const edges = (tri: number[]): Array<[number, number]> =>
    [
      [tri[0]!, tri[1]!],
      [tri[1]!, tri[2]!],
      [tri[2]!, tri[0]!],
    ].filter(([a, b]) => a !== shared && b !== shared) as Array<[number, number]>;
  const [ga, gb, gc] = gv.map((v) => point(vertices, v)) as [V3, V3, V3];
  for (const [a, b] of edges(fv)) if (segmentHitsTriangle(point(vertices, a), point(vertices, b), ga, gb, gc)) return true;
  const [fa, fb, fc] = fv.map((v) => point(vertices, v)) as [V3, V3, V3];
  for (const [a, b] of edges(gv)) if (segmentHitsTriangle(point(vertices, a), point(vertices, b), fa, fb, fc)) return true;
  return false;
}
