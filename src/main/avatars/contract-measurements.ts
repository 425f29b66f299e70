import type { ContractMeasurements, MeasurementValue } from './types.js';
import { codedErrorClass } from '../errors.js';

/** The seed's nine measurements: measurement name (definition table) → avatar field. */
export const contractMeasurementFields = {
  height: 'heightCm',
  chest: 'chestCircumferenceCm',
  waist: 'waistCircumferenceCm',
  hip: 'hipCircumferenceCm',
  inseam: 'inseamCm',
  shoulder_width: 'shoulderWidthCm',
  arm_length: 'armLengthCm',
  thigh: 'thighCircumferenceCm',
  neck: 'neckCircumferenceCm',
} as const satisfies Record<string, keyof ContractMeasurements>;

export class MissingMeasurementError extends codedErrorClass('MissingMeasurementError', 'measurement_missing') {}

/** Picks the contract's nine from a pipeline's measurement list; a missing one is an error, never a zero. */
export function contractMeasurementsFrom(measurements: readonly MeasurementValue[]): ContractMeasurements {
  const byName = new Map(measurements.map((m) => [m.name, m.valueCm]));
  const out: Partial<ContractMeasurements> = {};
  for (const [name, field] of Object.entries(contractMeasurementFields)) {
    const value = byName.get(name);
    if (value === undefined || !Number.isFinite(value)) {
      throw new MissingMeasurementError(`The pipeline produced no "${name}" measurement`);
    }
    out[field] = value;
  }
  return out as ContractMeasurements;
}
