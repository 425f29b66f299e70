import type { MeasurementValue } from '../avatars/types.js';
import { chartDimensions } from './chart-schema.js';
import type { BodyDimension } from './recommend.js';

/** The avatar's measurements a chart can size by, by name (the chart dimensions are measurement names). */
export function bodyDimensionsOf(measurements: readonly MeasurementValue[]): Map<string, BodyDimension> {
  const body = new Map<string, BodyDimension>();
  for (const measurement of measurements) {
    if ((chartDimensions as readonly string[]).includes(measurement.name) && Number.isFinite(measurement.valueCm)) {
      body.set(measurement.name, { valueCm: measurement.valueCm, sdCm: measurement.sdCm });
    }
  }
  return body;
}
