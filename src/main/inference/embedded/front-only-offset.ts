import type { MeasurementValue } from '../../avatars/types.js';
import type { ClothingClass } from '../../scans/capture-conditions.js';
import { baseMeasurementName } from './fit-uncertainty.js';

/**
 * Without a profile, a girth's depth is what the survey prior expects for the breadths the front
 * photo shows, and each clothing class leaves its own error in it: under a regular shirt and
 * trousers the front-only hip came out 2.7 cm small, under loose clothes 2.4 cm large, while a
 * side photo leaves the same bodies within about 1 cm. On the dev seed of `npm run eval:embedded`
 * (front + height, 197 scans) the mean error of each girth by the class staff chose was:
 *
 * | clothing | scans | chest | waist | hip |
 * |---|---:|---:|---:|---:|
 * | tight (bare or tight) | 80 | −0.2 cm | −0.3 cm | −1.7 cm |
 * | regular | 40 | −1.0 cm | −1.2 cm | −2.7 cm |
 * | loose | 38 | +1.5 cm | +2.8 cm | +2.4 cm |
 * | dress | 39 | +2.3 cm | +0.5 cm | +0.2 cm |
 *
 * Each is taken off a front-only scan. 2-fold cross-validation on those dev scans (300 random
 * halvings, the means of one half taken off the other): girth MAE 4.09 → 3.94 cm. With a side
 * photo the same table cross-validated to nothing (3.02 → 3.05 cm), so those scans keep their figures.
 */
export const frontOnlyOffsetCm: Readonly<Record<ClothingClass, Readonly<Record<'chest' | 'waist' | 'hip', number>>>> = {
  tight: { chest: 0.2, waist: 0.3, hip: 1.7 },
  regular: { chest: 1, waist: 1.2, hip: 2.7 },
  loose: { chest: -1.5, waist: -2.8, hip: -2.4 },
  dress: { chest: -2.3, waist: -0.5, hip: -0.2 },
};

/**
 * The chest, waist and hip (hull and skin readings) moved by the clothing class's front-only offset
 * when only a front photo was fitted; everything else, and every scan with a profile, as it is.
 */
export function withFrontOnlyOffset(measurements: MeasurementValue[], clothing: ClothingClass, withSide: boolean): MeasurementValue[] {
  if (withSide) return measurements;
  const offsets = frontOnlyOffsetCm[clothing];
  return measurements.map((measurement) => {
    const offset = offsets[baseMeasurementName(measurement.name) as keyof typeof offsets];
    return offset === undefined ? measurement : { ...measurement, valueCm: Math.round((measurement.valueCm + offset) * 1e3) / 1e3 };
  });
}
