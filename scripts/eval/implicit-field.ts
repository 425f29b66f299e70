/**
 * Implicit solids for the evaluation's bodies: sweeps of cross-sections along a segment, ellipsoids
 * and rounded boxes, each a signed field (negative inside, zero on the surface, about a millimetre
 * per millimetre near it), combined by a smooth union. Points far from a part use its bounding box
 * as a lower bound, which changes nothing near the surface and keeps meshing fast.
 */
import { blendSections, quadrantRadius, type Section } from './section.js';

export type Vec3 = [number, number, number];

/** What a part of the picture is: it decides the part's colour and which parts the truth measures. */
export type PartKind = 'skin' | 'top' | 'bottom' | 'dress' | 'shoe' | 'hair' | 'eye' | 'lips';

export interface FieldItem {
  name: string;
  kind: PartKind;
  /** Smooth-union radius with what comes before it (0: a plain union). */
  blendMm: number;
  box: { min: Vec3; max: Vec3 };
  value(x: number, y: number, z: number): number;
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];
const normalize = (a: Vec3): Vec3 => scale(a, 1 / Math.hypot(...a));

/** A section frame along an axis: e1 points to the body's left (+x) and e2 forward (+z) as far as the axis allows. */
export function sweepFrame(axis: Vec3): { e1: Vec3; e2: Vec3 } {
  const u = normalize(axis);
  const reference: Vec3 = Math.abs(u[0]) > 0.9 ? [0, 1, 0] : [1, 0, 0];
  const e1 = normalize(sub(reference, scale(u, dot(reference, u))));
  const z: Vec3 = [0, 0, 1];
  const e2 = normalize(sub(sub(z, scale(u, dot(z, u))), scale(e1, dot(z, e1))));
  return { e1, e2 };
}

export interface SweepKey {
  /** Distance along the axis from its start (mm). */
  atMm: number;
  section: Section;
}

/** The section at a distance along the sweep: Catmull–Rom through the keys, held between its neighbours so it never overshoots. */
export function sweepSectionAt(keys: readonly SweepKey[], atMm: number): Section {
  if (atMm <= keys[0]!.atMm) return keys[0]!.section;
  const last = keys[keys.length - 1]!;
  if (atMm >= last.atMm) return last.section;
  let i = 0;
  while (keys[i + 1]!.atMm < atMm) i += 1;
  const a = keys[i]!;
  const b = keys[i + 1]!;
  const t = (atMm - a.atMm) / (b.atMm - a.atMm);
  const before = keys[i - 1] ?? a;
  const after = keys[i + 2] ?? b;
  const linear = blendSections(a.section, b.section, t);
  const fields = ['cx', 'cz', 'left', 'right', 'front', 'back', 'exponent'] as const;
  const out = { ...linear };
  for (const field of fields) {
    const p0 = before.section[field];
    const p1 = a.section[field];
    const p2 = b.section[field];
    const p3 = after.section[field];
    const spline = 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
    out[field] = Math.min(Math.max(spline, Math.min(p1, p2)), Math.max(p1, p2));
  }
  return out;
}

const tableStepMm = 1;
const sectionFields = ['cx', 'cz', 'left', 'right', 'front', 'back', 'exponent'] as const;

/** Cross-sections swept along the segment from `start` to `end`, flat-capped at both ends. */
export function sweep(name: string, kind: PartKind, blendMm: number, start: Vec3, end: Vec3, keys: SweepKey[]): FieldItem {
  const axis = sub(end, start);
  const lengthMm = Math.hypot(...axis);
  const u = normalize(axis);
  const { e1, e2 } = sweepFrame(axis);
  const reach = Math.max(...keys.map(({ section: s }) => Math.max(s.left, s.right, s.front, s.back) + Math.hypot(s.cx, s.cz)));
  // The sections tabulated every `tableStepMm` along the axis and interpolated linearly: the spline
  // is smooth on that scale, and evaluating it for every sample of a mesh grid is what costs.
  const steps = Math.max(1, Math.ceil(lengthMm / tableStepMm));
  const table = {
    cx: new Float64Array(steps + 1),
    cz: new Float64Array(steps + 1),
    left: new Float64Array(steps + 1),
    right: new Float64Array(steps + 1),
    front: new Float64Array(steps + 1),
    back: new Float64Array(steps + 1),
    exponent: new Float64Array(steps + 1),
  };
  for (let i = 0; i <= steps; i += 1) {
    const section = sweepSectionAt(keys, (i * lengthMm) / steps);
    for (const field of sectionFields) table[field][i] = section[field];
  }
  return {
    name,
    kind,
    blendMm,
    box: {
      min: [0, 1, 2].map((i) => Math.min(start[i]!, end[i]!) - reach) as Vec3,
      max: [0, 1, 2].map((i) => Math.max(start[i]!, end[i]!) + reach) as Vec3,
    },
    value(x, y, z) {
      const q: Vec3 = [x - start[0], y - start[1], z - start[2]];
      const along = dot(q, u);
      const position = Math.min(steps, Math.max(0, (along / lengthMm) * steps));
      const i = Math.min(steps - 1, Math.floor(position));
      const t = position - i;
      const dx = dot(q, e1) - (table.cx[i]! + (table.cx[i + 1]! - table.cx[i]!) * t);
      const dz = dot(q, e2) - (table.cz[i]! + (table.cz[i + 1]! - table.cz[i]!) * t);
      const radius = quadrantRadius(
        table.left[i]! + (table.left[i + 1]! - table.left[i]!) * t,
        table.right[i]! + (table.right[i + 1]! - table.right[i]!) * t,
        table.front[i]! + (table.front[i + 1]! - table.front[i]!) * t,
        table.back[i]! + (table.back[i + 1]! - table.back[i]!) * t,
        table.exponent[i]! + (table.exponent[i + 1]! - table.exponent[i]!) * t,
        dx,
        dz,
      );
      const radial = Math.hypot(dx, dz) - radius;
      return Math.max(radial, -along, along - lengthMm);
    },
  };
}

