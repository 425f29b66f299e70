/**
 * Fits the level of each measurement's stated SD (`sdLevelOnDev` in
 * src/main/inference/embedded/fit-uncertainty.ts) to a dev-seed run of `npm run eval:embedded`:
 * for each sex and input set, the factor that puts 68.3% of the accepted scans' errors within ±1
 * stated SD, times the level the run was made with (recorded in its JSON). A scan without a typed
 * height has a side photo, so its SD carries the with-side level too: its own level is given
 * relative to the refitted with-side one. It refuses a test-seed run: the test seed is reported,
 * never fitted.
 *
 *   npm run eval:embedded -- --seed dev --out /tmp/dev.md
 *   node --import tsx scripts/eval/fit-sd-levels.ts /tmp/dev.json
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { sdLevelOnDev } from '../../src/main/inference/embedded/fit-uncertainty.js';
import { describeZodIssues } from '../../src/main/zod-issues.js';
import { percentile } from './statistics.js';

const levelSchema = z.object({ frontOnly: z.number().positive(), withSide: z.number().positive() });
/** Runs before the levels were per sex recorded one level for both. */
const levelsSchema = z.record(
  z.string(),
  z.union([z.object({ male: levelSchema, female: levelSchema }), levelSchema.transform((level) => ({ male: level, female: level }))]),
);

const runSchema = z.object({
  seed: z.enum(['dev', 'test']),
  sdLevels: levelsSchema,
  /** Absent in runs made before the assumed stature's SD had a level: 1 for both. */
  assumedStatureSdLevels: z.object({ male: z.number().positive(), female: z.number().positive() }).default({ male: 1, female: 1 }),
  /** Absent in runs made before scans of an assumed height had levels of their own: none (1). */
  noHeightSdLevels: z.record(z.string(), z.object({ male: z.number().positive(), female: z.number().positive() })).default({}),
  subjects: z.array(z.object({ id: z.string(), sex: z.enum(['male', 'female']) })),
  scans: z.array(
    z.object({
      subjectId: z.string(),
      pipeline: z.string(),
      inputSet: z.string(),
      refusal: z.unknown().nullable(),
      values: z.record(z.string(), z.object({ truthCm: z.number(), estimateCm: z.number(), sdCm: z.number().nullable() })),
    }),
  ),
});

/** One SD holds this share of a normal's draws. */
const oneSdShare = 0.6827;
/** Which level each input set fits: a front photo alone, or with a side photo and a typed height. */
const levelOfInputSet = { 'front+height': 'frontOnly', 'front+side+height': 'withSide' } as const;
/** The input set without a typed height, whose statures fit the assumed stature's SD level. */
const noHeightInputSet = 'front+side, no height';
const round2 = (value: number): number => Math.round(value * 100) / 100;
/** Fewer scans than this keep the level the run was made with. */
const minScans = 20;

/**
 * The level that puts 68.3% of these |error| / SD ratios (ascending, from a run made at `current`)
 * within ±1 SD, or `current` when they are too few; says which in `notes`.
 */
function refit(ratios: number[], current: number, label: string, notes: string[]): number {
  if (ratios.length < minScans) {
    notes.push(`${label}: ${ratios.length} scans, kept`);
    return current;
  }
  const within = ratios.filter((ratio) => ratio <= 1).length / ratios.length;
  notes.push(`${label}: ${ratios.length} scans, ${Math.round(within * 100)}% within ±1 SD at ${current}`);
  return round2(current * percentile(ratios, oneSdShare));
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: fit-sd-levels.ts <dev-seed evaluation .json>');
  const parsed = runSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${describeZodIssues(parsed.error.issues)}`);
  if (parsed.data.seed !== 'dev') throw new Error(`${file} is a ${parsed.data.seed}-seed run: levels are fitted on the dev seed only`);
  const sexOf = new Map(parsed.data.subjects.map((subject) => [subject.id, subject.sex]));
  const scans = parsed.data.scans.filter((scan) => scan.pipeline === 'embedded' && scan.refusal === null);
  /** |error| / stated SD of one measurement over the accepted scans of an input set and sex, ascending. */
  const ratiosOf = (inputSet: string, sex: 'male' | 'female', name: string): number[] =>
    scans
      .filter((scan) => scan.inputSet === inputSet && sexOf.get(scan.subjectId) === sex)
      .flatMap((scan) => {
        const value = scan.values[name];
        return value?.sdCm ? [Math.abs(value.estimateCm - value.truthCm) / value.sdCm] : [];
      })
      .sort((a, b) => a - b);
  const lines: string[] = [];
  /** Run's and refitted with-side level per measurement and sex: the no-height scans (front + side) carry it too. */
  const withSideChange = new Map<string, number>();
  for (const name of Object.keys(sdLevelOnDev)) {
    const levels = parsed.data.sdLevels[name];
    if (!levels) throw new Error(`${file} has no SD level for ${name}: rerun the evaluation with the current code`);
    const parts: string[] = [];
    const notes: string[] = [];
    for (const sex of ['male', 'female'] as const) {
      const level = levels[sex];
      const fitted = { ...level };
      for (const [inputSet, key] of Object.entries(levelOfInputSet)) {
        fitted[key] = refit(ratiosOf(inputSet, sex, name), level[key], `${sex} ${inputSet}`, notes);
      }
      withSideChange.set(`${name}|${sex}`, level.withSide / fitted.withSide);
      parts.push(`${sex}: { frontOnly: ${fitted.frontOnly}, withSide: ${fitted.withSide} }`);
    }
    lines.push(`  ${name}: { ${parts.join(', ')} },`, `  // ${notes.join('; ')}`);
  }
  const assumed = parsed.data.assumedStatureSdLevels;
  const statureNotes: string[] = [];
  const statureParts = (['male', 'female'] as const).map(
    (sex) => `${sex}: ${refit(ratiosOf(noHeightInputSet, sex, 'height'), assumed[sex], sex, statureNotes)}`,
  );
  lines.push(`assumedStatureSdLevelOnDev = { ${statureParts.join(', ')} }`, `// ${noHeightInputSet}: ${statureNotes.join('; ')}`);
  lines.push('noHeightSdLevelOnDev = {');
  for (const name of Object.keys(sdLevelOnDev)) {
    const current = parsed.data.noHeightSdLevels[name] ?? { male: 1, female: 1 };
    const notes: string[] = [];
    // The stated SD of a no-height scan is withSide × noHeight levels: what the run's product needs, over the refitted withSide.
    const parts = (['male', 'female'] as const).map((sex) => {
      const fitted = refit(ratiosOf(noHeightInputSet, sex, name), current[sex], sex, notes);
      return `${sex}: ${round2(fitted * (withSideChange.get(`${name}|${sex}`) ?? 1))}`;
    });
    lines.push(`  ${name}: { ${parts.join(', ')} }, // ${notes.join('; ')}`);
  }
  lines.push('}');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
