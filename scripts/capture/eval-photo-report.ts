/**
 * The figures of eval-photo-study.ts: on the evaluation's dev-seed photos, what the capture checks
 * refuse (per view and code), how the girth error of the scans depends on the arms' angle and on
 * the mask's gap between forearm and torso, and whether a mirrored, resized or re-encoded copy
 * gets its original's decision and girths.
 *
 *   node --import tsx scripts/capture/eval-photo-report.ts [--in out/eval-photo-study.jsonl]
 *
 * Decisions are recomputed here from the stored observations with the thresholds of settings.ts
 * (or those given on the command line), so thresholds can be tried without running Human again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { torsoAxis } from '../../src/main/inference/capture-checks/body-geometry.js';
import { needsSecondLook } from '../../src/main/inference/capture-checks/mirror-pass.js';
import { armGapShares, armPostures, checkFrame, facingRatio, poseRuns } from '../../src/main/inference/capture-checks/rules.js';
import { defaultCaptureCheckSettings, type CaptureCheckSettings } from '../../src/main/inference/capture-checks/settings.js';
import type { FrameObservation } from '../../src/main/inference/capture-checks/types.js';
import { girthNames, type PhotoVariant, type StudySubject } from './study-record.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The arms as the rule reads them: per arm its widest angle and its widest mask gap over the answers; then the worse arm. */
function armReading(observation: FrameObservation): { angleDeg: number | null; gapShare: number | null } {
  const widest = { left: -Infinity, right: -Infinity };
  const gap = { left: -Infinity, right: -Infinity };
  for (const body of poseRuns(observation)) {
    const torso = torsoAxis(body);
    if (!torso) continue;
    const gaps = armGapShares(observation.silhouette, body, torso);
    if (gaps) for (const side of ['left', 'right'] as const) gap[side] = Math.max(gap[side], gaps[side]);
    for (const arm of armPostures(body, torso)) widest[arm.side] = Math.max(widest[arm.side], arm.angleDeg);
  }
  const angle = Math.min(widest.left, widest.right);
  const worstGap = Math.min(gap.left, gap.right);
  return { angleDeg: Number.isFinite(angle) ? angle : null, gapShare: Number.isFinite(worstGap) ? worstGap : null };
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const percent = (count: number, total: number): string => `${count}/${total} (${((100 * count) / Math.max(1, total)).toFixed(1)}%)`;
const fixed = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

function main(): void {
  const { values: args } = parseArgs({
    options: {
      in: { type: 'string', default: join(root, 'out/eval-photo-study.jsonl') },
      // Photos that must be refused (eval-photo-study.ts --arms-against-body): the same subjects with the arms hanging against the body.
      against: { type: 'string', default: join(root, 'out/eval-photo-study-arms-against-body.jsonl') },
      // Observations from a later run (eval-photo-study.ts --observe-only) in place of those of --in:
      // the decisions of the checks as they are now, beside the girths of the scans of --in.
      observations: { type: 'string' },
      'min-arm-gap': { type: 'string' },
    },
  });
  const settings: CaptureCheckSettings = {
    ...defaultCaptureCheckSettings,
    ...(args['min-arm-gap'] !== undefined ? { minArmGapShare: Number(args['min-arm-gap']) } : {}),
  };
  const readRecords = (path: string): StudySubject[] =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as StudySubject);
  const scanned = readRecords(args.in);
  const observed = args.observations ? new Map(readRecords(args.observations).map((record) => [record.id, record])) : null;
  const subjects = observed
    ? scanned.flatMap((record) => {
        const later = observed.get(record.id);
        return later ? [{ ...record, observations: later.observations }] : [];
      })
    : scanned;
  const errorsOf = (observation: FrameObservation): string[] =>
    checkFrame(observation, settings)
      .filter((issue) => issue.severity === 'error')
      .map((issue) => issue.code)
      .sort();
  const entryOf = (subject: StudySubject, view: string, variant: PhotoVariant) =>
    subject.observations.find((entry) => entry.view === view && entry.variant === variant)!;
  const observationOf = (subject: StudySubject, view: string, variant: PhotoVariant): FrameObservation =>
    entryOf(subject, view, variant).observation;
  const lines: string[] = [
    `${subjects.length} dev-seed subjects; thresholds minArmGapShare ${settings.minArmGapShare}, raisedArmDeg ${settings.raisedArmDeg}.`,
    '',
  ];

  lines.push('Refusals of the original photos (every one is an ideal pose of the evaluation), per view and code:');
  for (const view of ['front', 'side'] as const) {
    const codes = new Map<string, number>();
    let refused = 0;
    for (const subject of subjects) {
      const errors = errorsOf(observationOf(subject, view, 'original'));
      if (errors.length > 0) refused += 1;
      for (const code of errors) codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    lines.push(
      `- ${view}: ${percent(refused, subjects.length)} refused${[...codes].map(([code, count]) => `; ${code} ${count}`).join('')}`,
    );
  }
  const scanAccepted = subjects.filter((subject) =>
    ['front', 'side'].every((view) => errorsOf(observationOf(subject, view, 'original')).length === 0),
  ).length;
  lines.push(`- front+side scans accepted: ${percent(scanAccepted, subjects.length)}`, '');

  // Girth error against the arms: the pipeline measured every scan with the arm rule off.
  interface Row {
    subject: StudySubject;
    angleDeg: number | null;
    gapShare: number | null;
    error: Record<string, number[]>;
    refusedByOthers: boolean;
  }
  const rows: Row[] = subjects.map((subject) => {
    const arms = armReading(observationOf(subject, 'front', 'original'));
    const error: Record<string, number[]> = {};
    let refusedByOthers = false;
    for (const inputSet of ['front+height', 'front+side+height'] as const) {
      const scan = subject.scans.find((entry) => entry.inputSet === inputSet && entry.variant === 'original');
      if (!scan || scan.refusal) {
        refusedByOthers = true;
        continue;
      }
      error[inputSet] = girthNames.map((name) => Math.abs((scan.girths[name] ?? NaN) - subject.truth[name]));
    }
    return { subject, ...arms, error, refusedByOthers };
  });
  lines.push(
    'Girth error (mean abs. of chest, waist, hip; cm) of the scans, with the arm rule off, by the arm angle the rule reads (the worse arm, at its widest over both answers):',
  );
  lines.push(
    '| measured angle | drawn abduction | n | front+side+height | front+height | gap share < 0.5 |',
    '|---|---|---:|---:|---:|---:|',
  );
  const bands: Array<[number, number]> = [
    [-Infinity, 10],
    [10, 15],
    [15, 20],
    [20, 25.5],
    [25.5, 30],
    [30, 40],
    [40, Infinity],
  ];
  for (const [low, high] of bands) {
    const inBand = rows.filter((row) => row.angleDeg !== null && row.angleDeg >= low && row.angleDeg < high);
    if (inBand.length === 0) continue;
    const girth = (inputSet: string): string => {
      const errors = inBand.flatMap((row) => (row.error[inputSet] ? [mean(row.error[inputSet]!)] : [])).filter(Number.isFinite);
      return errors.length === 0 ? '–' : fixed(mean(errors));
    };
    const drawn = inBand.map((row) => row.subject.front.armAbductionDeg);
    lines.push(
      `| ${Number.isFinite(low) ? low : ''}–${Number.isFinite(high) ? high : ''}° | ${fixed(Math.min(...drawn))}–${fixed(Math.max(...drawn))}° | ${inBand.length} | ${girth('front+side+height')} | ${girth('front+height')} | ${inBand.filter((row) => (row.gapShare ?? 1) < 0.5).length} |`,
    );
  }
  lines.push(
    '',
    'Per subject (front original): drawn abduction, elbow, measured angle, in-torso share, girth errors chest/waist/hip (front+side+height):',
  );
  for (const row of [...rows].sort((a, b) => (a.angleDeg ?? -1) - (b.angleDeg ?? -1))) {
    const fs = row.error['front+side+height'];
    lines.push(
      `  ${row.subject.id.padEnd(26)} ${row.subject.clothing.padEnd(7)} BMI ${fixed(row.subject.bmi)} drawn ${fixed(row.subject.front.armAbductionDeg)}° elbow ${fixed(row.subject.front.elbowFlexDeg)}° ` +
        `measured ${fixed(row.angleDeg)}° gap ${fixed(row.gapShare, 2)} → ${fs ? fs.map((value) => fixed(value)).join(' / ') : 'refused by another rule'} ${errorsOf(observationOf(row.subject, 'front', 'original')).join(',')}`,
    );
  }

  lines.push(
    '',
    "Copies: decision differs from the original's (per view), and |girth of the copy − girth of the original| (front+side+height, both accepted):",
  );
  for (const variant of ['mirrored', 'resized', 'reencoded'] as const) {
    const flips: string[] = [];
    let pairs = 0;
    for (const subject of subjects) {
      for (const view of ['front', 'side'] as const) {
        pairs += 1;
        const original = errorsOf(observationOf(subject, view, 'original')).join(',') || 'accepted';
        const copy = errorsOf(observationOf(subject, view, variant)).join(',') || 'accepted';
        if (original !== copy) flips.push(`${subject.id} ${view}: ${copy} (original ${original})`);
      }
    }
    const differences: Record<string, number[]> = { chest: [], waist: [], hip: [] };
    for (const subject of subjects) {
      const original = subject.scans.find((scan) => scan.inputSet === 'front+side+height' && scan.variant === 'original');
      const copy = subject.scans.find((scan) => scan.inputSet === 'front+side+height' && scan.variant === variant);
      if (!original || !copy || original.refusal || copy.refusal) continue;
      for (const name of girthNames) differences[name]!.push(Math.abs((copy.girths[name] ?? NaN) - (original.girths[name] ?? NaN)));
    }
    const girths = girthNames
      .map((name) => {
        const values = differences[name]!;
        return `${name} mean ${fixed(mean(values), 2)} max ${fixed(Math.max(...values), 2)} (≤0.5 cm: ${values.filter((value) => value <= 0.5).length}/${values.length})`;
      })
      .join('; ');
    lines.push(`- ${variant}: decisions differ ${percent(flips.length, pairs)}; girths ${girths}`);
    for (const flip of flips) lines.push(`    ${flip}`);
  }

  // The live check's mirror pass only near a threshold (mirror-pass.ts), simulated on the stored
  // answers: the first answer alone unless it is near a threshold, else both.
  // Records written before the first look was stored: the first answer with the stored mask.
  type Entry = StudySubject['observations'][number];
  const firstLookOf = (entry: Entry): FrameObservation => {
    if (entry.firstLook) return entry.firstLook;
    const first = entry.observation.bodyRuns?.[0] ?? entry.observation.body;
    return { ...entry.observation, body: first, bodyRuns: [first] };
  };
  const liveDecision = (entry: Entry): { errors: string; secondPass: boolean } => {
    const reason = needsSecondLook(firstLookOf(entry), settings);
    return {
      errors: errorsOf(reason === null ? firstLookOf(entry) : entry.observation).join(',') || 'accepted',
      secondPass: reason !== null,
    };
  };
  const everyObservation = subjects.flatMap((subject) => subject.observations);
  const differsFromBoth = everyObservation.filter(
    (entry) => liveDecision(entry).errors !== (errorsOf(entry.observation).join(',') || 'accepted'),
  );
  lines.push(
    '',
    `Mirror pass only near a threshold (simulated on all ${everyObservation.length} photos and copies): second pass run on ` +
      `${percent(everyObservation.filter((entry) => liveDecision(entry).secondPass).length, everyObservation.length)}; ` +
      `decision differs from the two-answer decision on ${percent(differsFromBoth.length, everyObservation.length)}`,
  );
  for (const entry of differsFromBoth)
    lines.push(
      `    ${entry.view} ${entry.variant}: ${liveDecision(entry).errors} (both answers: ${errorsOf(entry.observation).join(',') || 'accepted'})`,
    );
  for (const variant of ['mirrored', 'resized', 'reencoded'] as const) {
    let flips = 0;
    let pairs = 0;
    for (const subject of subjects) {
      for (const view of ['front', 'side'] as const) {
        pairs += 1;
        if (liveDecision(entryOf(subject, view, 'original')).errors !== liveDecision(entryOf(subject, view, variant)).errors) flips += 1;
      }
    }
    lines.push(`- ${variant}: decisions differ ${percent(flips, pairs)}`);
  }
  const firstSecond = everyObservation.flatMap((entry) => {
    const [first, second] = entry.observation.bodyRuns ?? [];
    return first && second ? [{ entry, first, second }] : [];
  });
  const largest = (values: number[]): string => fixed(Math.max(0, ...values.filter(Number.isFinite)), 3);
  const armDifferences = firstSecond.flatMap(({ entry, first, second }) => {
    if (entry.view !== 'front') return [];
    const a = torsoAxis(first) ? armPostures(first, torsoAxis(first)!) : [];
    const b = torsoAxis(second) ? armPostures(second, torsoAxis(second)!) : [];
    return a.flatMap((arm) => {
      const twin = b.find((other) => other.side === arm.side);
      return twin ? [Math.abs(arm.angleDeg - twin.angleDeg)] : [];
    });
  });
  const gapDifferences = subjects.flatMap((subject) =>
    subject.observations.flatMap((entry) => {
      if (entry.view !== 'front' || !entry.firstLook) return [];
      const first = armReading(entry.firstLook).gapShare;
      const both = armReading(entry.observation).gapShare;
      return first !== null && both !== null ? [Math.abs(first - both)] : [];
    }),
  );
  lines.push(
    `Largest difference between the two answers of one photo: body score ${largest(firstSecond.map(({ first, second }) => Math.abs(first.score - second.score)))}, ` +
      `facing ratio ${largest(firstSecond.map(({ first, second }) => Math.abs((facingRatio(first) ?? NaN) - (facingRatio(second) ?? NaN))))}, ` +
      `arm angle ${largest(armDifferences)}°; arm gap share, first look vs both: ${largest(gapDifferences)}.`,
  );

  // The arm thresholds: midway between the ideal photos (and their copies) and the arms-against-body
  // photos (and theirs) when they separate; the same rule as choose-thresholds.ts.
  if (existsSync(args.against)) {
    const against = readRecords(args.against);
    const readings = (records: StudySubject[]) =>
      records.flatMap((subject) =>
        subject.observations.filter((entry) => entry.view === 'front').map((entry) => armReading(entry.observation)),
      );
    const ideal = readings(subjects);
    const down = readings(against);
    const range = (values: Array<number | null>): string => {
      const seen = values.filter((value): value is number => value !== null);
      return seen.length === 0 ? 'none' : `${fixed(Math.min(...seen), 2)}–${fixed(Math.max(...seen), 2)} (${seen.length})`;
    };
    lines.push(
      '',
      `Arm features, ideal front photos and copies vs arms hanging against the body (${against.length} subjects, 2–6° out, and copies):`,
      `- angle (deg): ideal ${range(ideal.map((r) => r.angleDeg))}; against ${range(down.map((r) => r.angleDeg))}`,
      `- gap share: ideal ${range(ideal.map((r) => r.gapShare))}; against ${range(down.map((r) => r.gapShare))}`,
    );
    const caught = against
      .flatMap((subject) => subject.observations.filter((entry) => entry.view === 'front'))
      .filter((entry) => errorsOf(entry.observation).includes('arms_against_body')).length;
    lines.push(`- arms against the body refused with these thresholds: ${percent(caught, against.length * 4)} (originals and copies)`);
    const harm: number[] = [];
    for (const subject of against) {
      const same = subjects.find((candidate) => candidate.id === subject.id);
      const girthError = (record: StudySubject): number | null => {
        const scan = record.scans.find((entry) => entry.inputSet === 'front+side+height' && entry.variant === 'original');
        return scan && !scan.refusal ? mean(girthNames.map((name) => Math.abs((scan.girths[name] ?? NaN) - record.truth[name]))) : null;
      };
      const hanging = girthError(subject);
      const ideal = same ? girthError(same) : null;
      if (hanging !== null && ideal !== null) harm.push(hanging - ideal);
    }
    lines.push(
      `- girth error (mean of chest, waist, hip; front+side+height, arm rule off) with the arms against the body minus the same subject's ideal photo: mean ${fixed(mean(harm))} cm, ${harm.filter((value) => value > 0).length}/${harm.length} worse`,
    );
  }

  const timings = subjects.flatMap((subject) => subject.observations.filter((entry) => entry.variant === 'original'));
  lines.push(
    '',
    `Observation time per original photo (this machine, shared): body ${fixed(mean(timings.map((entry) => entry.bodyMs)), 0)} ms, total ${fixed(mean(timings.map((entry) => entry.totalMs)), 0)} ms.`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
