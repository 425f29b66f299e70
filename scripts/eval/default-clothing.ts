/**
 * What a scan reads when staff leave `clothing` at its default whatever the customer wears. The
 * pipeline takes the chosen class's ease off the outline and does not judge the clothing from the
 * photos, so the rest of the report (staff's right choice every time) is the best case; this is
 * the cost of not choosing. The first subjects who wear something other than the default's class
 * are scanned again, with their own photos and height, at the default.
 */
import { defaultClothing } from '../../src/main/scans/capture-conditions.js';
import { ScanRejectedError, type ScanInput } from '../../src/main/inference/pipeline.js';
import type { ClothingClass } from './capture-conditions.js';
import { clothingClasses } from './capture-conditions.js';
import type { InputSet, RescanOptions } from './scan-population.js';
import { staffClothingChoice } from './scan-population.js';
import { summarizeErrors } from './statistics.js';

const girths = ['chest', 'waist', 'hip'] as const;
type Girth = (typeof girths)[number];
/** The input sets with a typed height: the kiosk's usual scan and the one with a profile. */
const rescannedInputSets = ['front+height', 'front+side+height'] as const satisfies readonly InputSet[];

export interface DefaultClothingRecord {
  subjectId: string;
  /** What the subject wears in the photos. */
  worn: ClothingClass;
  inputSet: (typeof rescannedInputSets)[number];
  /** Estimate − truth per girth (cm) with staff's choice (the population's scan) and at the default; absent where refused. */
  chosenErrorCm: Partial<Record<Girth, number>>;
  defaultErrorCm: Partial<Record<Girth, number>>;
  /** The refusal code of the scan at the default (null: accepted). */
  refusal: string | null;
}

export async function scanAtDefaultClothing(options: RescanOptions): Promise<DefaultClothingRecord[]> {
  const records: DefaultClothingRecord[] = [];
  const rescanned = options.subjects.slice(0, options.count).filter((subject) => staffClothingChoice[subject.clothing] !== defaultClothing);
  for (const subject of rescanned) {
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
        clothing: defaultClothing,
        shoes: subject.soleMm > 0 ? 'flat' : 'none',
      };
      const record: DefaultClothingRecord = {
        subjectId: subject.id,
        worn: subject.clothing,
        inputSet,
        chosenErrorCm: {},
        defaultErrorCm: {},
        refusal: null,
      };
      for (const girth of girths) {
        const value = original.values[girth];
        if (value) record.chosenErrorCm[girth] = value.estimateCm - value.truthCm;
      }
      try {
        const result = await options.pipeline.run(input, () => {});
        for (const girth of girths) {
          const value = result.measurements.find((measurement) => measurement.name === girth);
          if (value) record.defaultErrorCm[girth] = value.valueCm - subject.truth[girth];
        }
      } catch (error) {
        if (!(error instanceof ScanRejectedError)) throw error;
        record.refusal = error.code;
      }
      records.push(record);
      const errors = girths.map((girth) => record.defaultErrorCm[girth]?.toFixed(1) ?? '–').join(' / ');
      options.onProgress(
        `${subject.id} (${subject.clothing}) ${inputSet} at ${defaultClothing}: ${record.refusal ? `refused ${record.refusal}` : `chest / waist / hip error ${errors} cm`}`,
      );
    }
  }
  return records;
}

const f1 = (value: number): string => value.toFixed(1);
const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
const summaryOf = (errorsCm: number[]) => summarizeErrors(errorsCm.map((errorCm) => ({ errorCm, sdCm: null })));

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

/** The report's section on scans left at the default clothing class. */
export function formatDefaultClothing(records: DefaultClothingRecord[], pipeline: string): string[] {
  if (records.length === 0) return [];
  const subjects = new Set(records.map((record) => record.subjectId)).size;
  const lines = [
    `## ${pipeline}: clothing left at the default`,
    '',
    `The pipeline takes the ease of the clothing class staff choose off the outline; it does not judge the clothing from the photos. The tables above give every scan staff's right choice. Here ${subjects} of the first subjects who wear something other than \`${defaultClothing}\` clothes are scanned again from the same photos and height with \`clothing\` left at its default, \`${defaultClothing}\` (scripts/eval/default-clothing.ts). Chest / waist / hip mean absolute error (bias) in cm, over the scans accepted both ways.`,
    '',
  ];
  for (const inputSet of rescannedInputSets) {
    const ofInput = records.filter((record) => record.inputSet === inputSet);
    if (ofInput.length === 0) continue;
    lines.push(
      `### ${inputSet}`,
      '',
      '| worn | staff choose | scans | chest, chosen | waist, chosen | hip, chosen | girth MAE, chosen | chest, default | waist, default | hip, default | girth MAE, default |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const worn of clothingClasses) {
      const ofClass = ofInput.filter((record) => record.worn === worn);
      if (ofClass.length === 0) continue;
      const both = ofClass.filter((record) => record.refusal === null && Object.keys(record.chosenErrorCm).length > 0);
      const refused = ofClass.length - both.length;
      const chosen = girthCells(both.map((record) => record.chosenErrorCm));
      const atDefault = girthCells(both.map((record) => record.defaultErrorCm));
      const scans = refused > 0 ? `${both.length} (${refused} refused)` : `${both.length}`;
      lines.push(`| ${worn} | \`${staffClothingChoice[worn]}\` | ${scans} | ${chosen.join(' | ')} | ${atDefault.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines;
}
