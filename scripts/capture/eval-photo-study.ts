/**
 * The capture checks on the accuracy evaluation's photographs (issue 16, section 5): what Human
 * sees in each dev-seed photo and in its mirrored, resized and re-encoded copies, and what the
 * embedded pipeline measures from each, with the arm rule switched off so that the girth error of
 * the photos it would refuse is known too.
 *
 *   node --import tsx scripts/capture/eval-photo-study.ts --subjects 60     # out/eval-photo-study.jsonl
 *   node --import tsx scripts/capture/eval-photo-report.ts                  # the figures
 *
 * The photos are the evaluation's own (.cache/eval/<seed>/, rendered here when missing), drawn with
 * the poses of scripts/eval/capture-conditions.ts: front arms 15–45° out from the body. Only the dev
 * seed is for choosing thresholds; the test seed is refused here so it cannot be tuned on.
 * One JSON line per subject, appended as it is done, so an interrupted run keeps its subjects and a
 * rerun skips them.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { captureHumanOptions } from '../../src/main/inference/capture-checks/human-settings.js';
import { observeFrame } from '../../src/main/inference/capture-checks/observe-frame.js';
import { defaultCaptureCheckSettings } from '../../src/main/inference/capture-checks/settings.js';
import { createEmbeddedPipeline } from '../../src/main/inference/embedded/embedded-pipeline.js';
import { createHumanRuntime } from '../../src/main/inference/human/human-runtime.js';
import { ScanRejectedError, type ScanInput } from '../../src/main/inference/pipeline.js';
import { openMeshPhotoRenderer, type MeshPhotoRenderer } from '../render/mesh-photo-renderer.js';
import { buildScene, photoRequest, viewPose } from '../eval/body-scene.js';
import { buildBodyPlan, drawShapeVariation } from '../eval/body-plan.js';
import { drawCondition } from '../eval/capture-conditions.js';
import { openPhotoCache, photoKey } from '../eval/photo-cache.js';
import { drawPopulation } from '../eval/population.js';
import { hashKey, randomFor } from '../eval/random.js';
import { staffClothingChoice } from '../eval/scan-population.js';
import { measureTruth } from '../eval/truth.js';
import { photoCopies, photoCopyNames } from './photo-copies.js';
import { girthNames, type GirthName, type PhotoVariant, type StudySubject } from './study-record.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const argsSchema = z.object({
  seed: z.literal('dev', { message: 'only the dev seed: thresholds are never chosen on the test seed' }),
  subjects: z.coerce.number().int().min(1).max(400),
  out: z.string().min(1),
  armsAgainstBody: z.boolean(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: 'dev' },
      subjects: { type: 'string', default: '60' },
      out: { type: 'string' },
      // Photos that must be refused: every third subject's front photo again with the arms hanging
      // against the body (2–6° out, elbows straight to 10°), to show what the arm rule catches and
      // what such a photo does to the girths.
      'arms-against-body': { type: 'boolean', default: false },
      // Observations only, no scans (the decisions and the looks, not the girths).
      'observe-only': { type: 'boolean', default: false },
    },
  });
  const armsAgainstBody = values['arms-against-body'] ?? false;
  const args = argsSchema.parse({
    ...values,
    armsAgainstBody,
    out: values.out ?? join(root, armsAgainstBody ? 'out/eval-photo-study-arms-against-body.jsonl' : 'out/eval-photo-study.jsonl'),
  });
  const done = new Set<string>();
  if (existsSync(args.out))
    for (const line of readFileSync(args.out, 'utf8').split('\n').filter(Boolean)) done.add((JSON.parse(line) as StudySubject).id);
  mkdirSync(dirname(args.out), { recursive: true });
  const copiesDir = join(tmpdir(), 'perfit-eval-photo-study');
  mkdirSync(copiesDir, { recursive: true });

  // The arm rule off for the pipeline's own checks (the same settings object it reads), so that a
  // scan the rule would refuse is still measured: the study is how much error it prevents.
  defaultCaptureCheckSettings.minArmGapShare = 0;

  const runtime = await createHumanRuntime({ ...captureHumanOptions, log: () => {} });
  const pipeline = await createEmbeddedPipeline({ modelsDir: join(root, 'models'), choice: 'embedded', log: () => {} });
  await pipeline.warmUp();
  const cache = openPhotoCache(join(root, '.cache/eval', args.seed));
  let renderer: MeshPhotoRenderer | null = null;
  try {
    for (const [index, subject] of drawPopulation(args.seed, args.subjects).entries()) {
      if (done.has(subject.id) || (args.armsAgainstBody && index % 3 !== 0)) continue;
      const variation = drawShapeVariation(randomFor(args.seed, subject.id, 'shape'));
      const drawn = drawCondition(args.seed, subject.id, index, subject.dims.stature!);
      const against = randomFor(args.seed, subject.id, 'arms-against-body');
      const condition = args.armsAgainstBody
        ? { ...drawn, front: { ...drawn.front, armAbductionDeg: against.uniform(2, 6), elbowFlexDeg: against.uniform(0, 10) } }
        : drawn;
      const truth = measureTruth(buildBodyPlan(subject.dims, variation, viewPose(condition, 'front')), subject.dims);
      const paths: Record<string, string> = {};
      for (const view of ['front', 'side'] as const) {
        const key = photoKey({ dims: subject.dims, variation, condition, view });
        const { path } = await cache.photo(subject.id, view, key, async () => {
          renderer ??= await openMeshPhotoRenderer();
          return renderer.photograph(
            photoRequest(
              buildScene(subject, variation, condition, view),
              condition,
              view,
              hashKey(`${args.seed}/${subject.id}/${view}/noise`),
            ),
          );
        });
        const original = readFileSync(path);
        paths[`${view}/original`] = path;
        for (const copy of photoCopyNames) {
          const copyPath = join(copiesDir, `${subject.id}-${view}-${copy}.jpg`);
          writeFileSync(copyPath, await photoCopies[copy](original));
          paths[`${view}/${copy}`] = copyPath;
        }
      }
      const record: StudySubject = {
        id: subject.id,
        sex: subject.sex,
        bmi: subject.bmi,
        clothing: condition.clothing,
        front: { armAbductionDeg: condition.front.armAbductionDeg, elbowFlexDeg: condition.front.elbowFlexDeg },
        truth: { chest: truth.chest, waist: truth.waist, hip: truth.hip },
        observations: [],
        scans: [],
      };
      for (const view of ['front', 'side'] as const) {
        for (const variant of ['original', ...photoCopyNames] as const) {
          const started = performance.now();
          const { observation, firstLook, timings } = await observeFrame(runtime, readFileSync(paths[`${view}/${variant}`]!), view);
          record.observations.push({ view, variant, observation, firstLook, bodyMs: timings.bodyMs, totalMs: performance.now() - started });
        }
      }
      // The original's front+height scan is the evaluation's own (npm run eval:embedded); the copies are for their girths' consistency.
      const scans: Array<{ inputSet: StudySubject['scans'][number]['inputSet']; variant: PhotoVariant }> = values['observe-only']
        ? []
        : (['original', ...photoCopyNames] as const).map((variant) => ({ inputSet: 'front+side+height' as const, variant }));
      for (const { inputSet, variant } of scans) {
        const input: ScanInput = {
          jobId: `${subject.id}-${inputSet}-${variant}`,
          imagePath: paths[`front/${variant}`]!,
          sideImagePath: inputSet === 'front+height' ? null : paths[`side/${variant}`]!,
          gender: subject.sex,
          heightCm: truth.height,
          clothing: staffClothingChoice[condition.clothing],
          shoes: condition.soleMm > 0 ? 'flat' : 'none',
        };
        const scan: StudySubject['scans'][number] = { inputSet, variant, refusal: null, girths: {} };
        try {
          const result = await pipeline.run(input, () => {});
          for (const measurement of result.measurements) {
            if ((girthNames as readonly string[]).includes(measurement.name))
              scan.girths[measurement.name as GirthName] = measurement.valueCm;
          }
        } catch (error) {
          if (!(error instanceof ScanRejectedError)) throw error;
          scan.refusal = error.code;
        }
        record.scans.push(scan);
      }
      appendFileSync(args.out, `${JSON.stringify(record)}\n`);
      const main = record.scans.find((scan) => scan.inputSet === 'front+side+height' && scan.variant === 'original');
      const measured = main
        ? (main.refusal ??
          girthNames.map((name) => `${name} ${(main.girths[name] ?? NaN).toFixed(1)} (${truth[name].toFixed(1)})`).join(' '))
        : 'observed';
      process.stderr.write(
        `[${index + 1}/${args.subjects}] ${subject.id} arms ${condition.front.armAbductionDeg.toFixed(1)}°: ${measured}\n`,
      );
    }
  } finally {
    await pipeline.close();
    runtime.dispose();
    await (renderer as MeshPhotoRenderer | null)?.close();
  }
}

await main();
