import { measurementDefinition, surveyValueMm } from '../../body/measurement-definitions.js';
import { conditionalDimensions, type ShapeStats } from '../../body/shape-stats.js';
import type { MeasurementValue } from '../../avatars/types.js';

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
 * Each gain is one figure for every input, chosen on that dev run; it multiplies the girth's
 * departure (hull and skin reading alike). The waist (read at its landmark) and the other girths
 * departed as far as the bodies did (slopes 0.9–1.1, or a gain under 0.05 cm of MAE).
 */
export const girthDepartureGains: Readonly<Record<'chest' | 'hip', number>> = { chest: 1.15, hip: 0.85 };

/**
 * Each girth of `girthDepartureGains` (and its `_skin` reading) moved its gain times as far from
 * the survey's conditional mean given `statureCm` as it was; every other measurement as it is.
 */
export function withGirthDepartures(measurements: MeasurementValue[], stats: ShapeStats, statureCm: number): MeasurementValue[] {
  const conditional = conditionalDimensions(stats, { stature: statureCm * 10 });
  const meanRow = Object.fromEntries(Object.entries(conditional).map(([column, { mean }]) => [column, mean]));
  const means = new Map<string, { meanCm: number; gain: number }>();
  for (const [girth, gain] of Object.entries(girthDepartureGains)) {
    const definition = measurementDefinition(girth);
    const meanMm = definition ? surveyValueMm(definition, meanRow) : null;
    if (meanMm === null) continue;
    const meanCm = meanMm / 10;
    means.set(girth, { meanCm, gain }).set(`${girth}_skin`, { meanCm, gain });
  }
  if (means.size === 0) return measurements;
  return measurements.map((measurement) => {
    const departure = means.get(measurement.name);
    if (!departure) return measurement;
    const valueCm = departure.meanCm + departure.gain * (measurement.valueCm - departure.meanCm);
    return { ...measurement, valueCm: Math.round(valueCm * 1e3) / 1e3 };
  });
}
