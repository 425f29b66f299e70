/**
 * What a scan reads when staff leave `clothing` out whatever the customer wears. The pipeline then
 * judges the class from the front photo (bare skin reads as `tight`, anything else as `regular`) and
 * takes that class's ease off the outline, so the rest of the report (staff's right choice every
 * time) is the best case; this is the cost of not choosing. The first subjects are scanned again,
 * with their own photos and height, with `clothing` left out.
 */
import { ScanRejectedError, type ScanInput } from '../../src/main/inference/pipeline.js';
import type { ClothingClass as ScanClothingClass } from '../../src/main/scans/capture-conditions.js';
import type { ClothingClass } from './capture-conditions.js';
import { clothingClasses } from './capture-conditions.js';
import type { InputSet, RescanOptions } from './scan-population.js';
import { staffClothingChoice } from './scan-population.js';
import { summarizeErrors } from './statistics.js';

/** The girths the table shows; the thigh and the calf are recorded too (a garment's ease reaches them), and counted in the coverage. */
const girths = ['chest', 'waist', 'hip'] as const;
const recordedGirths = [...girths, 'thigh', 'calf'] as const;
type Girth = (typeof recordedGirths)[number];
/** The input sets with a typed height: the kiosk's usual scan and the one with a profile. */
const rescannedInputSets = ['front+height', 'front+side+height'] as const satisfies readonly InputSet[];

export interface DefaultClothingRecord {
  subjectId: string;
  /** What the subject wears in the photos. */
  worn: ClothingClass;
  inputSet: (typeof rescannedInputSets)[number];
  /** The class the pipeline used with `clothing` left out (null: refused). */
  judged: ScanClothingClass | null;
  /** Estimate − truth per girth (cm) with staff's choice (the population's scan) and with it left out; absent where refused. */
  chosenErrorCm: Partial<Record<Girth, number>>;
  defaultErrorCm: Partial<Record<Girth, number>>;
  /** The SD each scan stated per girth (cm; null where the pipeline states none). */
  chosenSdCm: Partial<Record<Girth, number | null>>;
  defaultSdCm: Partial<Record<Girth, number | null>>;
  /** The refusal code of the scan with it left out (null: accepted). */
  refusal: string | null;
}

export async function scanAtDefaultClothing(options: RescanOptions): Promise<DefaultClothingRecord[]> {
  const records: DefaultClothingRecord[] = [];
  for (const subject of options.subjects.slice(0, options.count)) {
    const paths = options.photos.get(subject.id);
    if (!paths) continue;
    for (const inputSet of rescannedInputSets) {
      const original = options.scans.find(
        (scan) => scan.subjectId === subject.id && scan.pipeline === options.pipeline.info.name && scan.inputSet === inputSet,
      );
      if (!original) continue;
      const input: ScanInput = {
        jobId: `${subject.id}-${inputSet}-default-clothing`,
        imagePath: paths.front,
        sideImagePath: inputSet === 'front+height' ? null : paths.side,
        gender: subject.sex,
        heightCm: subject.truth.height,
        clothing: null,
        shoes: subject.soleMm > 0 ? 'flat' : 'none',
      };
      const record: DefaultClothingRecord = {
        subjectId: subject.id,
        worn: subject.clothing,
        judged: null,
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
        record.chosenErrorCm[girth] = value.estimateCm - value.truthCm;
        record.chosenSdCm[girth] = value.sdCm;
      }
      try {
        const result = await options.pipeline.run(input, () => {});
        record.judged = result.clothing;
        for (const girth of recordedGirths) {
          const value = result.measurements.find((measurement) => measurement.name === girth);
          if (!value) continue;
          record.defaultErrorCm[girth] = value.valueCm - subject.truth[girth];
          record.defaultSdCm[girth] = value.sdCm;
        }
      } catch (error) {
        if (!(error instanceof ScanRejectedError)) throw error;
        record.refusal = error.code;
      }
      records.push(record);
      const errors = girths.map((girth) => record.defaultErrorCm[girth]?.toFixed(1) ?? '–').join(' / ');
      options.onProgress(
        `${subject.id} (${subject.clothing}) ${inputSet}, clothing left out: ${record.refusal ? `refused ${record.refusal}` : `judged ${record.judged}, chest / waist / hip error ${errors} cm`}`,
      );
    }
  }
  return records;
}