export function ellipsoid(name: string, kind: PartKind, blendMm: number, centre: Vec3, radii: Vec3): FieldItem {
  const smallest = Math.min(...radii);
  return {
    name,
    kind,
    blendMm,
    box: { min: [0, 1, 2].map((i) => centre[i]! - radii[i]!) as Vec3, max: [0, 1, 2].map((i) => centre[i]! + radii[i]!) as Vec3 },
    value(x, y, z) {
      const k = Math.hypot((x - centre[0]) / radii[0], (y - centre[1]) / radii[1], (z - centre[2]) / radii[2]);
      return (k - 1) * smallest;
    },
  };
}

/** An axis-aligned box with rounded edges of radius `roundMm`. */
export function roundBox(name: string, kind: PartKind, blendMm: number, min: Vec3, max: Vec3, roundMm: number): FieldItem {
  const centre = [0, 1, 2].map((i) => (min[i]! + max[i]!) / 2);
  const half = [0, 1, 2].map((i) => (max[i]! - min[i]!) / 2 - roundMm);
  return {
    name,
    kind,
    blendMm,
    box: { min, max },
    value(x, y, z) {
      const q = [Math.abs(x - centre[0]!) - half[0]!, Math.abs(y - centre[1]!) - half[1]!, Math.abs(z - centre[2]!) - half[2]!];
      const outside = Math.hypot(Math.max(q[0]!, 0), Math.max(q[1]!, 0), Math.max(q[2]!, 0));
      return outside + Math.min(Math.max(q[0]!, q[1]!, q[2]!), 0) - roundMm;
    },
  };
}

function boxDistance(box: FieldItem['box'], x: number, y: number, z: number): number {
  const dx = Math.max(box.min[0] - x, 0, x - box.max[0]);
  const dy = Math.max(box.min[1] - y, 0, y - box.max[1]);
  const dz = Math.max(box.min[2] - z, 0, z - box.max[2]);
  return Math.hypot(dx, dy, dz);
}

/** Polynomial smooth minimum: equal to min(a, b) once they differ by more than k. */
export function smoothMin(a: number, b: number, k: number): number {
  if (k <= 0) return Math.min(a, b);
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}

export interface Field {
  items: readonly FieldItem[];
  value(x: number, y: number, z: number): number;
  /** The item that is nearest (most inside) at a point: it colours the surface there. */
  itemAt(x: number, y: number, z: number): FieldItem;
  bounds: { min: Vec3; max: Vec3 };
}

/** The union of the items in order; far from an item its box distance stands in (never below `exactWithinMm`). */
export function unionField(items: readonly FieldItem[], exactWithinMm = 40): Field {
  if (items.length === 0) throw new Error('an empty field');
  const itemValue = (item: FieldItem, x: number, y: number, z: number): number => {
    const bound = boxDistance(item.box, x, y, z);
    return bound > exactWithinMm ? bound : item.value(x, y, z);
  };
  // Items whose box comes within `exactWithinMm` of each 20 mm band of height: elsewhere an item is
  // far, and only the nearest far value matters (it is positive and beyond every blend radius).
  const bandMm = 20;
  const lowY = Math.min(...items.map((item) => item.box.min[1])) - exactWithinMm;
  const highY = Math.max(...items.map((item) => item.box.max[1])) + exactWithinMm;
  const bands = Array.from({ length: Math.ceil((highY - lowY) / bandMm) + 1 }, (_, b) =>
    items.filter(
      (item) => item.box.min[1] - exactWithinMm <= lowY + (b + 1) * bandMm && item.box.max[1] + exactWithinMm >= lowY + b * bandMm,
    ),
  );
  return {
    items,
    value(x, y, z) {
      const band = bands[Math.floor((y - lowY) / bandMm)];
      if (!band || band.length === 0) return exactWithinMm + Math.max(0, lowY - y, y - highY);
      let d = itemValue(band[0]!, x, y, z);
      for (let i = 1; i < band.length; i += 1) d = smoothMin(d, itemValue(band[i]!, x, y, z), band[i]!.blendMm);
      return d;
    },
    itemAt(x, y, z) {
      let best = items[0]!;
      let bestValue = Infinity;
      for (const item of items) {
        const v = itemValue(item, x, y, z);
        if (v < bestValue) {
          bestValue = v;
          best = item;
        }
      }
      return best;
    },
    bounds: {
      min: [0, 1, 2].map((i) => Math.min(...items.map((item) => item.box.min[i]!))) as Vec3,
      max: [0, 1, 2].map((i) => Math.max(...items.map((item) => item.box.max[i]!))) as Vec3,
    },
  };
}
