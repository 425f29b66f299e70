import type { Measurement } from '../api/generated/openapi';

/** The contract's nine measurements, in the order a customer reads them. */
export const headlineMeasurements = ['height', 'chest', 'waist', 'hip', 'inseam', 'shoulder_width', 'arm_length', 'thigh', 'neck'] as const;

/** The headline measurements the avatar has, in headline order. */
export function headlineMeasurementsOf(measurements: readonly Measurement[]): Measurement[] {
  return headlineMeasurements.flatMap((name) => measurements.filter((measurement) => measurement.name === name));
}
