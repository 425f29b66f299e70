import { describe, expect, it } from 'vitest';
import { parseChartCsv } from '../../../src/main/sizes/chart-csv.js';
import { SizeChartError } from '../../../src/main/sizes/errors.js';
import { parseSizeChart } from '../../../src/main/sizes/parse-chart.js';
import { handMadeChart } from './chart-factory.js';

function failure(attempt: () => unknown): SizeChartError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof SizeChartError) return error;
    throw error;
  }
  throw new Error('expected a SizeChartError');
}

/** A JSON copy of the hand-made chart with one change, as a file or a request would bring it. */
type EditableChart = Record<string, unknown> & { sizes: Array<{ label: string; ranges: Record<string, unknown> }> };

function edited(edit: (chart: EditableChart) => void): unknown {
  const chart = JSON.parse(JSON.stringify(handMadeChart())) as EditableChart;
  edit(chart);
  return chart;
}

describe('parseSizeChart', () => {
  it('accepts a valid chart unchanged', () => {
    expect(parseSizeChart(handMadeChart())).toEqual(handMadeChart());
  });

  it.each([
    [
      'a misspelt dimension',
      (c: EditableChart) => (c.sizes[0]!.ranges['chset'] = { min_cm: 84, max_cm: 92 }),
      /sizes\.0\.ranges\.chset: unknown dimension "chset"/,
    ],
    [
      'min instead of min_cm',
      (c: EditableChart) => (c.sizes[1]!.ranges['waist'] = { min: 78, max_cm: 86 }),
      /sizes\.1\.ranges\.waist: unknown field\(s\) min: a range has min_cm and max_cm/,
    ],
    [
      'gender instead of gender_line',
      (c: EditableChart) => {
        c['gender'] = c['gender_line'];
        delete c['gender_line'];
      },
      /gender_line must be one of: men, women, unisex.*unknown field\(s\) gender/,
    ],
    [
      'a camelCase field',
      (c: EditableChart) => {
        c['labelSystem'] = 'eu';
      },
      /unknown field\(s\) labelSystem/,
    ],
    [
      'min above max',
      (c: EditableChart) => (c.sizes[0]!.ranges['chest'] = { min_cm: 95, max_cm: 92 }),
      /sizes\.0\.ranges\.chest: min_cm must be less than max_cm/,
    ],
    [
      'a size missing a dimension',
      (c: EditableChart) => delete c.sizes[2]!.ranges['waist'],
      /sizes\.2\.ranges: size "L" has ranges for chest; every size must have the same dimensions as the first \(chest, waist\)/,
    ],
    ['sizes not smallest first', (c: EditableChart) => c.sizes.reverse(), /size "M" is smaller in chest than "L" before it/],
    ['a label twice', (c: EditableChart) => (c.sizes[1]!.label = 'S'), /sizes\.1\.label: label "S" appears twice/],
    ['an unknown category', (c: EditableChart) => (c['category'] = 'hats'), /: category must be one of: tops, shirts/],
    ['a bad id', (c: EditableChart) => (c['id'] = 'Acme Tops'), /: id must be 1 to 64 characters/],
    [
      'a centimetre as text',
      (c: EditableChart) => (c.sizes[0]!.ranges['chest'] = { min_cm: '84', max_cm: 92 }),
      /sizes\.0\.ranges\.chest\.min_cm: min_cm must be a number \(cm\)/,
    ],
  ])('refuses %s, naming the field', (_name, edit, message) => {
    const error = failure(() => parseSizeChart(edited(edit)));
    expect(error.code).toBe('invalid_chart');
    expect(error.message).toMatch(message);
  });

  it('refuses something that is not an object', () => {
    expect(failure(() => parseSizeChart([])).message).toBe('Invalid size chart: a chart must be a JSON object');
  });
});

describe('parseChartCsv', () => {
  const csv = [
    '# id: test-tops',
    '# version: 1',
    '# brand: Test',
    '# name: Test tops',
    '# category: tops',
    '# gender_line: unisex',
    '# label_system: international',
    '# source: Hand-made for tests.',
    'size,chest_min_cm,chest_max_cm,waist_min_cm,waist_max_cm',
    'S,84,92,70,78',
    'M,92,100,78,86',
    '',
    'L,100,108,86,94',
  ].join('\r\n');

  it('reads the same chart as the JSON one', () => {
    expect(parseChartCsv(csv)).toEqual(handMadeChart());
  });

  it('names the column of a misspelt dimension', () => {
    const error = failure(() => parseChartCsv(csv.replace('waist_min_cm', 'wiast_min_cm')));
    expect(error.code).toBe('invalid_chart_csv');
    expect(error.message).toMatch(/line 9: column 4 "wiast_min_cm" is not <dimension>_min_cm/);
  });

  it('names the line and column of a cell that is not a number', () => {
    expect(failure(() => parseChartCsv(csv.replace('M,92,', 'M,9two,'))).message).toMatch(
      /line 11: column 2 \(chest min_cm\) is "9two", not a number/,
    );
  });

  it('names an unknown metadata key and a short row', () => {
    expect(failure(() => parseChartCsv(csv.replace('# brand:', '# brnad:'))).message).toMatch(/line 3: unknown metadata key "brnad"/);
    expect(failure(() => parseChartCsv(csv.replace('L,100,108,86,94', 'L,100,108'))).message).toMatch(/line 13: 3 cells; the header has 5/);
  });

  it('checks the result with the chart schema', () => {
    const error = failure(() => parseChartCsv(csv.replace('# category: tops', '# category: hats')));
    expect(error.code).toBe('invalid_chart');
    expect(error.message).toMatch(/category must be one of/);
  });
});
