/**
 * The evaluation's report: docs/embedded-accuracy.md (and the records as JSON beside it). Every
 * table puts the prior-only baseline (sex + typed height → survey conditional mean) beside the
 * pipeline, counts refusals, and says which measurements are read from the photo.
 */
import { clothingClasses } from './capture-conditions.js';
import type { EvalSeed } from './population.js';
import type { InputSet, ScanRecord, SubjectRecord } from './scan-population.js';
import { inputSets } from './scan-population.js';
import { bmiBand, bmiBands, sdThirds, standardErrorOfMean, summarizeErrors, type ErrorSample, type ErrorSummary } from './statistics.js';
import { truthMeasurements, truthNames, type TruthName } from './truth.js';

export interface ReportRun {
  seed: EvalSeed;
  command: string;
  seconds: number;
  renderedPhotos: number;
  pipelines: string[];
  /** Which code was evaluated: the commit, and whether the pipeline's folders had uncommitted changes. */
  codeVersion: string;
  /** Why a pipeline did not run (hmr2 without its model files). */
  notRun: Array<{ pipeline: string; reason: string }>;
  /** Sections of their own (the copies' consistency), placed before the notes on reading. */
  extraSections?: string[];
}

const girths: TruthName[] = ['chest', 'waist', 'hip'];
/** How close the constructed body's figures should be to the subject's survey figures. */
const reproductionToleranceCm = 0.5;
const f1 = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '–');
const signed = (value: number): string => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)}` : '–');
const pct = (value: number): string => (Number.isFinite(value) ? `${Math.round(value * 100)}%` : '–');

function photoSamples(scans: ScanRecord[], name: TruthName): ErrorSample[] {
  return scans.flatMap((scan) => {
    const value = scan.values[name];
    return value ? [{ errorCm: value.estimateCm - value.truthCm, sdCm: value.sdCm }] : [];
  });
}

function baselineSamples(scans: ScanRecord[], name: TruthName): ErrorSample[] {
  return scans.flatMap((scan) => {
    const value = scan.baseline[name];
    return value ? [{ errorCm: value.valueCm - value.truthCm, sdCm: value.sdCm }] : [];
  });
}

/** Over all attempts: a refused scan (or a measurement the scan did not return) counts with the baseline's error, the answer staff would fall back to. */
function allAttemptSamples(scans: ScanRecord[], name: TruthName): ErrorSample[] {
  return scans.flatMap((scan) => {
    const value = scan.values[name];
    if (value) return [{ errorCm: value.estimateCm - value.truthCm, sdCm: value.sdCm }];
    const fallback = scan.baseline[name];
    return fallback ? [{ errorCm: fallback.valueCm - fallback.truthCm, sdCm: fallback.sdCm }] : [];
  });
}

function methodOf(scans: ScanRecord[], name: TruthName): string {
  const counts = new Map<string, number>();
  for (const scan of scans) {
    const method = scan.values[name]?.method;
    if (method) counts.set(method, (counts.get(method) ?? 0) + 1);
  }
  return (
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([method]) => method)
      .join(', ') || '–'
  );
}

/**
 * The standard error of the girth MAE (the mean of the chest's, waist's and hip's): the spread of
 * each scan's mean absolute girth error over √scans, over the scans that have all three. The three
 * errors of one scan move together, so their mean is the unit that is independent between scans.
 */
export function girthMaeStandardErrorCm(scans: ScanRecord[], errorOf: (scan: ScanRecord, name: TruthName) => number | undefined): number {
  const perScan = scans.flatMap((scan) => {
    const errors = girths.map((name) => errorOf(scan, name)).filter((error): error is number => error !== undefined);
    return errors.length === girths.length ? [errors.reduce((sum, error) => sum + Math.abs(error), 0) / girths.length] : [];
  });
  return standardErrorOfMean(perScan);
}

const photoError = (scan: ScanRecord, name: TruthName): number | undefined => {
  const value = scan.values[name];
  return value ? value.estimateCm - value.truthCm : undefined;
};
const baselineError = (scan: ScanRecord, name: TruthName): number | undefined => {
  const value = scan.baseline[name];
  return value ? value.valueCm - value.truthCm : undefined;
};

/** A mean with its standard error, as "3.4 ± 0.3". */
const withStandardError = (value: number, standardError: number): string =>
  Number.isFinite(standardError) ? `${f1(value)} ± ${f1(standardError)}` : f1(value);

export function girthMae(summaries: Partial<Record<TruthName, ErrorSummary>>): number {
  const values = girths.map((name) => summaries[name]?.maeCm ?? NaN);
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export interface InputSetSummary {
  inputSet: InputSet;
  attempts: number;
  accepted: number;
  refusals: Record<string, number>;
  photo: Partial<Record<TruthName, ErrorSummary>>;
  allAttempts: Partial<Record<TruthName, ErrorSummary>>;
  baseline: Partial<Record<TruthName, ErrorSummary>>;
  /** The baseline over the accepted scans only, to compare with the photo rows like for like. */
  baselineAccepted: Partial<Record<TruthName, ErrorSummary>>;
  methods: Partial<Record<TruthName, string>>;
}

export function summarizeInputSet(scans: ScanRecord[], inputSet: InputSet): InputSetSummary {
  const subset = scans.filter((scan) => scan.inputSet === inputSet);
  const accepted = subset.filter((scan) => scan.refusal === null);
  const refusals: Record<string, number> = {};
  for (const scan of subset) if (scan.refusal) refusals[scan.refusal.code] = (refusals[scan.refusal.code] ?? 0) + 1;
  const by = (
    samples: (scans: ScanRecord[], name: TruthName) => ErrorSample[],
    from: ScanRecord[],
  ): Partial<Record<TruthName, ErrorSummary>> => Object.fromEntries(truthNames.map((name) => [name, summarizeErrors(samples(from, name))]));
  return {
    inputSet,
    attempts: subset.length,
    accepted: accepted.length,
    refusals,
    photo: by(photoSamples, accepted),
    allAttempts: by(allAttemptSamples, subset),
    baseline: by(baselineSamples, subset),
    baselineAccepted: by(baselineSamples, accepted),
    methods: Object.fromEntries(truthNames.map((name) => [name, methodOf(accepted, name)])),
  };
}

function breakdown(
  lines: string[],
  scans: ScanRecord[],
  subjects: Map<string, SubjectRecord>,
  title: string,
  groups: string[],
  groupOf: (subject: SubjectRecord) => string,
): void {
  lines.push(
    `### By ${title}`,
    '',
    `| ${title} | scans | accepted | ${girths.map((name) => `${name} MAE photo / baseline`).join(' | ')} | girth MAE photo / baseline | girths within the stated ±1 SD |`,
    `|---|---:|---:|${girths.map(() => '---:|').join('')}---:|---:|`,
  );
  for (const group of groups) {
    const subset = scans.filter((scan) => groupOf(subjects.get(scan.subjectId)!) === group);
    if (subset.length === 0) continue;
    const accepted = subset.filter((scan) => scan.refusal === null);
    const photo = Object.fromEntries(girths.map((name) => [name, summarizeErrors(photoSamples(accepted, name))]));
    const baseline = Object.fromEntries(girths.map((name) => [name, summarizeErrors(baselineSamples(subset, name))]));
    const covered = summarizeErrors(girths.flatMap((name) => photoSamples(accepted, name))).withinOneSd;
    lines.push(
      `| ${group} | ${subset.length} | ${accepted.length} | ${girths.map((name) => `${f1(photo[name]!.maeCm)} / ${f1(baseline[name]!.maeCm)}`).join(' | ')} | ${withStandardError(girthMae(photo), girthMaeStandardErrorCm(accepted, photoError))} / ${f1(girthMae(baseline))} | ${pct(covered)} |`,
    );
  }
  lines.push('');
}

