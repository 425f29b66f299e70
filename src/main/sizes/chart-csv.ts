import { chartDimensions, chartFormat, type ChartDimension, type SizeChart } from './chart-schema.js';
import { SizeChartError } from './errors.js';
import { parseSizeChart } from './parse-chart.js';

const metadataKeys = ['id', 'version', 'brand', 'name', 'category', 'gender_line', 'label_system', 'source'] as const;
const rangeColumn = /^([a-z_]+)_(min|max)_cm$/;

/**
 * A chart from CSV (docs/size-charts.md): `# key: value` lines for the chart's fields, then a header
 * `size,chest_min_cm,chest_max_cm,…` and one row per size, smallest first. The result is checked by
 * the same schema as a JSON chart; CSV-level mistakes name their line and column.
 */
export function parseChartCsv(text: string): SizeChart {
  const metadata: Record<string, unknown> = { format: chartFormat };
  const rows: Array<{ line: number; cells: string[] }> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith('#')) {
      const separator = line.indexOf(':');
      if (separator < 0) throw csvError(index + 1, `a metadata line is "# key: value"`);
      const key = line.slice(1, separator).trim();
      const value = line.slice(separator + 1).trim();
      if (!(metadataKeys as readonly string[]).includes(key))
        throw csvError(index + 1, `unknown metadata key "${key}"; use ${metadataKeys.join(', ')}`);
      metadata[key] = key === 'version' ? Number(value) : value;
      return;
    }
    rows.push({ line: index + 1, cells: line.split(',').map((cell) => cell.trim()) });
  });
  const [header, ...sizeRows] = rows;
  if (!header) throw new SizeChartError('invalid_chart_csv', 'Invalid size chart CSV: no header row (size,chest_min_cm,chest_max_cm,…)');
  if (header.cells[0] !== 'size') throw csvError(header.line, `the first column must be "size", not "${header.cells[0] ?? ''}"`);
  const columns = header.cells.slice(1).map((name, index) => {
    const match = rangeColumn.exec(name);
    const dimension = match?.[1];
    if (!match || !dimension || !(chartDimensions as readonly string[]).includes(dimension)) {
      throw csvError(
        header.line,
        `column ${index + 2} "${name}" is not <dimension>_min_cm or <dimension>_max_cm with a dimension of ${chartDimensions.join(', ')}`,
      );
    }
    return { dimension: dimension as ChartDimension, limit: match[2] === 'min' ? ('min_cm' as const) : ('max_cm' as const) };
  });
  const sizes = sizeRows.map(({ line, cells }) => {
    if (cells.length !== header.cells.length) throw csvError(line, `${cells.length} cells; the header has ${header.cells.length}`);
    const ranges: Record<string, Record<string, number>> = {};
    columns.forEach(({ dimension, limit }, index) => {
      const cell = cells[index + 1]!;
      const value = Number(cell);
      if (cell === '' || !Number.isFinite(value))
        throw csvError(line, `column ${index + 2} (${dimension} ${limit}) is "${cell}", not a number`);
      (ranges[dimension] ??= {})[limit] = value;
    });
    return { label: cells[0], ranges };
  });
  return parseSizeChart({ ...metadata, sizes }, 'size chart CSV');
}

function csvError(line: number, message: string): SizeChartError {
  return new SizeChartError('invalid_chart_csv', `Invalid size chart CSV, line ${line}: ${message}`);
}
