/**
 * The test population: ANSUR II subjects held out of the body model's shape statistics
 * (scripts/body/ansur.ts `isHeldOut`, the rule recorded as `heldOut` in models/body/shape-stats.json),
 * split between a dev seed (for tuning) and a test seed (reported, never tuned on), plus extremes
 * made by rescaling some of them beyond the survey's range.
 */
import { isHeldOut, readSurvey, type Sex, type SurveyTable } from '../body/ansur.js';
import { randomFor } from './random.js';

export const evalSeeds = ['dev', 'test'] as const;
export type EvalSeed = (typeof evalSeeds)[number];

/** How a subject was pushed outside the survey's range (null: as measured). */
export type ExtremeKind = 'short' | 'tall' | 'thin' | 'heavy';

export interface Subject {
  /** Stable id: seed, sex and the survey row, plus the extreme if any. */
  id: string;
  sex: Sex;
  /** 0-based row in the sex's ANSUR II file. */
  surveyRow: number;
  extreme: ExtremeKind | null;
  /** ANSUR II columns (mm; `weightkg` in tenths of a kilogram as in the survey), after any rescaling. */
  dims: Record<string, number>;
  statureCm: number;
  bmi: number;
}

/** Every fourth subject is rescaled into one of these, in turn. */
const extremeCycle: ExtremeKind[] = ['short', 'heavy', 'tall', 'thin'];
const extremeEvery = 4;

export function bmiOf(dims: Record<string, number>): number {
  return dims.weightkg! / 10 / (dims.stature! / 1000) ** 2;
}

function rowRecord(table: SurveyTable, row: Float64Array): Record<string, number> {
  return Object.fromEntries(table.columns.map((column, i) => [column, row[i]!]));
}

/**
 * Which held-out rows a seed may use: held-out rows alternate between dev and test, so tuning on
 * dev never sees a test subject.
 */
export function seedRows(table: SurveyTable, seed: EvalSeed): number[] {
  const heldOut = table.rows.map((_, index) => index).filter(isHeldOut);
  return heldOut.filter((_, k) => (k % 2 === 0) === (seed === 'dev'));
}

/** Columns that are lengths (scale with stature only). Everything else in mm scales with girth. */
const girthFactorExponent: Array<[RegExp, number]> = [
  [/^waist(circumference|breadth)$/, 0.6],
  [/^waistdepth$|^abdominalextension/, 0.75],
  [/^(buttock(circumference|depth)|hipbreadth|hipbreadthsitting)$/, 0.5],
  [/^chest(circumference|breadth|depth)$|^shouldercircumference$|^bideltoidbreadth$/, 0.4],
  [/^(thigh|lowerthigh)circumference$|^thighclearance$/, 0.45],
  [/^(biceps|forearm)circumferenceflexed$/, 0.4],
  [/^neckcircumference(base)?$/, 0.3],
  [/^calfcircumference$/, 0.3],
];

/**
 * Scales a subject to a new stature (isometric: every length and girth by the same factor, weight
 * by its cube) or to a new BMI at the same stature (soft-tissue girths, breadths and depths by the
 * BMI ratio to a per-region power; bones and lengths unchanged). Both are extrapolations of a real
 * subject, documented in the report, not survey data.
 */
export function rescale(dims: Record<string, number>, target: { statureMm?: number; bmi?: number }): Record<string, number> {
  const out = { ...dims };
  if (target.statureMm !== undefined) {
    const s = target.statureMm / dims.stature!;
    for (const column of Object.keys(out)) out[column] = column === 'weightkg' ? dims.weightkg! * s ** 3 : dims[column]! * s;
  }
  if (target.bmi !== undefined) {
    const ratio = target.bmi / bmiOf(out);
    for (const column of Object.keys(out)) {
      const rule = girthFactorExponent.find(([pattern]) => pattern.test(column));
      if (rule) out[column] = out[column]! * ratio ** rule[1];
    }
    out.weightkg = out.weightkg! * ratio;
  }
  return out;
}

function extremeTarget(kind: ExtremeKind, dims: Record<string, number>, random: () => number): { statureMm?: number; bmi?: number } {
  const between = (low: number, high: number): number => low + (high - low) * random();
  switch (kind) {
    case 'short':
      return { statureMm: between(1450, 1520) };
    case 'tall':
      return { statureMm: between(1960, 2050) };
    case 'thin':
      return { bmi: between(17, 18.5) };
    case 'heavy':
      return { bmi: Math.max(bmiOf(dims), between(35, 40)) };
  }
}

/** `count` subjects for a seed, alternating female and male, every fourth one rescaled to an extreme. */
export function drawPopulation(
  seed: EvalSeed,
  count: number,
  tables: Record<Sex, SurveyTable> = { female: readSurvey('female'), male: readSurvey('male') },
): Subject[] {
  const order: Record<Sex, number[]> = { female: [], male: [] };
  for (const sex of ['female', 'male'] as const) {
    const random = randomFor(seed, sex, 'order');
    // Fisher–Yates over the seed's rows: a fixed, seed-specific order.
    const rows = seedRows(tables[sex], seed);
    for (let i = rows.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random.next() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    order[sex] = rows;
  }
  const subjects: Subject[] = [];
  for (let k = 0; k < count; k += 1) {
    const sex: Sex = k % 2 === 0 ? 'female' : 'male';
    const surveyRow = order[sex][Math.floor(k / 2)];
    if (surveyRow === undefined) throw new Error(`the ${seed} seed has only ${order[sex].length} ${sex} subjects`);
    const table = tables[sex];
    let dims = rowRecord(table, table.rows[surveyRow]!);
    const extreme = k % extremeEvery === extremeEvery - 1 ? extremeCycle[Math.floor(k / extremeEvery) % extremeCycle.length]! : null;
    if (extreme) dims = rescale(dims, extremeTarget(extreme, dims, randomFor(seed, sex, surveyRow, 'extreme').next));
    subjects.push({
      id: `${seed}-${sex}-${surveyRow}${extreme ? `-${extreme}` : ''}`,
      sex,
      surveyRow,
      extreme,
      dims,
      statureCm: dims.stature! / 10,
      bmi: bmiOf(dims),
    });
  }
  return subjects;
}
