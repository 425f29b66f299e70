import type { MeasurementValue } from '../../src/main/avatars/types.js';

/** One measured figure with a fixed SD and method, for tests of the steps that move figures. */
export const measuredValue = (name: string, valueCm: number): MeasurementValue => ({
  name,
  valueCm,
  sdCm: 2,
  method: 'convex_hull_perimeter',
});

/** The trunk's girths as a scan gives them (hull and skin readings), a breadth among them, and the thigh. */
export const measuredTrunk: MeasurementValue[] = [
  measuredValue('chest', 100),
  measuredValue('chest_skin', 98),
  measuredValue('chest_breadth', 33),
  measuredValue('waist', 90),
  measuredValue('waist_skin', 88),
  measuredValue('hip', 100),
  measuredValue('thigh', 55),
];
