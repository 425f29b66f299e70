/**
 * What a scan reads when staff leave `clothing` out whatever the customer wears. The pipeline then
 * judges the class from the front photo (bare skin reads as `tight`, anything else as `regular`) and
 * takes that class's ease off the outline, so the rest of the report (staff's right choice every
 * time) is the best case; this is the cost of not choosing. The first subjects are scanned again,
 * with their own photos and height, with `clothing` left out (left-out-rescan.ts).
 */
import type { ClothingClass as ScanClothingClass } from '../../src/main/scans/capture-conditions.js';
import type { ClothingClass } from './capture-conditions.js';
import { clothingClasses } from './capture-conditions.js';
import { leftOutTables, rescanLeftOut, type LeftOutErrors } from './left-out-rescan.js';
import type { RescanOptions } from './scan-population.js';
import { staffClothingChoice } from './scan-population.js';

export interface DefaultClothingRecord extends LeftOutErrors {
  /** What the subject wears in the photos. */
  worn: ClothingClass;
  /** The class the pipeline used with `clothing` left out (null: refused). */
  judged: ScanClothingClass | null;
}

export function scanAtDefaultClothing(options: RescanOptions): Promise<DefaultClothingRecord[]> {
  return rescanLeftOut<DefaultClothingRecord>(options, 'clothing', (subject, result) => ({
    worn: subject.clothing,
    judged: result?.clothing ?? null,
  }));
}

/** How many of the scans accepted both ways were judged bare skin. */
const judgedTight = (accepted: DefaultClothingRecord[]): string[] => [
  `${accepted.filter((record) => record.judged === 'tight').length}/${accepted.length}`,
];

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
  return [
    ...lines,
    ...leftOutTables(records, {
      groupHeader: 'worn | staff choose',
      ownHeader: ['judged tight'],
      groups: clothingClasses.map((worn) => ({
        label: `${worn} | \`${staffClothingChoice[worn]}\``,
        has: (record) => record.worn === worn,
      })),
      ownCells: judgedTight,
    }),
  ];
}
