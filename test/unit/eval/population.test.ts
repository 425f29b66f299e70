import { describe, expect, it } from 'vitest';
import type { SurveyTable } from '../../../scripts/body/ansur.js';
import { bmiOf, drawPopulation, rescale, seedRows } from '../../../scripts/eval/population.js';
import { randomFor } from '../../../scripts/eval/random.js';

/** A survey-shaped table whose rows are told apart by a row number column. */
function table(sex: 'male' | 'female', count: number): SurveyTable {
  const columns = ['row', 'stature', 'weightkg', 'waistcircumference', 'chestcircumference', 'crotchheight'];
  const rows = Array.from({ length: count }, (_, i) =>
    Float64Array.from([i, 1600 + (i % 37) * 5, 600 + (i % 23) * 10, 800 + (i % 11) * 10, 950, 800]),
  );
  return { sex, columns, rows };
}
const tables = { female: table('female', 400), male: table('male', 400) };

describe('the evaluation population', () => {
  it('uses only subjects held out of the shape statistics, dev and test never sharing one', () => {
    const dev = new Set(seedRows(tables.male, 'dev'));
    const test = seedRows(tables.male, 'test');
    expect(test.every((row) => row % 10 === 9 && !dev.has(row))).toBe(true);
    expect([...dev].every((row) => row % 10 === 9)).toBe(true);
    expect(dev.size + test.length).toBe(40);
  });

  it('draws the same subjects for the same seed and different ones for the other seed', () => {
    const a = drawPopulation('test', 12, tables);
    const b = drawPopulation('test', 12, tables);
    expect(a).toEqual(b);
    const dev = drawPopulation('dev', 12, tables);
    const testRows = new Set(a.map((subject) => `${subject.sex}-${subject.surveyRow}`));
    expect(dev.some((subject) => testRows.has(`${subject.sex}-${subject.surveyRow}`))).toBe(false);
    // The population's rows are what the table holds, read by their own row column.
    expect(a.filter((subject) => subject.extreme === null).every((subject) => subject.dims.row === subject.surveyRow)).toBe(true);
  });

  it('a larger population starts with the smaller one', () => {
    expect(drawPopulation('dev', 16, tables).slice(0, 8)).toEqual(drawPopulation('dev', 8, tables));
  });

  it('pushes every fourth subject outside the survey: short, heavy, tall, thin in turn', () => {
    const subjects = drawPopulation('test', 16, tables);
    const extremes = subjects.filter((subject) => subject.extreme !== null);
    expect(extremes.map((subject) => subject.extreme)).toEqual(['short', 'heavy', 'tall', 'thin']);
    for (const subject of extremes) {
      if (subject.extreme === 'short') expect(subject.statureCm).toBeLessThan(152.1);
      if (subject.extreme === 'tall') expect(subject.statureCm).toBeGreaterThan(195.9);
      if (subject.extreme === 'heavy') expect(subject.bmi).toBeGreaterThanOrEqual(35);
      if (subject.extreme === 'thin') expect(subject.bmi).toBeLessThanOrEqual(18.5);
    }
  });

  it('rescales isometrically for stature and by soft tissue for BMI', () => {
    const dims = { stature: 1700, weightkg: 700, waistcircumference: 850, crotchheight: 800 };
    const taller = rescale(dims, { statureMm: 1870 });
    expect(taller.crotchheight).toBeCloseTo(880, 6);
    expect(bmiOf(taller)).toBeCloseTo(bmiOf(dims) * 1.1, 6);
    const heavier = rescale(dims, { bmi: 36 });
    expect(bmiOf(heavier)).toBeCloseTo(36, 6);
    expect(heavier.crotchheight).toBe(800);
    expect(heavier.waistcircumference).toBeCloseTo(850 * (36 / bmiOf(dims)) ** 0.6, 6);
  });

  it('seeded draws repeat exactly and differ between keys', () => {
    const draw = (key: string): number[] => Array.from({ length: 5 }, randomFor('test', key).next);
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });
});
