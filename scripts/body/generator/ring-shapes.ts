/**
 * Cross-sections of the generated body: superellipses sampled along fixed rays, so that every
 * body shares one vertex layout. All lengths in millimetres, 2-D points as [u, v].
 */

export type Point2 = [number, number];

export interface Superellipse {
  /** Centre of the section. */
  cu: number;
  cv: number;
  /** Half-extents along u and v. */
  a: number;
  b: number;
  /** Exponent: 2 is an ellipse, larger is boxier (convex for n ≥ 1). */
  n: number;
}

function inside(shape: Superellipse, u: number, v: number): number {
  return Math.abs((u - shape.cu) / shape.a) ** shape.n + Math.abs((v - shape.cv) / shape.b) ** shape.n - 1;
}

/** The boundary point of a convex section on the ray from `origin` at angle `angle` (origin must lie inside). */
export function rayPoint(shape: Superellipse, origin: Point2, angle: number): Point2 {
  const du = Math.cos(angle);
  const dv = Math.sin(angle);
  if (origin[0] === shape.cu && origin[1] === shape.cv) {
    const r = (Math.abs(du / shape.a) ** shape.n + Math.abs(dv / shape.b) ** shape.n) ** (-1 / shape.n);
    return [origin[0] + r * du, origin[1] + r * dv];
  }
  let low = 0;
  let high = 2 * (Math.abs(origin[0] - shape.cu) + Math.abs(origin[1] - shape.cv) + shape.a + shape.b);
  for (let iteration = 0; iteration < 60; iteration++) {
    const mid = (low + high) / 2;
    if (inside(shape, origin[0] + mid * du, origin[1] + mid * dv) < 0) low = mid;
    else high = mid;
  }
  const r = (low + high) / 2;
  return [origin[0] + r * du, origin[1] + r * dv];
}

export function sampleRing(shape: Superellipse, origin: Point2, angles: readonly number[]): Point2[] {
  return angles.map((angle) => rayPoint(shape, origin, angle));
}

export function polygonPerimeter(points: readonly Point2[]): number {
  let sum = 0;
  for (let index = 0; index < points.length; index++) {
    const p = points[index]!;
    const q = points[(index + 1) % points.length]!;
    sum += Math.hypot(q[0] - p[0], q[1] - p[1]);
  }
  return sum;
}

function bisect(f: (x: number) => number, low: number, high: number): number {
  let lo = low;
  let hi = high;
  for (let iteration = 0; iteration < 50; iteration++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const minExponent = 1.3;
const maxExponent = 24;

/**
 * The section with half-extents a, b whose sampled polygon has perimeter `perimeter`: the
 * exponent is solved for; when even the boxiest (or roundest) allowed shape misses, the
 * extents are scaled instead. Continuous in its inputs.
 */
export function sectionWithPerimeter(
  base: Omit<Superellipse, 'n'>,
  perimeter: number,
  origin: Point2,
  angles: readonly number[],
): Superellipse {
  const perimeterOf = (shape: Superellipse): number => polygonPerimeter(sampleRing(shape, origin, angles));
  const boxiest = perimeterOf({ ...base, n: maxExponent });
  const roundest = perimeterOf({ ...base, n: minExponent });
  if (perimeter >= boxiest || perimeter <= roundest) {
    const n = perimeter >= boxiest ? maxExponent : minExponent;
    const scale = bisect((s) => perimeterOf({ ...base, a: base.a * s, b: base.b * s, n }) - perimeter, 0.2, 3);
    return { ...base, a: base.a * scale, b: base.b * scale, n };
  }
  const n = bisect((exponent) => perimeterOf({ ...base, n: exponent }) - perimeter, minExponent, maxExponent);
  return { ...base, n };
}

/** The section of fixed exponent and aspect ratio scaled to perimeter `perimeter`. */
export function scaledSection(base: Superellipse, perimeter: number, origin: Point2, angles: readonly number[]): Superellipse {
  const scale = bisect((s) => polygonPerimeter(sampleRing({ ...base, a: base.a * s, b: base.b * s }, origin, angles)) - perimeter, 0.05, 5);
  return { ...base, a: base.a * scale, b: base.b * scale };
}

/** The section of fixed exponent and fixed `a` whose `b` gives the perimeter. */
export function sectionWithDepth(base: Superellipse, perimeter: number, origin: Point2, angles: readonly number[]): Superellipse {
  const b = bisect((depth) => polygonPerimeter(sampleRing({ ...base, b: depth }, origin, angles)) - perimeter, base.a * 0.2, base.a * 5);
  return { ...base, b };
}

/** Cubic Hermite blend with zero slope at both ends: values between keys are monotone. */
export function smoothBlend(from: number, to: number, t: number): number {
  const s = t * t * (3 - 2 * t);
  return from + (to - from) * s;
}
