/**
 * The accuracy evaluation that cannot flatter the pipeline:
 *
 *   npm run eval:embedded                                  test seed → docs/embedded-accuracy.md (+ .json)
 *   npm run eval:embedded -- --seed dev --subjects 4 --out /tmp/dev.md   tuning, on the dev seed
 *   npm run eval:embedded -- --render-only                  fill the photo cache only (no scans, no report)
 *
 * Held-out survey subjects built by an independent construction, dressed, shod and photographed
 * under varied kiosk conditions, scanned by the embedded pipeline (and hmr2 when its model files
 * are present), measured against an independent tape, beside the prior-only baseline.
 * Photos are cached in .cache/eval/; a rerun after a pipeline change only rescans.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { loadShapeStats } from '../../src/main/body/shape-stats.js';
import { createEmbeddedPipeline } from '../../src/main/inference/embedded/embedded-pipeline.js';
import { assumedStatureSdLevelOnDev, noHeightSdLevelOnDev, sdLevelOnDev } from '../../src/main/inference/embedded/fit-uncertainty.js';
import type { Pipeline } from '../../src/main/inference/pipeline.js';
import { selectPipeline } from '../../src/main/inference/pipeline-selection.js';
import { openMeshPhotoRenderer } from '../render/mesh-photo-renderer.js';
import { openPhotoCache } from './photo-cache.js';
import { drawPopulation, evalSeeds } from './population.js';
import { codeVersion } from './code-version.js';
import { formatReport } from './report.js';
import { formatCopies, scanCopies } from './photo-copies.js';
import { formatDefaultClothing, scanAtDefaultClothing } from './default-clothing.js';
import { formatDefaultShoes, scanAtDefaultShoes } from './default-shoes.js';
import { formatDefaultGender, scanAtDefaultGender } from './default-gender.js';
import { scanPopulation } from './scan-population.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const argsSchema = z.object({
  seed: z.enum(evalSeeds),
  subjects: z.coerce.number().int().min(1).max(400),
  out: z.string().min(1),
  pipelines: z.enum(['embedded', 'all']),
  renderOnly: z.boolean(),
  copies: z.coerce.number().int().min(0).max(400),
  defaultClothing: z.coerce.number().int().min(0).max(400),
  defaultShoes: z.coerce.number().int().min(0).max(400),
  defaultGender: z.coerce.number().int().min(0).max(400),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: 'test' },
      // Every held-out subject of the seed (99 per sex): coverage of ±1 SD reads to a few points only over that many.
      subjects: { type: 'string', default: '198' },
      out: { type: 'string', default: join(root, 'docs/embedded-accuracy.md') },
      pipelines: { type: 'string', default: 'all' },
      // Fill the photo cache without scanning (no report): a later run only scans.
      'render-only': { type: 'boolean', default: false },
      // How many subjects' scans are repeated on copies of their photos (photo-copies.ts); 0 for none.
      copies: { type: 'string', default: '20' },
      // How many first subjects are scanned again with `clothing` left out, judged from the photo (default-clothing.ts); 0 for none.
      'default-clothing': { type: 'string', default: '40' },
      // How many first subjects are scanned again with `shoes` left out, a street shoe's sole assumed (default-shoes.ts); 0 for none.
      'default-shoes': { type: 'string', default: '40' },
      // How many first subjects are scanned again with `gender` left out, the neutral body model (default-gender.ts); 0 for none.
      'default-gender': { type: 'string', default: '40' },
    },
  });
  const parsed = argsSchema.safeParse({
    ...values,
    renderOnly: values['render-only'],
    defaultClothing: values['default-clothing'],
    defaultShoes: values['default-shoes'],
    defaultGender: values['default-gender'],
  });
  if (!parsed.success)
    throw new Error(`eval:embedded: ${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const args = parsed.data;
  const started = performance.now();
  const code = codeVersion(['src/main/inference', 'src/main/body', 'models/body']);
  const log = (): void => {};
  const pipelines: Pipeline[] = args.renderOnly
    ? []
    : [await createEmbeddedPipeline({ modelsDir: join(root, 'models'), choice: 'embedded', log })];
  const notRun: Array<{ pipeline: string; reason: string }> = [];
  if (args.pipelines === 'all' && !args.renderOnly) {
    try {
      pipelines.push(await selectPipeline({ modelsDir: join(root, 'models'), choice: 'hmr2', log }));
    } catch (error) {
      notRun.push({ pipeline: 'hmr2', reason: `not run: ${(error as Error).message}` });
    }
  }
  const renderer = await openMeshPhotoRenderer();
  try {
    for (const pipeline of pipelines) await pipeline.warmUp();
    const subjects = drawPopulation(args.seed, args.subjects);
    const {
      subjects: subjectRecords,
      scans,
      renderedPhotos,
      photos,
    } = await scanPopulation({
      seed: args.seed,
      subjects,
      pipelines,
      stats: { female: await loadShapeStats('female'), male: await loadShapeStats('male') },
      renderer,
      cache: openPhotoCache(join(root, '.cache/eval', args.seed)),
      onProgress: ({ subject, index, note }) => process.stderr.write(`[${index + 1}/${subjects.length}] ${subject.id} ${note}\n`),
    });
    if (args.renderOnly) {
      process.stdout.write(`${renderedPhotos} photos rendered into .cache/eval/${args.seed}/\n`);
      return;
    }
    // The embedded pipeline's scans repeated: on copies of the photos, and with the clothing left out (judged from the photo).
    const rescan = (count: number, label: string) =>
      pipelines[0]
        ? {
            pipeline: pipelines[0],
            subjects: subjectRecords,
            scans,
            photos,
            count,
            onProgress: (note: string) => process.stderr.write(`[${label}] ${note}\n`),
          }
        : null;
    const copiesRescan = rescan(args.copies, 'copies');
    const copies = copiesRescan ? await scanCopies(copiesRescan) : [];
    const defaultRescan = rescan(args.defaultClothing, 'default clothing');
    const atDefaultClothing = defaultRescan ? await scanAtDefaultClothing(defaultRescan) : [];
    const shoesRescan = rescan(args.defaultShoes, 'default shoes');
    const atDefaultShoes = shoesRescan ? await scanAtDefaultShoes(shoesRescan) : [];
    const genderRescan = rescan(args.defaultGender, 'default gender');
    const atDefaultGender = genderRescan ? await scanAtDefaultGender(genderRescan) : [];
    const command =
      `npm run eval:embedded -- --seed ${args.seed} --subjects ${args.subjects} --copies ${args.copies}` +
      ` --default-clothing ${args.defaultClothing} --default-shoes ${args.defaultShoes} --default-gender ${args.defaultGender}`;
    const { markdown, summaries } = formatReport(subjectRecords, scans, {
      seed: args.seed,
      command,
      seconds: (performance.now() - started) / 1000,
      renderedPhotos,
      pipelines: pipelines.map((pipeline) => pipeline.info.name),
      codeVersion: code,
      notRun,
      extraSections: [
        ...formatCopies(copies, pipelines[0]?.info.name ?? 'embedded'),
        ...formatDefaultClothing(atDefaultClothing, pipelines[0]?.info.name ?? 'embedded'),
        ...formatDefaultShoes(atDefaultShoes, pipelines[0]?.info.name ?? 'embedded'),
        ...formatDefaultGender(atDefaultGender, pipelines[0]?.info.name ?? 'embedded'),
      ],
    });
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, markdown);
    // The SD levels the run was made with: fit-sd-levels.ts refits them from this run's coverage.
    const record = {
      seed: args.seed,
      command,
      notRun,
      sdLevels: sdLevelOnDev,
      assumedStatureSdLevels: assumedStatureSdLevelOnDev,
      noHeightSdLevels: noHeightSdLevelOnDev,
      summaries,
      subjects: subjectRecords,
      scans,
      copies,
      atDefaultClothing,
      atDefaultShoes,
      atDefaultGender,
    };
    writeFileSync(args.out.replace(/\.md$/, '') + '.json', `${JSON.stringify(record, null, 1)}\n`);
    process.stdout.write(markdown);
  } finally {
    await Promise.all(pipelines.map((pipeline) => pipeline.close()));
    await renderer.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
