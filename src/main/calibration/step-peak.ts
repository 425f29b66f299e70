/**
 * Where a step's peak lies between samples, as a fraction of a sample from the largest one (−0.5 to
 * 0.5, towards `after` when positive): the vertex of the parabola through the largest step and its
 * two neighbours. A flat or upturned top gives 0.
 */
export function stepPeakOffset(before: number, peak: number, after: number): number {
  const curvature = before - 2 * peak + after;
  return curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (before - after)) / curvature)) : 0;
}
