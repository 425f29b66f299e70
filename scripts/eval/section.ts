/**
 * A body cross-section as four superellipse quadrants about a centre: its own half-extent to the
 * left, right, front and back, and one exponent (2 is an ellipse, larger is boxier). The exponent
 * is what makes a section with a given breadth and depth also have a given girth.
 */
export interface Section {
  /** Centre in the section's plane (mm). */
  cx: number;
  cz: number;
  left: number;
  right: number;
  front: number;
  back: number;
  exponent: number;
}

/** Distance from the centre to the outline along the direction (dx, dz), which need not be unit. */
export function sectionRadius(section: Section, dx: number, dz: number): number {
  return quadrantRadius(section.left, section.right, section.front, section.back, section.exponent, dx, dz);
}

/** `sectionRadius` on the section's numbers, for the hot loops that keep sections in arrays. */
export function quadrantRadius(left: number, right: number, front: number, back: number, exponent: number, dx: number, dz: number): number {
  const length = Math.hypot(dx, dz);
  if (length === 0) return Math.min(left, right, front, back);
  const c = Math.abs(dx) / length;
  const s = Math.abs(dz) / length;
  const a = dx >= 0 ? left : right;
  const b = dz >= 0 ? front : back;
  // An ellipse needs no powers (most limb sections are).
  if (Math.abs(exponent - 2) < 1e-6) return 1 / Math.sqrt((c / a) ** 2 + (s / b) ** 2);
  return 1 / ((c / a) ** exponent + (s / b) ** exponent) ** (1 / exponent);
}

/** Perimeter of the outline, by a fine polygon (the sections are convex for exponents ≥ 1). */
export function sectionPerimeter(section: Section, steps = 720): number {
  let perimeter = 0;
  let previous: [number, number] | null = null;
  let first: [number, number] | null = null;
  for (let i = 0; i < steps; i += 1) {
    const angle = (2 * Math.PI * i) / steps;
    const r = sectionRadius(section, Math.cos(angle), Math.sin(angle));
    const point: [number, number] = [r * Math.cos(angle), r * Math.sin(angle)];
    if (previous) perimeter += Math.hypot(point[0] - previous[0], point[1] - previous[1]);
    else first = point;
    previous = point;
  }
  return perimeter + Math.hypot(first![0] - previous![0], first![1] - previous![1]);
}

const exponentRange = [1.4, 6] as const;

function bisect(f: (x: number) => number, low: number, high: number): number {
  for (let i = 0; i < 50; i += 1) {
    const mid = (low + high) / 2;
    if (f(mid) > 0) high = mid;
    else low = mid;
  }
  return (low + high) / 2;
}

/**
 * The section with these half-extents whose perimeter is `girthMm`: the exponent is solved for;
 * when no exponent in range reaches the girth, the exponent stays at the end of its range and the
 * front and back extents are scaled instead (the depth gives way, as soft tissue does).
 */
export function sectionWithGirth(extents: Omit<Section, 'exponent'>, girthMm: number): Section {
  const at = (exponent: number, depthScale = 1): Section => ({
    ...extents,
    front: extents.front * depthScale,
    back: extents.back * depthScale,
    exponent,
  });
  const [low, high] = exponentRange;
  if (sectionPerimeter(at(low)) > girthMm) {
    const scale = bisect((k) => sectionPerimeter(at(low, k)) - girthMm, 0.2, 1);
    return at(low, scale);
  }
  if (sectionPerimeter(at(high)) < girthMm) {
    const scale = bisect((k) => sectionPerimeter(at(high, k)) - girthMm, 1, 5);
    return at(high, scale);
  }
  return at(bisect((n) => sectionPerimeter(at(n)) - girthMm, low, high));
}

/** A round section of a given girth (a circle). */
export function roundSection(girthMm: number, ellipticity = 1): Section {
  if (ellipticity === 1) {
    const radius = girthMm / (2 * Math.PI);
    return { cx: 0, cz: 0, left: radius, right: radius, front: radius, back: radius, exponent: 2 };
  }
  return sectionWithGirth(
    {
      cx: 0,
      cz: 0,
      left: girthMm / (2 * Math.PI),
      right: girthMm / (2 * Math.PI),
      front: (girthMm / (2 * Math.PI)) * ellipticity,
      back: (girthMm / (2 * Math.PI)) * ellipticity,
    },
    girthMm,
  );
}

/** Linear blend of two sections (t = 0 gives a, 1 gives b). */
export function blendSections(a: Section, b: Section, t: number): Section {
  const mix = (x: number, y: number): number => x + (y - x) * t;
  return {
    cx: mix(a.cx, b.cx),
    cz: mix(a.cz, b.cz),
    left: mix(a.left, b.left),
    right: mix(a.right, b.right),
    front: mix(a.front, b.front),
    back: mix(a.back, b.back),
    exponent: mix(a.exponent, b.exponent),
  };
}

/** Grows every extent by `mm` (a garment's ease over the section). */
export function inflateSection(section: Section, mm: number): Section {
  return { ...section, left: section.left + mm, right: section.right + mm, front: section.front + mm, back: section.back + mm };
}
