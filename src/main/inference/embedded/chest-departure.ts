import { measurementDefinition } from '../../body/measurement-definitions.js';
import { conditionalDimensions, type ShapeStats } from '../../body/shape-stats.js';
import type { MeasurementValue } from '../../avatars/types.js';

/**
 * The fitted chest departs from the survey's usual chest for the customer's stature by less than
 * the customer's own does. The photos hardly show it: in the front photo the arms hang over the
 * chest's sides, in the profile they overlap its depth, so the fit leaves the chest to the survey
 * prior's pull towards that build's mean more than any other girth; the waist and hip are read
 * from the outline at their own height (local-girth.ts) and are not pulled. On the dev seed of
 * `npm run eval:embedded` (197 scans per input) the true chest's departure from the survey's
 * conditional mean given stature was 1.22× the fitted chest's with a side photo, 1.06× from a front
 * photo and 1.12× without a height (least squares); one gain for every input, chosen on the same
 * run, brought the chest MAE from 3.75 / 5.44 / 5.59 to 3.52 / 5.35 / 5.52 cm.
 */
export const chestDepartureGain = 1.15;

/** Girths stretched away from the survey's conditional mean: the chest and its skin-tight reading. */
const stretchedGirths: ReadonlySet<string> = new Set(['chest', 'chest_skin']);

/**
 * The chest (and chest_skin) moved `chestDepartureGain` times as far from the survey's conditional
 * mean given `statureCm` as the fit put it; every other measurement as it is.
 */
export function withChestDeparture(measurements: MeasurementValue[], stats: ShapeStats, statureCm: number): MeasurementValue[] {
  const survey = measurementDefinition('chest')?.survey;
  if (!survey || survey.columns.some(({ column }) => !stats.columns.includes(column))) return measurements;
  const conditional = conditionalDimensions(stats, { stature: statureCm * 10 });
  const meanCm = survey.columns.reduce((sum, { column, sign }) => sum + sign * conditional[column]!.mean, 0) / 10;
  return measurements.map((measurement) => {
    if (!stretchedGirths.has(measurement.name)) return measurement;
    const valueCm = meanCm + chestDepartureGain * (measurement.valueCm - meanCm);
    return { ...measurement, valueCm: Math.round(valueCm * 1e3) / 1e3 };
  });
}
