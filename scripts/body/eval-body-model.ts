/**
 * Checks that the open body model is a faithful body and writes the figures to docs/body-model.md:
 *   npm run eval:body            (node --import tsx scripts/body/eval-body-model.ts)
 * Needs the survey in ../shared/data/ansur2/ (or PERFIT_ANSUR_DIR). Options: --samples N (random
 * bodies per sex, default 1000), --out FILE (default docs/body-model.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateOpenModel, formatEvaluationMarkdown } from './evaluation.js';
import { readSurvey } from './ansur.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { samples: { type: 'string' }, out: { type: 'string' } } });
  const samples = values.samples === undefined ? 1000 : Number(values.samples);
  const out = values.out ?? fileURLToPath(new URL('../../docs/body-model.md', import.meta.url));
  const started = Date.now();
  const report = await evaluateOpenModel(
    { male: readSurvey('male'), female: readSurvey('female') },
    { randomBodies: samples, log: (line) => console.log(line) },
  );
  const generation = JSON.parse(readFileSync(new URL('../../models/body/generation-report.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(out, formatEvaluationMarkdown(report, generation));
  console.log(`wrote ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s; all checks ${report.allPassed ? 'PASS' : 'FAIL'}`);
  if (!report.allPassed) process.exitCode = 1;
}

await main();
