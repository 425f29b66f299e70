import type { Measurement } from '../api/generated/openapi';

/**
 * The start of a figure's `method` when the photos did not show that part of the body well enough
 * to read it and the figure follows from the parts they did (the avatar schema's `method`).
 */
export const regressedMethodPrefix = 'regressed:';

/** Whether the figure was estimated from the customer's build rather than read from the photos. */
export function isRegressed(measurement: Pick<Measurement, 'method'>): boolean {
  return measurement.method.startsWith(regressedMethodPrefix);
}
