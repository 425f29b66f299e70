/**
 * Where on the body mesh a measurement is drawn. The API gives each measurement's value but not
 * where it was taken, so the viewer finds the place on the mesh itself: for a girth, the horizontal
 * section (within the body region that girth belongs to) whose convex-hull perimeter is closest to
 * the measured value, the same convex-hull method the service measures with. Lengths are drawn as
 * straight lines of the measured length at the usual place. Pure geometry: metres, y up (glTF).
 */

export type Point2 = readonly [number, number];
export type Point3 = readonly [number, number, number];

export interface BodyMesh {
  /** x, y, z per vertex, metres, y up, the body facing +z (glTF / SMPL rest pose). */
  positions: ArrayLike<number>;
  /** Three vertex indices per triangle. */
  indices: ArrayLike<number>;
}

export interface Bounds {
  min: Point3;
  max: Point3;
}

export function boundsOf(positions: ArrayLike<number>): Bounds {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const value = positions[i + k]!;
      if (value < min[k]!) min[k] = value;
      if (value > max[k]!) max[k] = value;
    }
  }
  return { min: [min[0]!, min[1]!, min[2]!], max: [max[0]!, max[1]!, max[2]!] };
}

/** The points (x, z) where the mesh's triangle edges cross the plane y = height. */
export function sectionAtHeight(mesh: BodyMesh, height: number): Point2[] {
  const { positions, indices } = mesh;
  const points: Point2[] = [];
  for (let t = 0; t + 2 < indices.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e]! * 3;
      const b = indices[t + ((e + 1) % 3)]! * 3;
      // Each edge is shared by two triangles; take it once, from the triangle where a < b.
      if (a > b) continue;
      const ya = positions[a + 1]!;
      const yb = positions[b + 1]!;
      // Half-open (a vertex exactly on the plane counts as above it), so a plane through a ring of
      // vertices still yields them, from the edges that come up to them from below.
      if (ya < height === yb < height) continue;
      const share = (height - ya) / (yb - ya);
      points.push([
        positions[a]! + share * (positions[b]! - positions[a]!),
        positions[a + 2]! + share * (positions[b + 2]! - positions[a + 2]!),
      ]);
    }
  }
  return points;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, without repeating the first point. */
export function convexHull(points: readonly Point2[]): Point2[] {
  if (points.length < 3) return [...points];
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const cross = (o: Point2, a: Point2, b: Point2): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point2[] = [];
  for (const point of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, point) <= 0) lower.pop();
    lower.push(point);
  }
  const upper: Point2[] = [];
  for (const point of sorted.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, point) <= 0) upper.pop();
    upper.push(point);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export function perimeter(polygon: readonly Point2[]): number {
  let total = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    total += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return total;
}

/** Splits section points into limbs and trunk: runs along x separated by a gap wider than `gapM`. */
export function splitAlongX(points: readonly Point2[], gapM: number): Point2[][] {
  const sorted = [...points].sort((p, q) => p[0] - q[0]);
  const groups: Point2[][] = [];
  for (const point of sorted) {
    const current = groups[groups.length - 1];
    if (current && point[0] - current[current.length - 1]![0] <= gapM) current.push(point);
    else groups.push([point]);
  }
  return groups;
}

/** Which part of a section a girth goes around. */
export type GirthRegion = 'trunk' | 'left_leg';

export interface GirthSearch {
  region: GirthRegion;
  /** Where to look, as shares of the body's height above the floor. */
  fromShare: number;
  toShare: number;
}

/**
 * Search bands per girth, wide enough for short and tall, slim and broad bodies (stature shares of
 * the landmarks in ANSUR II: neck base 0.82–0.86, chest 0.70–0.74, waist 0.58–0.64, hip 0.48–0.53,
 * thigh 0.42–0.46). The perimeter match then picks the height within the band.
 */
export const girthSearches: Record<string, GirthSearch> = {
  neck: { region: 'trunk', fromShare: 0.8, toShare: 0.9 },
  chest: { region: 'trunk', fromShare: 0.66, toShare: 0.78 },
  waist: { region: 'trunk', fromShare: 0.55, toShare: 0.68 },
  hip: { region: 'trunk', fromShare: 0.45, toShare: 0.57 },
  thigh: { region: 'left_leg', fromShare: 0.38, toShare: 0.48 },
};

