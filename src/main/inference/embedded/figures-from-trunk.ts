import type { MeasurementValue } from '../../avatars/types.js';
import { measurementRecord } from '../../body/measure.js';
import type { ShapeStats } from '../../body/shape-stats.js';
import { baseMeasurementName } from './fit-uncertainty.js';
import { movedTo } from './moved-measurement.js';
import { surveyPredictionsCm } from './survey-prediction.js';

/**
 * The thigh, the upper arm and the inseam are taken from the trunk the photos show: the survey's
 * conditional mean of each given the scan's stature, chest, waist and hip (after every correction
 * of those), not the fitted body's own. The fitted figures told nothing beyond that prediction: on
 * the dev seed of `npm run eval:embedded` (197 scans per input), the correlation of
 * (true − predicted) with (fitted − predicted) was 0.12 / 0.09 for the thigh from a front photo /
 * with a side photo, and 0.16 / −0.02 for the upper arm; the fitted inseam's departure from the
 * survey's for the stature correlated 0.03 / 0.06 with the true one. The fit compares the legs'
 * outline, but a trouser leg's ease and the legs' overlap at the crotch leave the thigh's own
 * reading mostly noise (bare bodies' fitted thigh read −2.6 cm from a front photo, regular trousers
 * −3.7), the thighs touch in the mask up to the crotch, which hides its height, and the arms are
 * not compared at all. 2-fold cross-validation on that run (200 random halvings), MAE fitted →
 * predicted (cm): thigh 3.36 → 2.74 front + height, 2.73 → 2.53 front + side + height, 3.91 → 3.71
 * without a height; upper arm 2.00 → 1.94, 1.75 → 1.67, 2.28 → 2.23; inseam 2.17 → 2.13,
 * 2.17 → 2.13, 4.43 → 4.44. Keeping a share of the fitted figure's departure (a gain on a grid from
 * 0 to 1) gained under 0.03 cm, so none is kept. All three are therefore regressed, and their
 * `method` says so (body-step.ts).
 */
export const figuresFromTrunk: ReadonlySet<string> = new Set(['thigh', 'upper_arm', 'inseam']);

/** The survey columns the figures are predicted from, in the order of the scan's measurements below. */
export const trunkPredictorColumns = ['stature', 'chestcircumference', 'waistcircumference', 'buttockcircumference'] as const;
const trunkMeasurements = ['height', 'chest', 'waist', 'hip'] as const;

/**
 * Each figure of `figuresFromTrunk` at its prediction from the stature, chest, waist and hip among
 * `measurements`, a girth's `_skin` reading moved by as much as its hull reading; everything as it
 * is when a figure or a survey column is missing.
 */
export function withFiguresFromTrunk(measurements: MeasurementValue[], stats: ShapeStats): MeasurementValue[] {
  return withSurveyPredictions(measurements, stats, trunkPredictorColumns, trunkMeasurements, figuresFromTrunk);
}

/** What predicts a hip a skirt hides: the trunk above it (survey columns, and the scan's measurements in the same order). */
const hipPredictorColumns = ['stature', 'chestcircumference', 'waistcircumference'] as const;
const hipPredictorMeasurements = ['height', 'chest', 'waist'] as const;

/**
 * The hip (hull and skin readings) at the survey's conditional mean given the scan's stature, chest
 * and waist, for a skirt that hides it: the fitted body's hip there follows only the prior's pull
 * from what is seen. On the dev seed's 39 dresses (`npm run eval:embedded -- --seed dev`, the waist
 * read above the skirt) the fitted hip read −2.5 cm (bias) with a side photo and −2.7 from the front
 * alone; the prediction: hip MAE 3.73 → 3.51 and 4.06 → 3.36 cm. Without a typed or calibrated
 * stature (the survey's mean taken) the prediction was worse (5.79 → 6.35), so the caller keeps
 * the fitted hip then.
 */
export function withHiddenHipFromTrunk(measurements: MeasurementValue[], stats: ShapeStats): MeasurementValue[] {
  return withSurveyPredictions(measurements, stats, hipPredictorColumns, hipPredictorMeasurements, ['hip']);
}

/**
 * Each of `targets` among `measurements` at the survey's conditional mean given the survey
 * `columns`, read from the scan's measurements named in the same order; a girth's `_skin` reading
 * is moved by as much as its hull reading. Everything as it is when a predictor is missing here or
 * in the statistics; a target the scan lacks is left out.
 */
function withSurveyPredictions(
  measurements: MeasurementValue[],
  stats: ShapeStats,
  columns: readonly string[],
  predictors: readonly string[],
  targets: Iterable<string>,
): MeasurementValue[] {
  const record = measurementRecord(measurements);
  const given: Record<string, number> = {};
  for (const [index, column] of columns.entries()) {
    const valueCm = record[predictors[index]!];
    if (valueCm === undefined || !stats.columns.includes(column)) return measurements;
    given[column] = valueCm;
  }
  const shiftCm = new Map<string, number>();
  for (const [name, predictedCm] of surveyPredictionsCm(stats, given, targets)) {
    const fittedCm = record[name];
    if (fittedCm !== undefined) shiftCm.set(name, predictedCm - fittedCm);
  }
  return measurements.map((measurement) => {
    const shift = shiftCm.get(baseMeasurementName(measurement.name));
    return shift === undefined ? measurement : movedTo(measurement, measurement.valueCm + shift);
  });
}
