import { measurementDefinition, surveyValueMm } from '../../body/measurement-definitions.js';
import { conditionalDimensions, type ShapeStats } from '../../body/shape-stats.js';

/**
 * What the survey expects of each named measurement (cm), given these survey columns (cm): the
 * conditional mean of its columns, combined as the measurement's survey definition says. A name
 * without survey columns in these statistics is left out; a given column the statistics lack
 * throws (conditionalDimensions).
 */
export function surveyPredictionsCm(
  stats: ShapeStats,
  givenCm: Readonly<Record<string, number>>,
  names: Iterable<string>,
): Map<string, number> {
  const givenMm = Object.fromEntries(Object.entries(givenCm).map(([column, valueCm]) => [column, valueCm * 10]));
  const conditional = conditionalDimensions(stats, givenMm);
  const meanRow = Object.fromEntries(Object.entries(conditional).map(([column, { mean }]) => [column, mean]));
  const predictions = new Map<string, number>();
  for (const name of names) {
    const definition = measurementDefinition(name);
    const valueMm = definition ? surveyValueMm(definition, meanRow) : null;
    if (valueMm !== null) predictions.set(name, valueMm / 10);
  }
  return predictions;
}