/**
 * Each measurement's accepted scans in thirds by the SD they stated: whether the SD tells one scan
 * from another (a larger MAE where it is larger, about 68% within ±1 SD in every third), which the
 * coverage over all scans cannot show.
 */
function bySdThird(lines: string[], accepted: ScanRecord[], names: TruthName[]): void {
  lines.push(
    '### By the SD the scan stated',
    '',
    'Accepted scans in thirds by the SD stated for each measurement, lowest first: its range, the MAE and how often the truth lies within ±1 SD. An SD that means something per scan grows with the MAE and holds about 68% in every third.',
    '',
    '| measurement | lowest third: SD / MAE / within ±1 SD | middle third | highest third |',
    '|---|---|---|---|',
  );
  for (const name of names) {
    const thirds = sdThirds(photoSamples(accepted, name));
    if (thirds.length === 0) continue;
    const cells = thirds.map((third) => `${f1(third.minSdCm)}–${f1(third.maxSdCm)} / ${f1(third.maeCm)} / ${pct(third.withinOneSd)}`);
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  lines.push('');
}

export function formatReport(
  subjects: SubjectRecord[],
  scans: ScanRecord[],
  run: ReportRun,
): { markdown: string; summaries: Record<string, InputSetSummary[]> } {
  const bySubject = new Map(subjects.map((subject) => [subject.id, subject]));
  const statures = subjects.map((subject) => subject.statureCm);
  const bmis = subjects.map((subject) => subject.bmi);
  const count = (predicate: (subject: SubjectRecord) => boolean): number => subjects.filter(predicate).length;
  const lines = [
    '# Embedded pipeline accuracy on an independent test population',
    '',
    '<!-- Written by `npm run eval:embedded` (scripts/eval/). Do not edit by hand: rerun the script. -->',
    '',
    `**Seed: \`${run.seed}\`** — ${run.seed === 'test' ? 'the reported test seed. Nothing is tuned on it; tune on `--seed dev`.' : 'the dev seed, for tuning. The reported figures come from `--seed test`.'}`,
    `Command: \`${run.command}\`. Run time ${Math.round(run.seconds)} s (${run.renderedPhotos} photos rendered, the rest from .cache/eval/). Code: ${run.codeVersion}.`,
    '',
    '## Test population',
    '',
    `${subjects.length} bodies (${count((s) => s.sex === 'female')} female, ${count((s) => s.sex === 'male')} male), stature ${f1(Math.min(...statures))}–${f1(Math.max(...statures))} cm, BMI ${f1(Math.min(...bmis))}–${f1(Math.max(...bmis))}.`,
    '',
    "- **Who**: ANSUR II subjects held out of the body model's shape statistics (rows with index % 10 = 9 per sex file, the rule recorded as `heldOut` in `models/body/shape-stats.json`). Held-out rows alternate between the dev and the test seed, so the two never share a subject.",
    `- **Extremes**: every fourth subject is rescaled beyond the survey (${count((s) => s.extreme === 'short')} short, 145–152 cm; ${count((s) => s.extreme === 'tall')} tall, 196–205 cm: every length and girth scaled together; ${count((s) => s.extreme === 'thin')} thin, BMI 17–18.5; ${count((s) => s.extreme === 'heavy')} heavy, BMI 35–40: soft-tissue girths, breadths and depths scaled by a power of the BMI ratio, lengths kept). These are extrapolations of real subjects, not survey data.`,
    "- **Construction** (`scripts/eval/body-plan.ts`), independent of the body model's PCA, template and ring generator: an implicit surface. The trunk is swept through superellipse sections at the subject's own landmark heights (crotch, buttock, omphalion, chest, axilla, acromion, neck), each with the subject's breadth and depth and an exponent solved so that its perimeter is the subject's girth; the split of depth in front of and behind the axis (belly, buttock, chest) and left/right asymmetry are random per subject. Limbs are swept through round sections of the subject's limb girths along their own segment lengths; an ellipsoid head (stature at its top), box feet; smooth unions; meshed by surface nets (8 mm cells).",
    "- **Truth** (`scripts/eval/truth.ts`, `tape.ts`): a convex-hull tape laid on the implicit surface, at the construction's landmark heights, never on the product's mesh or with `src/main/body/measure.ts`:",
    ...truthNames.map((name) => `  - ${name}: ${truthMeasurements[name]}`),
    '',
    "### Does the construction reproduce the subjects' survey figures?",
    '',
    "Truth − the subject's own survey value (after any rescaling), over the population. The stated tolerance is 0.5 cm (the unit tests check it on held-out subjects); where a body misses it, its truth is still the tape on the body that was photographed.",
    '',
    `| measurement | mean abs. (cm) | max abs. (cm) | within ${reproductionToleranceCm} cm |`,
    '|---|---:|---:|---:|',
  ];
  for (const name of truthNames) {
    const values = subjects.map((subject) => subject.reproduction[name]).filter((value): value is number => value !== undefined);
    if (values.length === 0) continue;
    const absolute = values.map(Math.abs);
    lines.push(
      `| ${name} | ${absolute.reduce((a, b) => a + b, 0) / absolute.length < 0.05 ? '<0.1' : f1(absolute.reduce((a, b) => a + b, 0) / absolute.length)} | ${f1(Math.max(...absolute))} | ${values.filter((value) => Math.abs(value) <= reproductionToleranceCm).length}/${values.length} |`,
    );
  }
  lines.push(
    '',
    '## Capture conditions',
    '',
    `- **Clothing** in turn per subject (${clothingClasses.map((c) => `${c} ${count((s) => s.clothing === c)}`).join(', ')}): garments are offset surfaces of the body (ease per class: tight 3 mm, regular 12–15 mm, loose 28–35 mm; regular and loose tops and dresses hang from the chest and bridge the hollows below it; trousers to the ankle; a dress is a fitted top with a skirt flaring from the waist to above the knee). The scan's \`clothing\` input is what staff would choose (bare and tight → tight, dress → dress); \`shoes\` is the kind staff would say (\`none\` barefoot, \`flat\` otherwise), never the sole height.`,
    `- **Shoes**: ${count((s) => s.soleMm === 0)} barefoot, the others with soles of 5–40 mm; the typed height is the true stature without shoes.`,
    '- **Hair**: 0–40 mm of volume over the top and back of the head, long to the shoulders for about 40%.',
    '- **Pose**: front with arms 15–45° out from the body and elbows bent 0–20°, feet 12–30 cm apart; side turned 82–98° with arms hanging 6–12° out and swung −5–12° forward.',
    "- **Camera**: the kiosk's 720×1280 portrait webcam (50° vertical field of view) at 1.0–1.5 m, 2.5–3.5 m away, tilted ±5°, radial distortion k1 −0.06…+0.03; placements that would cut the body off are drawn again (the setup guide requires the whole body in frame). Wall colour, ambient and key light vary per photo; Gaussian sensor noise SD 0–5 levels and JPEG quality 60–92.",
    "- Rendered in Debian's Chromium with three.js (`scripts/render/mesh-photo-renderer.ts`).",
    '',
  );
  if (run.notRun.length > 0) {
    lines.push('## Pipelines not run', '');
    for (const { pipeline, reason } of run.notRun) lines.push(`- **${pipeline}**: ${reason}`);
    lines.push('');
  }
  const summaries: Record<string, InputSetSummary[]> = {};
  for (const pipeline of run.pipelines) {
    const pipelineScans = scans.filter((scan) => scan.pipeline === pipeline);
    summaries[pipeline] = inputSets.map((inputSet) => summarizeInputSet(pipelineScans, inputSet));
    lines.push(
      `## ${pipeline} pipeline: girths at a glance`,
      '',
      '### Girths at a glance (chest, waist, hip; mean of the three MAEs, cm)',
      '',
      '| input | accepted | photo, accepted (± standard error) | baseline, same scans | photo vs baseline | photo, all attempts | baseline, all attempts |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    const change = (photo: number, baseline: number): string =>
      Number.isFinite(photo) && Number.isFinite(baseline)
        ? `${photo > baseline ? '+' : ''}${Math.round((photo / baseline - 1) * 100)}%`
        : '–';
    for (const summary of summaries[pipeline]!) {
      const photo = girthMae(summary.photo);
      const baseline = girthMae(summary.baselineAccepted);
      const accepted = pipelineScans.filter((scan) => scan.inputSet === summary.inputSet && scan.refusal === null);
      lines.push(
        `| ${summary.inputSet} | ${summary.accepted}/${summary.attempts} (${pct(summary.accepted / Math.max(1, summary.attempts))}) | ${withStandardError(photo, girthMaeStandardErrorCm(accepted, photoError))} | ${withStandardError(baseline, girthMaeStandardErrorCm(accepted, baselineError))} | ${change(photo, baseline)} | ${f1(girthMae(summary.allAttempts))} | ${f1(girthMae(summary.baseline))} |`,
      );
    }
    lines.push('');
    for (const summary of summaries[pipeline]!) {
      const subset = pipelineScans.filter((scan) => scan.inputSet === summary.inputSet);
      lines.push(`## ${pipeline}: ${summary.inputSet}`, '');
      lines.push(
        `${summary.accepted} of ${summary.attempts} scans accepted (${pct(summary.accepted / Math.max(1, summary.attempts))}).${
          Object.keys(summary.refusals).length > 0
            ? ` Refused: ${Object.entries(summary.refusals)
                .map(([code, n]) => `\`${code}\` ${n}`)
                .join(', ')}.`
            : ''
        }`,
      );
      lines.push(
        '',
        'A row named after a measurement is the pipeline\'s, over accepted scans; "all attempts" counts a refused scan with the baseline\'s error (what staff would fall back to). The ", baseline" row is sex + typed height → the survey\'s conditional mean' +
          (summary.inputSet.includes('no height') ? " (here no height is typed: the sex's survey mean)" : '') +
          ', with its conditional SD, over every attempt. `method` is what the pipeline reports with each value: a plain method is measured on the body fitted to the photos (read from the photo); `regressed:` means the value comes from the survey regression, not from what the photo shows.',
        '',
      );
      // Column names and one measurement per row as scripts/sizes/pipeline-error.ts reads them; baseline rows are named apart.
      lines.push(
        '| measurement | method | n | mean abs. error (cm) | its standard error (cm) | bias (cm) | P90 abs. (cm) | max abs. (cm) | within the stated ±1 SD | within ±2 SD | MAE, all attempts (cm) |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      );
      for (const name of truthNames) {
        const photo = summary.photo[name]!;
        const baseline = summary.baseline[name]!;
        if (photo.count > 0 || summary.accepted === 0) {
          lines.push(
            `| ${name} | ${summary.methods[name]} | ${photo.count} | ${f1(photo.maeCm)} | ${f1(photo.maeStandardErrorCm)} | ${signed(photo.biasCm)} | ${f1(photo.p90AbsCm)} | ${f1(photo.maxAbsCm)} | ${pct(photo.withinOneSd)} | ${pct(photo.withinTwoSd)} | ${f1(summary.allAttempts[name]!.maeCm)} |`,
          );
        }
        if (baseline.count > 0)
          lines.push(
            `| ${name}, baseline | survey given ${summary.inputSet.includes('no height') ? 'sex' : 'sex + height'} | ${baseline.count} | ${f1(baseline.maeCm)} | ${f1(baseline.maeStandardErrorCm)} | ${signed(baseline.biasCm)} | ${f1(baseline.p90AbsCm)} | ${f1(baseline.maxAbsCm)} | ${pct(baseline.withinOneSd)} | ${pct(baseline.withinTwoSd)} | ${f1(baseline.maeCm)} |`,
          );
      }
      lines.push('');
      breakdown(lines, subset, bySubject, 'BMI band', bmiBands, (subject) => bmiBand(subject.bmi));
      breakdown(lines, subset, bySubject, 'clothing', [...clothingClasses], (subject) => subject.clothing);
      // A typed height comes back as typed: its SD ranks nothing.
      const seenNames = truthNames.filter((name) => name !== 'height' || summary.inputSet.includes('no height'));
      bySdThird(
        lines,
        subset.filter((scan) => scan.refusal === null),
        seenNames,
      );
    }
  }
  lines.push(...(run.extraSections ?? []));
  lines.push(
    '## How to read this',
    '',
    '- ±1 SD and ±2 SD: how often the truth lies within the SD the scan states; honest SDs give about 68% and 95%.',
    "- How far a figure could move with other bodies: a mean absolute error's standard error is given beside it (the spread of the absolute errors over √n; for the girth mean, of each scan's mean of its three). A share of n scans has a standard error of about √(p(1 − p) / n): 3 points for 68% of 198 scans, 7 points for 68% of 40. A target missed or met by less than two standard errors is not settled by this seed.",
    '- The bodies are implicit mannequins rendered without texture; real people, fabrics and rooms are harder still. These figures are a floor on the error, not a claim about customers.',
    "- The issue's targets (test seed): regular clothes and shoes, front + side + height, chest/waist/hip MAE ≤ 2.5 cm each and ≥ 40% better than the baseline; front + height ≤ 3.5 cm; ±1 SD coverage 60–76%; ≥ 95% of ideal-pose scans accepted; a photo's mirror image, resized and re-encoded copies get its decision and move each girth by ≤ 0.5 cm.",
    '',
  );
  return { markdown: lines.join('\n'), summaries };
}
