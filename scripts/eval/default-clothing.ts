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
import { leftOutSection, rescanLeftOut, type LeftOutErrors } from './left-out-rescan.js';
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
  return leftOutSection(records, {
    heading: `${pipeline}: clothing left out`,
    intro: (subjects) =>
      `The pipeline takes the ease of the clothing class staff choose off the outline. The tables above give every scan staff's right choice. Here the first ${subjects} subjects are scanned again from the same photos and height with \`clothing\` left out: the pipeline judges it from the front photo, \`tight\` where the trunk and thighs show bare skin (the face's colour), otherwise \`regular\` (scripts/eval/default-clothing.ts). "Judged tight" counts the scans it read as bare skin.`,
    table: {
      groupHeader: 'worn | staff choose',
      ownHeader: ['judged tight'],
      groups: clothingClasses.map((worn) => ({
        label: `${worn} | \`${staffClothingChoice[worn]}\``,
        has: (record) => record.worn === worn,
      })),
      ownCells: judgedTight,
    },
  });
}
