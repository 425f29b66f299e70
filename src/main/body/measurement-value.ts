/** One measurement of a body, as the measurement engine gives it. */
export interface MeasurementValue {
  /** Name from the measurement definition table (measurement-definitions.ts). */
  name: string;
  valueCm: number;
  /** One standard deviation of the estimate, in cm; null when the pipeline cannot say. */
  sdCm: number | null;
  /** How the figure was produced: a seed-method convex hull, a skin-following contour, a length, … */
  method: string;
}
