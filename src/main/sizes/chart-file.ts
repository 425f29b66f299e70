import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SizeChart } from './chart-schema.js';
import { parseChartCsv } from './chart-csv.js';
import { SizeChartError } from './errors.js';
import { parseSizeChart } from './parse-chart.js';

/** Reads a chart file: `.csv` as the CSV import, anything else as the JSON format. */
export async function readChartFile(path: string): Promise<SizeChart> {
  const text = await readFile(path, 'utf8');
  return parseChartText(text, extname(path).toLowerCase() === '.csv' ? 'csv' : 'json', path);
}

export function parseChartText(text: string, kind: 'csv' | 'json', origin: string): SizeChart {
  if (kind === 'csv') return parseChartCsv(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SizeChartError('invalid_chart', `Invalid size chart ${origin}: not valid JSON (${(error as Error).message})`);
  }
  return parseSizeChart(value, `size chart ${origin}`);
}
