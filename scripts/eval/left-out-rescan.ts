/**
 * Scans repeated with one input staff or a POS system may leave out (the clothing class, the shoes,
 * the gender), so the report can set what the pipeline reads then beside staff's right choice: the
 * first subjects are scanned again from the same photos and height with that input as the API takes
 * it when it is absent, and each girth's error and stated SD are kept both ways. default-clothing.ts,
 * default-shoes.ts and default-gender.ts build their sections on this.
 */
import { ScanRejectedError, type ScanInput, type ScanResult } from '../../src/main/inference/pipeline.js';
import type { InputSet, RescanOptions, SubjectRecord } from './scan-population.js';
import { staffInputs } from './scan-population.js';
import { summarizeErrors } from './statistics.js';

/** The girths the tables show; the thigh and the calf are recorded too (clothes and scale reach them), and counted in the coverage. */
const girths = ['chest', 'waist', 'hip'] as const;
const recordedGirths = [...girths, 'thigh', 'calf'] as const;
type Girth = (typeof recordedGirths)[number];
/** What the API takes each input as when a request leaves it out. */
const absentInput = { clothing: null, shoes: null, gender: 'neutral' } as const satisfies Partial<ScanInput>;
export type LeftOutInput = keyof typeof absentInput;

/** The input sets with a typed height: the kiosk's usual scan and the one with a profile. */
export const rescannedInputSets = ['front+height', 'front+side+height'] as const satisfies readonly InputSet[];

export interface LeftOutErrors {
  subjectId: string;
  inputSet: (typeof rescannedInputSets)[number];
  /** Estimate − truth per girth (cm) with staff's choice (the population's scan) and with the input left out; absent where refused. */
  chosenErrorCm: Partial<Record<Girth, number>>;
  defaultErrorCm: Partial<Record<Girth, number>>;
  /** The SD each scan stated per girth (cm; null where the pipeline states none). */
  chosenSdCm: Partial<Record<Girth, number | null>>;
  defaultSdCm: Partial<Record<Girth, number | null>>;
  /** The refusal code of the scan with the input left out (null: accepted). */
  refusal: string | null;
}

/**
 * Each of the first `options.count` subjects scanned again per input set with `leftOut` absent;
 * `describe` adds what the section shows of the subject and of the scan's result (null: refused).
 */
export async function rescanLeftOut<Record extends LeftOutErrors>(
  options: RescanOptions,
  leftOut: LeftOutInput,
  describe: (subject: SubjectRecord, result: ScanResult | null) => Omit<Record, keyof LeftOutErrors>,
): Promise<Record[]> {
  const records: Record[] = [];
  for (const subject of options.subjects.slice(0, options.count)) {
    const paths = options.photos.get(subject.id);
    if (!paths) continue;
    for (const inputSet of rescannedInputSets) {
      const original = options.scans.find(
        (scan) => scan.subjectId === subject.id && scan.pipeline === options.pipeline.info.name && scan.inputSet === inputSet,
      );
      if (!original) continue;
      const input: ScanInput = {
        jobId: `${subject.id}-${inputSet}-default-${leftOut}`,
        imagePath: paths.front,
        sideImagePath: inputSet === 'front+height' ? null : paths.side,
        gender: subject.sex,
        heightCm: subject.truth.height,
        ...staffInputs(subject),
        [leftOut]: absentInput[leftOut],
      };
      const errors: LeftOutErrors = {
        subjectId: subject.id,
        inputSet,
        chosenErrorCm: {},
        defaultErrorCm: {},
        chosenSdCm: {},
        defaultSdCm: {},
        refusal: null,
      };
      for (const girth of recordedGirths) {
        const value = original.values[girth];
        if (!value) continue;
        errors.chosenErrorCm[girth] = value.estimateCm - value.truthCm;
        errors.chosenSdCm[girth] = value.sdCm;
      }
      let result: ScanResult | null = null;
      try {
        result = await options.pipeline.run(input, () => {});
        for (const girth of recordedGirths) {
          const value = result.measurements.find((measurement) => measurement.name === girth);
          if (!value) continue;
          errors.defaultErrorCm[girth] = value.valueCm - subject.truth[girth];
          errors.defaultSdCm[girth] = value.sdCm;
        }
      } catch (error) {
        if (!(error instanceof ScanRejectedError)) throw error;
        errors.refusal = error.code;
      }
      records.push({ ...errors, ...describe(subject, result) } as Record);
      const figures = girths.map((girth) => errors.defaultErrorCm[girth]?.toFixed(1) ?? '–').join(' / ');
      options.onProgress(
        `${subject.id} ${inputSet}, ${leftOut} left out: ${errors.refusal ? `refused ${errors.refusal}` : `chest / waist / hip error ${figures} cm`}`,
      );
    }
  }
  return records;
}

const f1 = (value: number): string => value.toFixed(1);
const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
const pct = (share: number): string => (Number.isFinite(share) ? `${Math.round(share * 100)}%` : '–');
const summaryOf = (errorsCm: number[]) => summarizeErrors(errorsCm.map((errorCm) => ({ errorCm, sdCm: null })));

