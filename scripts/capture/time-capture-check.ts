/**
 * How long the capture check takes on one photo (what POST /api/v1/capture/check waits for), with
 * the mirror image looked at always (as before, and as a scan does) and only when the first look
 * does not decide (the live check now): Human in this thread, on the evaluation's dev photos.
 *
 *   node --import tsx scripts/capture/time-capture-check.ts [--photos 12] [--rounds 2]
 *
 * The two ways are timed alternately on the same photos, so a machine shared with other work
 * slows both alike; the medians are printed per step.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { captureHumanOptions } from '../../src/main/inference/capture-checks/human-settings.js';
import { observeFrame, type MirrorPass, type ObservationTimings } from '../../src/main/inference/capture-checks/observe-frame.js';
import { checkFrame } from '../../src/main/inference/capture-checks/rules.js';
import { createHumanRuntime } from '../../src/main/inference/human/human-runtime.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const argsSchema = z.object({ photos: z.coerce.number().int().min(1).max(200), rounds: z.coerce.number().int().min(1).max(20) });

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { photos: { type: 'string', default: '12' }, rounds: { type: 'string', default: '2' } } });
  const args = argsSchema.parse(values);
  const dir = join(root, '.cache/eval/dev');
  const photos = readdirSync(dir)
    .filter((subject) => subject.startsWith('dev-'))
    .sort()
    .flatMap((subject) =>
      readdirSync(join(dir, subject))
        .filter((file) => file.endsWith('.jpg'))
        .map((file) => ({ path: join(dir, subject, file), view: file.startsWith('side') ? ('side' as const) : ('front' as const) })),
    )
    .slice(0, args.photos);
  if (photos.length === 0) throw new Error('no dev photos in .cache/eval/dev: run npm run eval:embedded -- --seed dev --render-only first');
  const runtime = await createHumanRuntime({ ...captureHumanOptions, log: () => {} });
  type Sample = ObservationTimings & { totalMs: number; looks: number };
  const samples: Record<MirrorPass, Sample[]> = { always: [], 'when-unsure': [] };
  try {
    // The first calls of each model on a real-sized photo are slower still: one round unmeasured.
    for (const mode of ['always', 'when-unsure'] as const)
      await observeFrame(runtime, readFileSync(photos[0]!.path), photos[0]!.view, { mirrorPass: mode });
    for (let round = 0; round < args.rounds; round += 1) {
      for (const photo of photos) {
        const bytes = readFileSync(photo.path);
        for (const mode of round % 2 === 0 ? (['always', 'when-unsure'] as const) : (['when-unsure', 'always'] as const)) {
          const started = performance.now();
          const { observation, timings } = await observeFrame(runtime, bytes, photo.view, { mirrorPass: mode });
          checkFrame(observation);
          samples[mode].push({ ...timings, totalMs: performance.now() - started, looks: observation.bodyRuns?.length ?? 1 });
        }
      }
    }
  } finally {
    runtime.dispose();
  }
  const lines = [
    `${photos.length} dev photos × ${args.rounds} rounds, medians in ms (this machine as it is loaded now):`,
    '| mirror image | total | faces | mask | BlazePose | statistics | photos looked at twice |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const mode of ['always', 'when-unsure'] as const) {
    const list = samples[mode];
    const step = (key: keyof Sample): string => median(list.map((sample) => sample[key])).toFixed(0);
    lines.push(
      `| ${mode} | ${step('totalMs')} | ${step('facesMs')} | ${step('maskMs')} | ${step('bodyMs')} | ${step('statisticsMs')} | ${list.filter((sample) => sample.looks === 2).length}/${list.length} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
