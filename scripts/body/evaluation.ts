import { loadOpenBodyModel, type OpenModelGender } from '../../src/main/body/load-model.js';
import { measureBody, measurementRecord } from '../../src/main/body/measure.js';
import { measurementDefinitions, surveyValueMm, type MeasurementDefinition } from '../../src/main/body/measurement-definitions.js';
import { countSelfIntersections, meshTopology } from '../../src/main/body/mesh-validity.js';
import type { BodyModel } from '../../src/main/body/model.js';
import { shapeBody } from '../../src/main/body/shape.js';
import { fitBetas, loadShapeStats, type ShapeStats } from '../../src/main/body/shape-stats.js';
import { isHeldOut, type SurveyTable } from './ansur.js';

/** Measurements whose betas = 0 value must be within 1% of the survey mean. */
export const meanChecked = ['height', 'chest', 'waist', 'hip', 'inseam', 'shoulder_width'] as const;
/** Held-out fit: which survey columns the betas are fitted to, and the MAE limits (mm). */
export const fitTargets = [
  'stature',
  'chestcircumference',
  'waistcircumference',
  'buttockcircumference',
  'crotchheight',
  'biacromialbreadth',
] as const;
export const fitLimitsMm: Record<string, number> = { height: 5, chest: 10, waist: 10, hip: 10 };
export const sdTolerance = 0.1;
export const meanTolerance = 0.01;

/** The measurements compared with the survey: each survey-mapped one, skin variants left out (same sections). */
export function comparedDefinitions(): MeasurementDefinition[] {
  return measurementDefinitions.filter((definition) => definition.survey !== null && !definition.name.endsWith('_skin'));
}

export interface Moments {
  meanMm: number;
  sdMm: number;
}

/** Mean and SD of a survey term from survey rows. */
export function surveyMoments(rows: Array<Record<string, number>>, definition: MeasurementDefinition): Moments {
  const values = rows.map((row) => surveyValueMm(definition, row)!);
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { meanMm: mean, sdMm: Math.sqrt(variance) };
}

/** Mean and SD of a survey term from the committed statistics (no survey files needed). */
export function statsMoments(stats: ShapeStats, definition: MeasurementDefinition): Moments {
  const terms = definition.survey!.columns.map(({ column, sign }) => ({ index: stats.columns.indexOf(column), sign }));
  let mean = 0;
  let variance = 0;
  for (const a of terms) {
    mean += a.sign * stats.mean[a.index]!;
    for (const b of terms) variance += a.sign * b.sign * stats.covariance[a.index]![b.index]!;
  }
  return { meanMm: mean, sdMm: Math.sqrt(variance) };
}

export function tableRows(table: SurveyTable, which: 'all' | 'held_out'): Array<Record<string, number>> {
  return table.rows
    .filter((_, index) => which === 'all' || isHeldOut(index))
    .map((row) => Object.fromEntries(table.columns.map((column, c) => [column, row[c]!])));
}

