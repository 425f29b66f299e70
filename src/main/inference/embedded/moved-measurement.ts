import type { MeasurementValue } from '../../avatars/types.js';
import { baseMeasurementName } from './fit-uncertainty.js';

/** The measurement at a new value, kept to a thousandth of a centimetre like every figure the fit gives. */
export function movedTo(measurement: MeasurementValue, valueCm: number): MeasurementValue {
  return { ...measurement, valueCm: Math.round(valueCm * 1e3) / 1e3 };
}

/** Each measurement whose girth (hull or `_skin` reading) has an offset, moved by it; the rest as they are. */
export function withOffsetsCm(measurements: MeasurementValue[], offsetsCm: Readonly<Partial<Record<string, number>>>): MeasurementValue[] {
  return measurements.map((measurement) => {
    const offset = offsetsCm[baseMeasurementName(measurement.name)];
    return offset === undefined ? measurement : movedTo(measurement, measurement.valueCm + offset);
  });
}
