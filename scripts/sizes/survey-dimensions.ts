import { measurementDefinition } from '../../src/main/body/measurement-definitions.js';
import type { ChartDimension } from '../../src/main/sizes/chart-schema.js';
import type { SurveyTable } from '../body/ansur.js';

/**
 * A chart dimension of each survey subject, in cm, from the survey columns its measurement
 * definition names (the one table the body model and its evaluation read too). ANSUR is in mm.
 */
export function surveyDimension(table: SurveyTable, dimension: ChartDimension, rows: readonly Float64Array[] = table.rows): Float64Array {
  const definition = measurementDefinition(dimension);
  if (!definition?.survey) throw new Error(`measurement "${dimension}" has no survey definition`);
  const terms = definition.survey.columns.map(({ column, sign }) => {
    const index = table.columns.indexOf(column);
    if (index < 0) throw new Error(`ANSUR has no column "${column}" (for ${dimension})`);
    return { index, sign };
  });
  return Float64Array.from(rows, (row) => terms.reduce((sum, { index, sign }) => sum + sign * row[index]!, 0) / 10);
}