/** Staff's choice, or the input left out. */
type Side = 'chosen' | 'default';
const sideFields = {
  chosen: { errors: 'chosenErrorCm', sds: 'chosenSdCm' },
  default: { errors: 'defaultErrorCm', sds: 'defaultSdCm' },
} as const;

/** The share of the five girths' errors within the SD each scan stated, pooled over the scans. */
function girthCoverage(records: readonly LeftOutErrors[], side: Side): number {
  const { errors, sds } = sideFields[side];
  const samples = records.flatMap((record) =>
    recordedGirths.flatMap((girth) => {
      const errorCm = record[errors][girth];
      return errorCm === undefined ? [] : [{ errorCm, sdCm: record[sds][girth] ?? null }];
    }),
  );
  return summarizeErrors(samples).withinOneSd;
}

/** "MAE (bias)" of each girth, the girth MAE and the ±1 SD coverage, over one side's errors. */
function sideCells(records: readonly LeftOutErrors[], side: Side): string {
  const perGirth = girths.map((girth) => records.flatMap((record) => record[sideFields[side].errors][girth] ?? []));
  const cells = perGirth.map((values) => {
    if (values.length === 0) return '–';
    const { maeCm, biasCm } = summaryOf(values);
    return `${f1(maeCm)} (${signed(biasCm)})`;
  });
  const all = perGirth.flat();
  return [...cells, all.length ? f1(summaryOf(all).maeCm) : '–', pct(girthCoverage(records, side))].join(' | ');
}

/** The scans accepted both ways: figures with staff's choice and with the input left out. */
function acceptedBothWays<Record extends LeftOutErrors>(records: readonly Record[]): Record[] {
  return records.filter((record) => record.refusal === null && Object.keys(record.chosenErrorCm).length > 0);
}

/** The columns every left-out table ends with, after its own. */
const leftOutHeader =
  'chest, chosen | waist, chosen | hip, chosen | girth MAE, chosen | within ±1 SD, chosen | ' +
  'chest, left out | waist, left out | hip, left out | girth MAE, left out | within ±1 SD, left out |';

/**
 * One row: its first cells, the scans accepted both ways (and those refused with the input left
 * out, when `countRefused`), the section's own cells over those scans, then both sides' figures.
 */
function leftOutRow<Record extends LeftOutErrors>(
  firstCells: string,
  records: readonly Record[],
  ownCells: (accepted: Record[]) => string[],
  options: { countRefused: boolean } = { countRefused: true },
): string {
  const both = acceptedBothWays(records);
  const refused = records.length - both.length;
  const scans = options.countRefused && refused > 0 ? `${both.length} (${refused} refused)` : `${both.length}`;
  return `| ${[firstCells, scans, ...ownCells(both), sideCells(both, 'chosen'), sideCells(both, 'default')].join(' | ')} |`;
}

/** A section's table: its groups of scans, and what it shows of them before both sides' figures. */
interface LeftOutTable<Record extends LeftOutErrors> {
  /** The two columns naming a group, e.g. `worn | staff choose`. */
  groupHeader: string;
  /** The section's own columns after the scans' count. */
  ownHeader: readonly string[];
  groups: ReadonlyArray<{ label: string; has: (record: Record) => boolean }>;
  ownCells: (accepted: Record[]) => string[];
}

/** One table per input set rescanned: a row per group with scans, then all of them. */
function leftOutTables<Record extends LeftOutErrors>(records: readonly Record[], table: LeftOutTable<Record>): string[] {
  const lines: string[] = [];
  for (const inputSet of rescannedInputSets) {
    const ofInput = records.filter((record) => record.inputSet === inputSet);
    if (ofInput.length === 0) continue;
    lines.push(
      `### ${inputSet}`,
      '',
      `| ${[table.groupHeader, 'scans', ...table.ownHeader].join(' | ')} | ${leftOutHeader}`,
      `|---|---|${'---:|'.repeat(1 + table.ownHeader.length + 10)}`,
    );
    for (const group of table.groups) {
      const ofGroup = ofInput.filter(group.has);
      if (ofGroup.length > 0) lines.push(leftOutRow(group.label, ofGroup, table.ownCells));
    }
    lines.push(leftOutRow('all |', ofInput, table.ownCells, { countRefused: false }), '');
  }
  return lines;
}

/** What every left-out section says of its tables after its own introduction. */
const tablesExplained =
  'Chest / waist / hip mean absolute error (bias) in cm, over the scans accepted both ways; "within ±1 SD" pools the errors ' +
  'of those three girths, the thigh and the calf against the SD each scan stated.';

/**
 * A report section on one input left out: its heading, `intro` (given how many subjects were
 * scanned again) with what the tables show, then the tables; nothing when no scan was repeated.
 */
export function leftOutSection<Record extends LeftOutErrors>(
  records: readonly Record[],
  section: { heading: string; intro: (subjects: number) => string; table: LeftOutTable<Record> },
): string[] {
  if (records.length === 0) return [];
  const subjects = new Set(records.map((record) => record.subjectId)).size;
  return [`## ${section.heading}`, '', `${section.intro(subjects)} ${tablesExplained}`, '', ...leftOutTables(records, section.table)];
}
