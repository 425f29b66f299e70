import { symmetricEigen } from '../../src/main/body/matrix.js';
import type { ShapeStats } from '../../src/main/body/shape-stats.js';
import { isHeldOut, type SurveyTable } from './ansur.js';
import { shapeColumns } from './generator/body-mesh.js';

/** Columns kept in the statistics beyond the generator's inputs (for conditioning and for checks). */
export const extraColumns = [
  'sleeveoutseam',
  'shoulderlength',
  'weightkg',
  'bideltoidbreadth',
  'span',
  'buttockheight',
  'iliocristaleheight',
  'tenthribheight',
  'wristheight',
  'shouldercircumference',
  'interscyeii',
  'shoulderelbowlength',
] as const;

export const statsColumns: string[] = [...shapeColumns, ...extraColumns];

export const betaCount = 20;

export const heldOutRule = 'ANSUR II rows with index % 10 === 9 (0-based, per sex file) are held out; the statistics use the others';

interface Moments {
  count: number;
  mean: Float64Array;
  covariance: Float64Array;
}

function moments(table: SurveyTable): Moments {
  const indices = statsColumns.map((column) => {
    const index = table.columns.indexOf(column);
    if (index < 0) throw new Error(`ANSUR has no column "${column}"`);
    return index;
  });
  const rows = table.rows.filter((_, i) => !isHeldOut(i)).map((row) => Float64Array.from(indices, (index) => row[index]!));
  const D = indices.length;
  const mean = new Float64Array(D);
  for (const row of rows) for (let d = 0; d < D; d++) mean[d] = mean[d]! + row[d]! / rows.length;
  const covariance = new Float64Array(D * D);
  for (const row of rows) {
    for (let i = 0; i < D; i++) {
      const di = row[i]! - mean[i]!;
      for (let j = 0; j < D; j++) covariance[i * D + j] = covariance[i * D + j]! + (di * (row[j]! - mean[j]!)) / (rows.length - 1);
    }
  }
  return { count: rows.length, mean, covariance };
}

/** An equal-weight mixture of the two sexes (the population a "neutral" model stands for). */
function mixture(a: Moments, b: Moments): Moments {
  const D = a.mean.length;
  const mean = Float64Array.from(a.mean, (value, d) => (value + b.mean[d]!) / 2);
  const covariance = new Float64Array(D * D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      const between = ((a.mean[i]! - b.mean[i]!) * (a.mean[j]! - b.mean[j]!)) / 4;
      covariance[i * D + j] = (a.covariance[i * D + j]! + b.covariance[i * D + j]!) / 2 + between;
    }
  }
  return { count: a.count + b.count, mean, covariance };
}

function toStats(sex: ShapeStats['sex'], m: Moments): ShapeStats {
  const D = statsColumns.length;
  const sd = Array.from({ length: D }, (_, d) => Math.sqrt(m.covariance[d * D + d]!));
  const S = shapeColumns.length;
  const shapeIndex = shapeColumns.map((column) => statsColumns.indexOf(column));
  const correlation = new Float64Array(S * S);
  for (let i = 0; i < S; i++) {
    for (let j = 0; j < S; j++) {
      const a = shapeIndex[i]!;
      const b = shapeIndex[j]!;
      correlation[i * S + j] = m.covariance[a * D + b]! / (sd[a]! * sd[b]!);
    }
  }
  const { values, vectors } = symmetricEigen(correlation, S);
  const round = (value: number, digits: number): number => Number(value.toPrecision(digits));
  return {
    sex,
    source: 'ANSUR II (2012 US Army Anthropometric Survey), public release; see ../shared/data/ansur2/README.md',
    licence: 'Derived from public-domain US Government data; the derived statistics are released under CC0-1.0 by the Perfit Kiosk project',
    sampleCount: m.count,
    heldOut: heldOutRule,
    columns: statsColumns,
    mean: Array.from(m.mean, (value) => round(value, 8)),
    sd: sd.map((value) => round(value, 8)),
    covariance: Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => round(m.covariance[i * D + j]!, 8))),
    shapeColumns: [...shapeColumns],
    components: Array.from({ length: betaCount }, (_, k) => Array.from({ length: S }, (_, d) => round(vectors[k * S + d]!, 9))),
    componentVariances: Array.from(values.subarray(0, betaCount), (value) => round(value, 9)),
  };
}

export function surveyStats(male: SurveyTable, female: SurveyTable): Record<'male' | 'female' | 'neutral', ShapeStats> {
  const m = moments(male);
  const f = moments(female);
  return { male: toStats('male', m), female: toStats('female', f), neutral: toStats('neutral', mixture(m, f)) };
}
