/**
 * A tape measure for implicit surfaces: the outline of a field cut by a plane is found on a fine
 * grid in that plane (where the field changes sign along a grid edge, interpolated linearly), and
 * the tape's length is the perimeter of the outline's convex hull, as a tape held taut bridges
 * hollows. Independent of src/main/body/measure.ts: it never sees a mesh.
 */
import type { Vec3 } from './implicit-field.js';

export interface TapePlane {
  origin: Vec3;
  /** Two orthonormal directions spanning the plane. */
  u: Vec3;
  v: Vec3;
}

export const horizontalPlane = (yMm: number, centre: [number, number] = [0, 0]): TapePlane => ({
  origin: [centre[0], yMm, centre[1]],
  u: [1, 0, 0],
  v: [0, 0, 1],
});

/** A plane through `point` perpendicular to `axis`. */
export function planeAcross(point: Vec3, axis: Vec3): TapePlane {
  const length = Math.hypot(...axis);
  const n: Vec3 = [axis[0] / length, axis[1] / length, axis[2] / length];
  const helper: Vec3 = Math.abs(n[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
  const d = helper[0] * n[0] + helper[1] * n[1] + helper[2] * n[2];
  const uRaw: Vec3 = [helper[0] - d * n[0], helper[1] - d * n[1], helper[2] - d * n[2]];
  const uLength = Math.hypot(...uRaw);
  const u: Vec3 = [uRaw[0] / uLength, uRaw[1] / uLength, uRaw[2] / uLength];
  const v: Vec3 = [n[1] * u[2] - n[2] * u[1], n[2] * u[0] - n[0] * u[2], n[0] * u[1] - n[1] * u[0]];
  return { origin: point, u, v };
}

/** Andrew's monotone chain: the convex hull of 2-D points, counter-clockwise. */
export function convexHull(points: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Array<[number, number]> = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Array<[number, number]> = [];
  for (const p of [...sorted].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export function polygonPerimeter(points: Array<[number, number]>): number {
  let perimeter = 0;
  for (let i = 0; i < points.length; i += 1) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    perimeter += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return perimeter;
}

/** Where the field's zero level crosses the plane, on a grid of `stepMm` within ±`reachMm` of its origin. */
export function sectionOutline(
  field: (x: number, y: number, z: number) => number,
  plane: TapePlane,
  options: { reachMm?: number; stepMm?: number } = {},
): Array<[number, number]> {
  const reach = options.reachMm ?? 400;
  const step = options.stepMm ?? 1.5;
  const n = Math.ceil((2 * reach) / step) + 1;
  const values = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    const a = -reach + i * step;
    for (let j = 0; j < n; j += 1) {
      const b = -reach + j * step;
      const p = [0, 1, 2].map((k) => plane.origin[k]! + a * plane.u[k]! + b * plane.v[k]!);
      values[i * n + j] = field(p[0]!, p[1]!, p[2]!);
    }
  }
  const points: Array<[number, number]> = [];
  const crossing = (a0: number, b0: number, v0: number, a1: number, b1: number, v1: number): void => {
    if (v0 < 0 === v1 < 0) return;
    const t = v0 / (v0 - v1);
    points.push([a0 + (a1 - a0) * t, b0 + (b1 - b0) * t]);
  };
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      const a = -reach + i * step;
      const b = -reach + j * step;
      const v = values[i * n + j]!;
      if (i + 1 < n) crossing(a, b, v, a + step, b, values[(i + 1) * n + j]!);
      if (j + 1 < n) crossing(a, b, v, a, b + step, values[i * n + j + 1]!);
    }
  }
  let insideAtBorder = false;
  for (let k = 0; k < n; k += 1) {
    if (values[k]! < 0 || values[(n - 1) * n + k]! < 0 || values[k * n]! < 0 || values[k * n + n - 1]! < 0) insideAtBorder = true;
  }
  if (insideAtBorder) throw new Error(`the section reaches the edge of the tape's window (±${reach} mm): widen it`);
  return points;
}

/** Length of a tape laid around the field's section by the plane (mm); 0 when the plane misses it. */
export function tapeLength(
  field: (x: number, y: number, z: number) => number,
  plane: TapePlane,
  options: { reachMm?: number; stepMm?: number } = {},
): number {
  const outline = sectionOutline(field, plane, options);
  if (outline.length < 3) return 0;
  return polygonPerimeter(convexHull(outline));
}