/** Deterministic standard normal draws (mulberry32 + Box–Muller). */
export function normalSampler(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface SexEvaluation {
  gender: OpenModelGender;
  mean: Array<{ name: string; modelMm: number; surveyMm: number; errorPercent: number; checked: boolean; pass: boolean }>;
  spread: Array<{ name: string; modelSdMm: number; surveySdMm: number; ratio: number; pass: boolean }>;
  fit: { subjects: number; rows: Array<{ name: string; maeMm: number; limitMm: number | null; pass: boolean | null }> };
  mesh: {
    vertices: number;
    faces: number;
    watertight: boolean;
    manifold: boolean;
    consistentWinding: boolean;
    euler: number;
    selfIntersectionsTPose: number;
    selfIntersectionsRandom: number;
    randomChecked: number;
  };
}

export interface EvaluationOptions {
  randomBodies: number;
  /** Random bodies also checked for self-intersection. */
  intersectionBodies?: number;
  seed?: number;
  log?: (line: string) => void;
}

export async function evaluateSex(
  gender: OpenModelGender,
  reference: (definition: MeasurementDefinition) => Moments,
  heldOut: Array<Record<string, number>>,
  options: EvaluationOptions,
  model?: BodyModel,
  stats?: ShapeStats,
): Promise<SexEvaluation> {
  const body = model ?? (await loadOpenBodyModel(gender));
  const shapeStats = stats ?? (await loadShapeStats(gender));
  const definitions = comparedDefinitions();
  const atMean = measurementRecord(measureBody(body, shapeBody(body, [])));
  const mean = definitions.map((definition) => {
    const surveyMm = reference(definition).meanMm;
    const modelMm = atMean[definition.name]! * 10;
    const errorPercent = ((modelMm - surveyMm) / surveyMm) * 100;
    const checked = (meanChecked as readonly string[]).includes(definition.name);
    return {
      name: definition.name,
      modelMm,
      surveyMm,
      errorPercent,
      checked,
      pass: !checked || Math.abs(errorPercent) <= meanTolerance * 100,
    };
  });

  const draw = normalSampler(options.seed ?? 20120101);
  const sums = new Map<string, { sum: number; sum2: number }>();
  let selfIntersectionsRandom = 0;
  const intersectionBodies = options.intersectionBodies ?? 0;
  for (let sample = 0; sample < options.randomBodies; sample++) {
    const betas = Array.from({ length: body.betaCount }, draw);
    const vertices = shapeBody(body, betas);
    if (sample < intersectionBodies) selfIntersectionsRandom += countSelfIntersections(vertices, body.faces);
    const values = measurementRecord(measureBody(body, vertices));
    for (const definition of definitions) {
      const value = values[definition.name]! * 10;
      const entry = sums.get(definition.name) ?? { sum: 0, sum2: 0 };
      entry.sum += value;
      entry.sum2 += value * value;
      sums.set(definition.name, entry);
    }
  }
  const n = options.randomBodies;
  const spread = definitions.map((definition) => {
    const { sum, sum2 } = sums.get(definition.name)!;
    const modelSdMm = Math.sqrt(Math.max(0, (sum2 - (sum * sum) / n) / (n - 1)));
    const surveySdMm = reference(definition).sdMm;
    const ratio = modelSdMm / surveySdMm;
    return { name: definition.name, modelSdMm, surveySdMm, ratio, pass: Math.abs(ratio - 1) <= sdTolerance };
  });

  const errors = new Map<string, number>();
  for (const subject of heldOut) {
    const targets = Object.fromEntries(fitTargets.map((column) => [column, subject[column]!]));
    const betas = fitBetas(shapeStats, targets);
    const values = measurementRecord(measureBody(body, shapeBody(body, betas)));
    for (const definition of definitions) {
      const truth = surveyValueMm(definition, subject);
      if (truth === null) continue;
      errors.set(definition.name, (errors.get(definition.name) ?? 0) + Math.abs(values[definition.name]! * 10 - truth));
    }
  }
  const fitRows = definitions.map((definition) => {
    const maeMm = (errors.get(definition.name) ?? 0) / Math.max(1, heldOut.length);
    const limitMm = fitLimitsMm[definition.name] ?? null;
    return { name: definition.name, maeMm, limitMm, pass: limitMm === null ? null : maeMm <= limitMm };
  });

  const topology = meshTopology(body.faces, body.vertexCount);
  const result: SexEvaluation = {
    gender,
    mean,
    spread,
    fit: { subjects: heldOut.length, rows: fitRows },
    mesh: {
      vertices: body.vertexCount,
      faces: body.faces.length / 3,
      watertight: topology.watertight,
      manifold: topology.manifold,
      consistentWinding: topology.consistentWinding,
      euler: topology.eulerCharacteristic,
      selfIntersectionsTPose: countSelfIntersections(body.vTemplate, body.faces),
      selfIntersectionsRandom,
      randomChecked: intersectionBodies,
    },
  };
  options.log?.(`${gender}: ${sexPassed(result) ? 'pass' : 'FAIL'}`);
  return result;
}

export function sexPassed(result: SexEvaluation): boolean {
  return (
    result.mean.every((row) => row.pass) &&
    result.spread.every((row) => row.pass) &&
    result.fit.rows.every((row) => row.pass !== false) &&
    result.mesh.watertight &&
    result.mesh.manifold &&
    result.mesh.consistentWinding &&
    result.mesh.selfIntersectionsTPose === 0
  );
}

export interface EvaluationReport {
  sexes: SexEvaluation[];
  randomBodies: number;
  allPassed: boolean;
}

export async function evaluateOpenModel(
  survey: { male: SurveyTable; female: SurveyTable },
  options: EvaluationOptions,
): Promise<EvaluationReport> {
  const sexes: SexEvaluation[] = [];
  for (const gender of ['male', 'female'] as const) {
    const all = tableRows(survey[gender], 'all');
    sexes.push(
      await evaluateSex(gender, (definition) => surveyMoments(all, definition), tableRows(survey[gender], 'held_out'), {
        intersectionBodies: 20,
        ...options,
      }),
    );
  }
  // The neutral model stands for an equal mix of both sexes: its reference moments are the mixture's.
  const male = tableRows(survey.male, 'all');
  const female = tableRows(survey.female, 'all');
  const mixture = (definition: MeasurementDefinition): Moments => {
    const m = surveyMoments(male, definition);
    const f = surveyMoments(female, definition);
    const meanMm = (m.meanMm + f.meanMm) / 2;
    return { meanMm, sdMm: Math.sqrt((m.sdMm ** 2 + f.sdMm ** 2) / 2 + ((m.meanMm - f.meanMm) / 2) ** 2) };
  };
  const heldOutBoth = [...tableRows(survey.male, 'held_out'), ...tableRows(survey.female, 'held_out')];
  sexes.push(await evaluateSex('neutral', mixture, heldOutBoth, { intersectionBodies: 20, ...options }));
  return { sexes, randomBodies: options.randomBodies, allPassed: sexes.every(sexPassed) };
}

const f1 = (value: number): string => value.toFixed(1);
const mark = (pass: boolean | null): string => (pass === null ? '' : pass ? 'pass' : '**FAIL**');

export function formatEvaluationMarkdown(report: EvaluationReport, generation: Record<string, unknown>): string {
  const lines: string[] = [
    '# The open body model: how faithful it is',
    '',
    '<!-- Written by `npm run eval:body` (scripts/body/eval-body-model.ts). Do not edit by hand: rerun the script. -->',
    '',
    'Perfit ships its own body model (`models/body/perfit-body-{male,female,neutral}.npz`, SMPL layout, CC0-1.0),',
    'generated by `scripts/body/generate-body-models.ts` from the public-domain ANSUR II survey. How it is built and',
    'used is in `src/main/body/README.md`; the figures below are measured on the committed files, with the',
    'measurement table of `src/main/body/measurement-definitions.ts`, against the survey (millimetres).',
    '',
    `Overall: **${report.allPassed ? 'all checks pass' : 'some checks fail'}**.`,
    '',
    'Checks:',
    `- at betas = 0, stature, chest, waist, hip, inseam and shoulder width within ${meanTolerance * 100}% of the survey means;`,
    `- over ${report.randomBodies} random bodies (betas ~ N(0, I)), the SD of each measured dimension within ${sdTolerance * 100}% of the survey SD;`,
    `- for survey subjects held out of the statistics (every tenth row), betas fitted to ${fitTargets.join(', ')}`,
    '  reproduce stature within 5 mm and chest, waist and hip within 10 mm mean absolute error, measured on the mesh;',
    '- the meshes are watertight, manifold, consistently wound, genus 0, without self-intersections in T-pose.',
    '',
    "The neutral model is compared with an equal mix of both sexes; its held-out subjects are both sexes' held-out rows.",
    '',
    '![The open body models exported as mesh.glb and rendered by three.js in Chromium](body-model.png)',
    '',
    "*The product's `mesh.glb` of four bodies, loaded by three.js's GLTFLoader in Debian's Chromium (software WebGL): `npm run render:body`.*",
    '',
  ];
  for (const sex of report.sexes) {
    lines.push(
      `## ${sex.gender}`,
      '',
      `### At betas = 0 (the mean body) against the survey mean`,
      '',
      '| measurement | model (mm) | survey mean (mm) | error | check |',
      '|---|---:|---:|---:|---|',
    );
    for (const row of sex.mean)
      lines.push(
        `| ${row.name} | ${f1(row.modelMm)} | ${f1(row.surveyMm)} | ${row.errorPercent.toFixed(2)}% | ${row.checked ? mark(row.pass) : ''} |`,
      );
    lines.push(
      '',
      `### Spread over ${report.randomBodies} random bodies against the survey SD`,
      '',
      '| measurement | model SD (mm) | survey SD (mm) | ratio | check |',
      '|---|---:|---:|---:|---|',
    );
    for (const row of sex.spread)
      lines.push(`| ${row.name} | ${f1(row.modelSdMm)} | ${f1(row.surveySdMm)} | ${row.ratio.toFixed(3)} | ${mark(row.pass)} |`);
    lines.push(
      '',
      `### Held-out subjects (${sex.fit.subjects}): betas fitted to their dimensions, mean absolute error on the mesh`,
      '',
      '| measurement | MAE (mm) | limit (mm) | check |',
      '|---|---:|---:|---|',
    );
    for (const row of sex.fit.rows) lines.push(`| ${row.name} | ${f1(row.maeMm)} | ${row.limitMm ?? ''} | ${mark(row.pass)} |`);
    const mesh = sex.mesh;
    lines.push(
      '',
      '### Mesh',
      '',
      `${mesh.vertices} vertices, ${mesh.faces} faces; watertight ${mesh.watertight}, manifold ${mesh.manifold}, consistent winding ${mesh.consistentWinding}, ` +
        `Euler characteristic ${mesh.euler}; self-intersecting face pairs: ${mesh.selfIntersectionsTPose} in T-pose, ${mesh.selfIntersectionsRandom} over ${mesh.randomChecked} random bodies.`,
      '',
    );
  }
  lines.push(
    '## Linearity of the shape space',
    '',
    'Largest vertex error (mm) of `v_template + shapedirs · betas` against the generator itself at ±3 SD along each component:',
    '',
  );
  for (const [gender, entry] of Object.entries(generation)) {
    const linearity = (entry as { linearity?: Array<{ beta: number; maxErrorMm: number; meanErrorMm: number }> }).linearity ?? [];
    lines.push(
      `- ${gender}: ` + linearity.map((row) => `β${row.beta} ${row.maxErrorMm.toFixed(1)} (mean ${row.meanErrorMm.toFixed(2)})`).join(', '),
    );
  }
  lines.push(
    '',
    '## Measurement definitions',
    '',
    '| name | method | survey (ANSUR II) | ISO 8559-1 | API field | how |',
    '|---|---|---|---|---|---|',
  );
  for (const definition of measurementDefinitions) {
    const survey = definition.survey
      ? definition.survey.columns.map(({ column, sign }, k) => `${sign < 0 ? '− ' : k > 0 ? '+ ' : ''}${column}`).join(' ')
      : '';
    lines.push(
      `| ${definition.name} | ${definition.method} | ${survey} | ${definition.iso8559} | ${definition.apiField ?? ''} | ${definition.description} |`,
    );
  }
  lines.push(
    '',
    '## Caveats',
    '',
    '- ANSUR II is a military population (younger and fitter than shoppers): the shape space spans its variation.',
    '- The sections of the generated body are convex, so `*_skin` equals the hull figure on it; on scanned or SMPL meshes they differ.',
    '- `upper_arm` and `forearm` follow ANSUR, which measures them flexed.',
    '- Figures at other betas come from the linear shape space (see linearity above), not from the generator.',
    '',
  );
  return lines.join('\n');
}
