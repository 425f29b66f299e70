import { solveSpd } from '../body/matrix.js';
import type { ShapeStats } from '../body/shape-stats.js';
import { supportedStatureCm } from '../scans/supported-stature.js';
import type { AvatarWarning, MeasurementValue } from './types.js';

/** Our measurement names and the survey (ANSUR II) columns they correspond to, in mm there. */
const surveyColumns = [
  ['height', 'stature'],
  ['chest', 'chestcircumference'],
  ['waist', 'waistcircumference'],
  ['hip', 'buttockcircumference'],
] as const;

/**
 * The squared Mahalanobis distance of four measurements from the survey's Gaussian follows a
 * chi-square law with 4 degrees of freedom, whose 99.9% quantile is 18.47: one adult in a thousand
 * in the survey lies further out. Beyond it, the body model extrapolates.
 */
export const maxShapeDistanceSquared = 18.47;

/** Squared Mahalanobis distance of height, chest, waist and hip from the survey Gaussian; null when a figure is missing. */
export function surveyDistanceSquared(measurements: readonly MeasurementValue[], stats: ShapeStats): number | null {
  const size = surveyColumns.length;
  const deviation = new Float64Array(size);
  const covariance = new Float64Array(size * size);
  const columnIndex = surveyColumns.map(([, column]) => stats.columns.indexOf(column));
  for (const [i, [name]] of surveyColumns.entries()) {
    const value = measurements.find((measurement) => measurement.name === name)?.valueCm;
    if (value === undefined || columnIndex[i]! < 0) return null;
    deviation[i] = value * 10 - stats.mean[columnIndex[i]!]!;
    for (let j = 0; j < size; j += 1) covariance[i * size + j] = stats.covariance[columnIndex[i]!]![columnIndex[j]!]!;
  }
  const solved = solveSpd(covariance, size, deviation);
  return deviation.reduce((sum, value, i) => sum + value * solved[i]!, 0);
}

/**
 * Loud flags for a body the model does not cover: a stature outside the supported range, or a
 * combination of height and girths further from the survey's adults than one in a thousand of them.
 * The figures are still given, with the warning beside them: a tailor can check them.
 */
export function outOfRangeWarnings(measurements: readonly MeasurementValue[], stats: ShapeStats): AvatarWarning[] {
  const warnings: AvatarWarning[] = [];
  const heightCm = measurements.find((measurement) => measurement.name === 'height')?.valueCm;
  if (heightCm !== undefined && (heightCm < supportedStatureCm.min || heightCm > supportedStatureCm.max)) {
    warnings.push({
      code: 'stature_out_of_range',
      message:
        `The height found, ${heightCm.toFixed(0)} cm, is outside what the body model covers (${supportedStatureCm.min} to ` +
        `${supportedStatureCm.max} cm, adults): ` +
        'these figures are not reliable; take the measurements by hand.',
    });
  }
  const distanceSquared = surveyDistanceSquared(measurements, stats);
  if (distanceSquared !== null && distanceSquared > maxShapeDistanceSquared) {
    warnings.push({
      code: 'shape_out_of_range',
      message:
        `This body's height, chest, waist and hip together lie far outside the adults the body model is built from ` +
        `(distance ${Math.sqrt(distanceSquared).toFixed(1)}; 999 in 1000 of them lie within ` +
        `${Math.sqrt(maxShapeDistanceSquared).toFixed(1)}): ` +
        'the figures are extrapolated; check them with a tape before choosing a size.',
    });
  }
  return warnings;
}