/** Gap between arm and trunk (or between the legs) that separates them in a section. */
const limbGapM = 0.01;
const searchSteps = 48;

function regionPoints(points: readonly Point2[], region: GirthRegion, midX: number): Point2[] {
  if (region === 'left_leg') {
    // The body's left is +x (glTF / SMPL). Thighs may touch, so split at the midline, not at a gap.
    return points.filter((point) => point[0] > midX);
  }
  const groups = splitAlongX(points, limbGapM);
  const nearestToMid = (group: Point2[]): number => Math.min(...group.map((point) => Math.abs(point[0] - midX)));
  return groups.reduce<Point2[]>((best, group) => (best.length === 0 || nearestToMid(group) < nearestToMid(best) ? group : best), []);
}

export interface GirthRing {
  /** Height of the section, metres. */
  height: number;
  /** The hull around the region, (x, z), metres. */
  hull: Point2[];
  /** The hull's perimeter, metres, for telling how well the section matches. */
  perimeterM: number;
}

/**
 * The horizontal section whose hull perimeter best matches a girth of `valueCm`, or null when the
 * girth is not one we can place or the mesh has no section in its band. `heightCm` is the avatar's
 * stature, which scales the mesh to centimetres if it is not exactly in metres.
 */
export function findGirthRing(
  mesh: BodyMesh,
  name: string,
  valueCm: number,
  heightCm: number,
  bounds = boundsOf(mesh.positions),
): GirthRing | null {
  const search = girthSearches[name];
  if (!search) return null;
  const meshHeightM = bounds.max[1] - bounds.min[1];
  if (!(meshHeightM > 0) || !(heightCm > 0)) return null;
  const targetM = (valueCm / heightCm) * meshHeightM;
  const midX = (bounds.min[0] + bounds.max[0]) / 2;
  let best: GirthRing | null = null;
  for (let step = 0; step <= searchSteps; step++) {
    const share = search.fromShare + ((search.toShare - search.fromShare) * step) / searchSteps;
    const height = bounds.min[1] + share * meshHeightM;
    const hull = convexHull(regionPoints(sectionAtHeight(mesh, height), search.region, midX));
    if (hull.length < 3) continue;
    const perimeterM = perimeter(hull);
    if (!best || Math.abs(perimeterM - targetM) < Math.abs(best.perimeterM - targetM)) best = { height, hull, perimeterM };
  }
  return best;
}

export interface LengthLine {
  from: Point3;
  to: Point3;
}

/** Stature shares of the points a length starts from (ANSUR II means: ankle 0.04, shoulder joints 0.81). */
const ankleShare = 0.04;
const shoulderShare = 0.81;

/**
 * A straight line of the measured length where the length is taken, or null when the mesh's pose
 * does not allow an honest one (an arm not held out sideways).
 */
export function lengthLine(name: string, valueCm: number, heightCm: number, bounds: Bounds): LengthLine | null {
  const meshHeightM = bounds.max[1] - bounds.min[1];
  if (!(meshHeightM > 0) || !(heightCm > 0)) return null;
  const metres = (valueCm / heightCm) * meshHeightM;
  const midX = (bounds.min[0] + bounds.max[0]) / 2;
  const front = bounds.max[2] + 0.02;
  const floor = bounds.min[1];
  const shoulderY = floor + shoulderShare * meshHeightM;
  switch (name) {
    case 'height':
      return { from: [bounds.max[0] + 0.05, floor, 0], to: [bounds.max[0] + 0.05, bounds.max[1], 0] };
    case 'inseam': {
      const ankleY = floor + ankleShare * meshHeightM;
      return { from: [midX, ankleY, front - 0.02], to: [midX, ankleY + metres, front - 0.02] };
    }
    case 'shoulder_width':
      return { from: [midX - metres / 2, shoulderY, front], to: [midX + metres / 2, shoulderY, front] };
    case 'arm_length': {
      // Only a body with its arms held out (T-pose: wider than three quarters of its height) has a straight arm to draw along.
      if (bounds.max[0] - bounds.min[0] < 0.75 * meshHeightM) return null;
      const shoulderX = midX + 0.12 * meshHeightM;
      return { from: [shoulderX, shoulderY, front - 0.05], to: [shoulderX + metres, shoulderY, front - 0.05] };
    }
    default:
      return null;
  }
}
