import type { ShapeStats } from '../../body/shape-stats.js';
import type { MeasurementValue } from '../../avatars/types.js';
import { measurementRecord } from '../../body/measure.js';
import { trunkPredictorColumns } from './figures-from-trunk.js';
import { movedTo } from './moved-measurement.js';
import { surveyPredictionsCm } from './survey-prediction.js';

/**
 * Two girths depart from the survey's usual one for the customer's stature by the wrong amount,
 * each for a reason of its own, measured on the dev seed of `npm run eval:embedded` (197 scans per
 * input; slope of the true departure from the survey's conditional mean given stature on the
 * pipeline's, least squares):
 *
 * - **chest**, too little: the photos hardly show it (the arms hang over its sides in the front
 *   photo and overlap its depth in the profile), so the fit leaves it to the prior's pull towards
 *   that build's mean more than any other girth. Slopes 1.22 with a side photo, 1.06 from a front
 *   photo, 1.12 without a height (1.17 within the survey alone, not only the thin and heavy bodies).
 * - **hip**, too much: it is read where the photos show it widest, the largest of nine levels'
 *   readings (local-girth.ts), and the clothes' and mask's noise at each level carries the largest
 *   outwards, away from the build's usual hip. Slope 0.88 with and without a side photo, 0.79
 *   without a height.
 *
 * With a side photo the chest's gain (1.15) is one figure for both inputs, chosen on that dev run
 * (the hip's, 0.85, has given way to withHipTowardTrunk below); a gain multiplies
 * the girth's departure (hull and skin reading alike). The waist (read at its landmark) and the
 * other girths departed as far as the bodies did (slopes 0.9–1.1, or a gain under 0.05 cm of MAE).
 *
 * From a front photo alone the chest shows even less (no profile gives its depth), the waist a
 * little less, and the hip's widest-level reading has less noise to carry outwards. The front-only gains were
 * fitted on the dev run of the front-only offsets (front + height, 197 scans) together with those
 * offsets (front-only-offset.ts): for each gain on a grid, the offsets as each class's mean error,
 * the gain with the smallest MAE. 2-fold cross-validation of that joint fit (200 random halvings):
 * girth MAE 3.94 cm (the gains above, the offsets refitted) → 3.79 cm; chest 4.18 → 3.95, waist
 * 4.31 → 4.26, hip 3.33 → 3.17. With a side photo the same refit moved nothing beyond 0.03 cm.
 */
export const girthDepartureGains: Readonly<Record<'withSide' | 'frontOnly', Readonly<Partial<Record<'chest' | 'waist' | 'hip', number>>>>> =
  {
    withSide: { chest: 1.15 },
    frontOnly: { chest: 1.4, waist: 1.1 },
  };

/**
 * Each girth of `girthDepartureGains` for the photos fitted (and its `_skin` reading) moved its
 * gain times as far from the survey's conditional mean given `statureCm` as it was; every other
 * measurement as it is.
 */
export function withGirthDepartures(
  measurements: MeasurementValue[],
  stats: ShapeStats,
  statureCm: number,
  withSide: boolean,
): MeasurementValue[] {
  const gains = girthDepartureGains[withSide ? 'withSide' : 'frontOnly'];
  const predictions = surveyPredictionsCm(stats, { stature: statureCm }, Object.keys(gains));
  const means = new Map<string, { meanCm: number; gain: number }>();
  for (const [girth, meanCm] of predictions) {
    const gain = gains[girth as keyof typeof gains]!;
    means.set(girth, { meanCm, gain }).set(`${girth}_skin`, { meanCm, gain });
  }
  if (means.size === 0) return measurements;
  return measurements.map((measurement) => {
    const departure = means.get(measurement.name);
    if (!departure) return measurement;
    return movedTo(measurement, departure.meanCm + departure.gain * (measurement.valueCm - departure.meanCm));
  });
}

/**
 * With a side photo, the hip's departure is taken from what the same scan's chest and waist predict
 * (the survey's conditional mean of the hip given the stature and those two girths) instead of from
 * the stature's usual hip (the hip's gain above, 0.85 before): the widest-level reading's outward
 * noise is taken back as before, but a slim or a heavy build is no longer pulled towards the
 * average one. On the dev run of the front-only gains (197 scans per input), the gain on a grid
 * from 0.4 to 1 and 2-fold cross-validation (200 random halvings): front + side + height hip MAE
 * 3.07 → 2.98 cm (in the sample, 0.6–0.7 best: BMI under 18.5 +5.6 → +4.5 cm bias, 35 and over
 * −3.0 → −2.3); without a height 5.48 → 5.48. From a front photo alone the hip is left as read (no gain).
 */
export const hipTowardTrunkGain = 0.65;

/** The hip (hull and skin readings) moved `hipTowardTrunkGain` of the way from its chest-and-waist prediction; the rest as it is. */
export function withHipTowardTrunk(measurements: MeasurementValue[], stats: ShapeStats, statureCm: number): MeasurementValue[] {
  const { chest: chestCm, waist: waistCm } = measurementRecord(measurements);
  if (chestCm === undefined || waistCm === undefined || !trunkPredictorColumns.every((column) => stats.columns.includes(column)))
    return measurements;
  const given = { stature: statureCm, chestcircumference: chestCm, waistcircumference: waistCm };
  const predicted = surveyPredictionsCm(stats, given, ['hip']).get('hip')!;
  return measurements.map((measurement) => {
    if (measurement.name !== 'hip' && measurement.name !== 'hip_skin') return measurement;
    return movedTo(measurement, predicted + hipTowardTrunkGain * (measurement.valueCm - predicted));
  });
}
