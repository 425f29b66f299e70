import type { Measurement } from '../api/generated/schemas';

/**
 * The contract's nine measurements, in the order a customer reads them, with what the viewer can
 * draw for each: a girth is a closed ring around the body, a length a straight line.
 */
export const headlineMeasurements = ['height', 'chest', 'waist', 'hip', 'inseam', 'shoulder_width', 'arm_length', 'thigh', 'neck'] as const;
export type HeadlineMeasurement = (typeof headlineMeasurements)[number];

export type MeasurementShape = 'girth' | 'length';

export const shapeOfMeasurement: Record<HeadlineMeasurement, MeasurementShape> = {
  height: 'length',
  chest: 'girth',
  waist: 'girth',
  hip: 'girth',
  inseam: 'length',
  shoulder_width: 'length',
  arm_length: 'length',
  thigh: 'girth',
  neck: 'girth',
};

export function isHeadlineMeasurement(name: string): name is HeadlineMeasurement {
  return (headlineMeasurements as readonly string[]).includes(name);
}

/** The headline measurements the avatar has, in headline order. */
export function headlineMeasurementsOf(measurements: readonly Measurement[]): Measurement[] {
  return headlineMeasurements.flatMap((name) => measurements.filter((measurement) => measurement.name === name));
}
