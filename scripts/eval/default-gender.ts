/**
 * What a scan reads when a request leaves `gender` out. The API then takes the neutral body model
 * (one body model and one survey prior for both sexes), so the chest, the waist and the hip are
 * drawn towards a shape between a man's and a woman's. The first subjects are scanned again, with
 * their own photos, height, clothing and shoes, with `gender` left out (left-out-rescan.ts).
 */
import type { Subject } from './population.js';
import { leftOutSection, rescanLeftOut, type LeftOutErrors } from './left-out-rescan.js';
import type { RescanOptions } from './scan-population.js';

export interface DefaultGenderRecord extends LeftOutErrors {
  sex: Subject['sex'];
}

export function scanAtDefaultGender(options: RescanOptions): Promise<DefaultGenderRecord[]> {
  return rescanLeftOut<DefaultGenderRecord>(options, 'gender', (subject) => ({ sex: subject.sex }));
}

/** The report's section on scans with the gender left out. */
export function formatDefaultGender(records: DefaultGenderRecord[], pipeline: string): string[] {
  return leftOutSection(records, {
    heading: `${pipeline}: gender left out`,
    intro: (subjects) =>
      `A request without \`gender\` gets the neutral body model and the survey's prior over both sexes (the API's default). The tables above give every scan the subject's own. Here the first ${subjects} subjects are scanned again from the same photos, height, clothing and shoes with \`gender\` left out (scripts/eval/default-gender.ts).`,
    table: {
      groupHeader: 'subject | staff choose',
      ownHeader: [],
      groups: (['female', 'male'] as const).map((sex) => ({ label: `${sex} | \`${sex}\``, has: (record) => record.sex === sex })),
      ownCells: () => [],
    },
  });
}