const f1 = (value: number): string => value.toFixed(1);
const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
const summaryOf = (errorsCm: number[]) => summarizeErrors(errorsCm.map((errorCm) => ({ errorCm, sdCm: null })));
const pct = (share: number): string => (Number.isFinite(share) ? `${Math.round(share * 100)}%` : '–');

/** Staff's choice, or the class left out. */
type Side = 'chosen' | 'default';
const sideFields = {
  chosen: { errors: 'chosenErrorCm', sds: 'chosenSdCm' },
  default: { errors: 'defaultErrorCm', sds: 'defaultSdCm' },
} as const;

/** The share of the five girths' errors within the SD each scan stated, pooled over the scans. */
function girthCoverage(records: DefaultClothingRecord[], side: Side): number {
  const { errors, sds } = sideFields[side];
  const samples = records.flatMap((record) =>
    recordedGirths.flatMap((girth) => {
      const errorCm = record[errors][girth];
      return errorCm === undefined ? [] : [{ errorCm, sdCm: record[sds][girth] ?? null }];
    }),
  );
  return summarizeErrors(samples).withinOneSd;
}

/** "MAE (bias)" of each girth, then the girth MAE, over the given errors. */
function girthCells(errors: Array<Partial<Record<Girth, number>>>): string[] {
  const perGirth = girths.map((girth) => errors.flatMap((error) => (error[girth] === undefined ? [] : [error[girth]])));
  const cells = perGirth.map((values) => {
    if (values.length === 0) return '–';
    const { maeCm, biasCm } = summaryOf(values);
    return `${f1(maeCm)} (${signed(biasCm)})`;
  });
  const all = perGirth.flat();
  return [...cells, all.length ? f1(summaryOf(all).maeCm) : '–'];
}

/** One row of a section's table: its first cells, then the scans accepted both ways, judged tight, and each side's figures. */
function tableRow(
  firstCells: string,
  records: DefaultClothingRecord[],
  options: { countRefused: boolean } = { countRefused: true },
): string {
  // Accepted both ways: figures with staff's choice and with it left out.
  const both = records.filter((record) => record.refusal === null && Object.keys(record.chosenErrorCm).length > 0);
  const refused = records.length - both.length;
  const scans = options.countRefused && refused > 0 ? `${both.length} (${refused} refused)` : `${both.length}`;
  const judgedTight = both.filter((record) => record.judged === 'tight').length;
  const cells = (side: Side): string =>
    [...girthCells(both.map((record) => record[sideFields[side].errors])), pct(girthCoverage(both, side))].join(' | ');
  return `| ${firstCells} | ${scans} | ${judgedTight}/${both.length} | ${cells('chosen')} | ${cells('default')} |`;
}

/** The report's section on scans with the clothing class left out. */
export function formatDefaultClothing(records: DefaultClothingRecord[], pipeline: string): string[] {
  if (records.length === 0) return [];
  const subjects = new Set(records.map((record) => record.subjectId)).size;
  const lines = [
    `## ${pipeline}: clothing left out`,
    '',
    `The pipeline takes the ease of the clothing class staff choose off the outline. The tables above give every scan staff's right choice. Here the first ${subjects} subjects are scanned again from the same photos and height with \`clothing\` left out: the pipeline judges it from the front photo, \`tight\` where the trunk and thighs show bare skin (the face's colour), otherwise \`regular\` (scripts/eval/default-clothing.ts). "Judged tight" counts the scans it read as bare skin. Chest / waist / hip mean absolute error (bias) in cm, over the scans accepted both ways; "within ±1 SD" pools the errors of those three girths, the thigh and the calf against the SD each scan stated.`,
    '',
  ];
  for (const inputSet of rescannedInputSets) {
    const ofInput = records.filter((record) => record.inputSet === inputSet);
    if (ofInput.length === 0) continue;
    lines.push(
      `### ${inputSet}`,
      '',
      '| worn | staff choose | scans | judged tight | chest, chosen | waist, chosen | hip, chosen | girth MAE, chosen | within ±1 SD, chosen | chest, left out | waist, left out | hip, left out | girth MAE, left out | within ±1 SD, left out |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const worn of clothingClasses) {
      const ofClass = ofInput.filter((record) => record.worn === worn);
      if (ofClass.length > 0) lines.push(tableRow(`${worn} | \`${staffClothingChoice[worn]}\``, ofClass));
    }
    lines.push(tableRow('all |', ofInput, { countRefused: false }), '');
  }
  return lines;
}
