import type { PhotoPoint } from './marker-pose.js';

/**
 * Sub-pixel corners of the marker's black square. The detector's corners are pixels of a traced
 * outline, a pixel or two off; a tilt read from a square 25 px deep needs a tenth of that. So each
 * side's edge is found along many short profiles across it (the steepest grey step, placed between
 * samples by a parabola through its neighbours), a straight line is fitted through those edge
 * points, and the corners are where neighbouring lines cross. A blur spreads an edge evenly on both
 * sides, so its steepest point stays on the edge; a corner itself, rounded by the blur, is never
 * sampled.
 */

export interface GreyPhoto {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** Profiles too flat to place an edge on: a step under this many grey levels is noise or shadow. */
const minEdgeContrast = 20;
/** Share of each side sampled, away from the rounded corners. */
const sampledSpan = [0.12, 0.88] as const;

/** The grey level at a point of the photo, pixel (i, j) covering [i, i + 1) × [j, j + 1), as the pinhole's centre at width / 2 takes it. */
function greyAt(photo: GreyPhoto, atX: number, atY: number): number | null {
  const x = atX - 0.5;
  const y = atY - 0.5;
  if (!(x >= 0 && y >= 0 && x <= photo.width - 1 && y <= photo.height - 1)) return null;
  const x0 = Math.min(Math.floor(x), photo.width - 2);
  const y0 = Math.min(Math.floor(y), photo.height - 2);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number): number => photo.data[yy * photo.width + xx]!;
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

interface Line {
  /** A point on the line and its unit direction. */
  px: number;
  py: number;
  dx: number;
  dy: number;
}

/** Total least squares: the line through the points' mean along their main direction. */
function fitLine(points: PhotoPoint[]): Line {
  const mx = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const my = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const point of points) {
    sxx += (point.x - mx) ** 2;
    sxy += (point.x - mx) * (point.y - my);
    syy += (point.y - my) ** 2;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { px: mx, py: my, dx: Math.cos(angle), dy: Math.sin(angle) };
}

const distanceToLine = (line: Line, point: PhotoPoint): number => Math.abs((point.x - line.px) * line.dy - (point.y - line.py) * line.dx);

function intersect(a: Line, b: Line): PhotoPoint | null {
  const denominator = a.dx * b.dy - a.dy * b.dx;
  if (Math.abs(denominator) < 1e-9) return null;
  const t = ((b.px - a.px) * b.dy - (b.py - a.py) * b.dx) / denominator;
  return { x: a.px + t * a.dx, y: a.py + t * a.dy };
}

/** Edge points of the side from `from` to `to`, the square's inside (dark) towards `inside`. */
function edgePoints(photo: GreyPhoto, from: PhotoPoint, to: PhotoPoint, inside: PhotoPoint, reachPx: number): PhotoPoint[] {
  const length = Math.hypot(to.x - from.x, to.y - from.y);
  const ux = (to.x - from.x) / length;
  const uy = (to.y - from.y) / length;
  // The normal pointing out of the square.
  let nx = -uy;
  let ny = ux;
  const midX = (from.x + to.x) / 2;
  const midY = (from.y + to.y) / 2;
  if ((inside.x - midX) * nx + (inside.y - midY) * ny > 0) {
    nx = -nx;
    ny = -ny;
  }
  const step = 0.25;
  const count = Math.round((2 * reachPx) / step) + 1;
  const samples = Math.max(8, Math.min(200, Math.round(length * (sampledSpan[1] - sampledSpan[0]))));
  const points: PhotoPoint[] = [];
  const profile = new Float64Array(count);
  for (let k = 0; k < samples; k++) {
    const along = length * (sampledSpan[0] + ((sampledSpan[1] - sampledSpan[0]) * (k + 0.5)) / samples);
    const bx = from.x + ux * along;
    const by = from.y + uy * along;
    let complete = true;
    for (let i = 0; i < count; i++) {
      const offset = -reachPx + i * step;
      const grey = greyAt(photo, bx + nx * offset, by + ny * offset);
      if (grey === null) {
        complete = false;
        break;
      }
      profile[i] = grey;
    }
    if (!complete || profile[count - 1]! - profile[0]! < minEdgeContrast) continue;
    // Dark inside to light outside: where the profile crosses halfway between its two ends, next to
    // its steepest rise. Halfway is where a blurred or pixel-averaged step stood, whatever part of a
    // pixel it fell in; the steepest sample alone is off by up to half a pixel along a level edge.
    const dark = (profile[0]! + profile[1]! + profile[2]!) / 3;
    const light = (profile[count - 1]! + profile[count - 2]! + profile[count - 3]!) / 3;
    const half = (dark + light) / 2;
    let best = 1;
    for (let i = 1; i < count - 1; i++) if (profile[i + 1]! - profile[i - 1]! > profile[best + 1]! - profile[best - 1]!) best = i;
    let below = best;
    while (below > 0 && profile[below]! > half) below--;
    while (below < count - 2 && profile[below + 1]! <= half) below++;
    const rise = profile[below + 1]! - profile[below]!;
    if (!(profile[below]! <= half && rise > 0)) continue;
    const offset = -reachPx + (below + (half - profile[below]!) / rise) * step;
    points.push({ x: bx + nx * offset, y: by + ny * offset });
  }
  return points;
}

/** Fits a side's line, then again without the points that stray from it (a speck of dirt, a fold). */
function robustLine(points: PhotoPoint[]): Line | null {
  if (points.length < 6) return null;
  let line = fitLine(points);
  for (let round = 0; round < 2; round++) {
    const distances = points.map((point) => distanceToLine(line, point)).sort((a, b) => a - b);
    const limit = Math.max(0.5, 3 * distances[Math.floor(distances.length / 2)]!);
    const kept = points.filter((point) => distanceToLine(line, point) <= limit);
    if (kept.length < 6) return null;
    line = fitLine(kept);
  }
  return line;
}

/**
 * The square's corners to a fraction of a pixel, from its rough corners (in order round it), or
 * null when a side has no clean edge to fit (a cut-off, creased or shadowed marker).
 */
export function refineMarkerCorners(photo: GreyPhoto, rough: readonly PhotoPoint[]): PhotoPoint[] | null {
  if (rough.length !== 4) return null;
  const centre = { x: rough.reduce((sum, p) => sum + p.x, 0) / 4, y: rough.reduce((sum, p) => sum + p.y, 0) / 4 };
  let corners = [...rough];
  // Twice: the second pass samples across the first pass's lines, nearer square to the true edges.
  for (const reachShare of [0.12, 0.09]) {
    const shortest = Math.min(
      ...corners.map((corner, i) => Math.hypot(corners[(i + 1) % 4]!.x - corner.x, corners[(i + 1) % 4]!.y - corner.y)),
    );
    const reachPx = Math.max(2.5, Math.min(8, shortest * reachShare));
    const lines: Line[] = [];
    for (let i = 0; i < 4; i++) {
      const line = robustLine(edgePoints(photo, corners[i]!, corners[(i + 1) % 4]!, centre, reachPx));
      if (!line) return null;
      lines.push(line);
    }
    const refined: PhotoPoint[] = [];
    for (let i = 0; i < 4; i++) {
      // Corner i is where the side ending at it meets the side starting at it.
      const corner = intersect(lines[(i + 3) % 4]!, lines[i]!);
      if (!corner || Math.hypot(corner.x - corners[i]!.x, corner.y - corners[i]!.y) > reachPx + 2) return null;
      refined.push(corner);
    }
    corners = refined;
  }
  return corners;
}
