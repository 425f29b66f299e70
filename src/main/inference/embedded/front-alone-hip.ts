import type { MeasurementValue } from '../../avatars/types.js';
import { movedTo } from './moved-measurement.js';

/**
 * With a side photo the hip is read twice: from the front and side photos fitted together, and
 * from the front photo fitted alone (with a front-only scan's gains and clothing offsets); the
 * scan reports the mean of the two. The side photo hardly tells the hip better than the front
 * photo does (its depth at the widest level carries the profile's garment and mask noise), and the
 * two readings' errors are correlated only 0.76, so their mean is closer than either. Chosen on the
 * dev seed of `npm run eval:embedded` (197 scans): hip MAE with a side photo 2.89 cm, from the
 * front photo alone 2.76, their mean 2.65 (weights 0.4–0.5 within 0.02 cm; 2-fold cross-validation
 * of the weight, 300 random halvings: 2.67); every clothing class but the dress gained, the chest
 * and the waist did not (blends of either cross-validated worse), so they keep the pair's figures.
 */
export const frontAloneHipWeight = 0.5;

const hipReadings: ReadonlySet<string> = new Set(['hip', 'hip_skin']);

/** The avatar's note for a scan whose hip is the blend. */
export const frontAloneHipNote = 'Hip: the mean of its reading from the front and side photos together and from the front photo alone.';

/**
 * The pair's measurements with the hip (hull and skin readings) moved `frontAloneHipWeight` of the
 * way to the front photo's own; a reading the front photo alone lacks stays as the pair's.
 */
export function withFrontAloneHip(withSide: MeasurementValue[], frontAlone: readonly MeasurementValue[]): MeasurementValue[] {
  const alone = new Map(frontAlone.map((measurement) => [measurement.name, measurement.valueCm]));
  return withSide.map((measurement) => {
    const aloneCm = hipReadings.has(measurement.name) ? alone.get(measurement.name) : undefined;
    return aloneCm === undefined
      ? measurement
      : movedTo(measurement, measurement.valueCm + frontAloneHipWeight * (aloneCm - measurement.valueCm));
  });
}
