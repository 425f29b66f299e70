import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The ANSUR II survey as the body-model scripts use it: one row of numbers per subject, by column name. */
export interface SurveyTable {
  sex: 'male' | 'female';
  columns: string[];
  rows: Float64Array[];
}

export type Sex = 'male' | 'female';

/** ../shared/data/ansur2/ next to the checkout (override with PERFIT_ANSUR_DIR). */
export function ansurDir(): string {
  return process.env.PERFIT_ANSUR_DIR ?? fileURLToPath(new URL('../../../shared/data/ansur2/', import.meta.url));
}

export function readSurvey(sex: Sex, dir = ansurDir()): SurveyTable {
  const text = readFileSync(`${dir.replace(/\/$/, '')}/${sex}.csv`, 'utf8').trim();
  const [headerLine, ...lines] = text.split(/\r?\n/);
  const header = headerLine!.split(',');
  const numeric = header
    .map((name, index) => ({ name, index }))
    .filter(({ name }) => !['Gender', 'Age', 'Heightin', 'Weightlbs'].includes(name));
  const rows = lines.map((line) => {
    const cells = line.split(',');
    return Float64Array.from(numeric, ({ index }) => Number(cells[index]));
  });
  return { sex, columns: numeric.map(({ name }) => name), rows };
}

/**
 * Subjects held out from building the model: every tenth row (index % 10 === 9). The model's
 * statistics use the others; the evaluation fits betas to the held-out ones.
 */
export function isHeldOut(rowIndex: number): boolean {
  return rowIndex % 10 === 9;
}

export function columnValues(table: SurveyTable, column: string, rows: Float64Array[] = table.rows): Float64Array {
  const index = table.columns.indexOf(column);
  if (index < 0) throw new Error(`ANSUR has no column "${column}"`);
  return Float64Array.from(rows, (row) => row[index]!);
}
