/**
 * Where the calibrated camera's stature reading goes wrong (docs/calibration.md, "What the
 * reading's error is made of"): for each kiosk of `npm run eval:calibration`'s seed, its customer's
 * front and side photos (from .cache/eval/, so run that evaluation first), the crown and floor rows
 * as a scan reads them, against the rows where the scene's highest point and nearest sole point
 * project through the kiosk's own drawn camera, lens distortion included; and the stature those rows
 * give through that true camera (the geometry's share of the error, before any calibration).
 *
 *   node --import tsx scripts/eval/camera-rows-check.ts --seed dev --subjects 40
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { loadShapeStats } from '../../src/main/body/shape-stats.js';
import { focalFromFov, uprightHeightM, type CameraPose } from '../../src/main/calibration/camera-geometry.js';
import { cameraRowsOf } from '../../src/main/calibration/camera-rows.js';
import { crownBehindFloorRow } from '../../src/main/calibration/camera-stature.js';
import { fullSizeGray, photoOutlineRows } from '../../src/main/calibration/edge-rows.js';
import { median } from '../../src/main/inference/frame-fusion.js';
import { captureHumanOptions } from '../../src/main/inference/capture-checks/human-settings.js';
import { observeFrame } from '../../src/main/inference/capture-checks/observe-frame.js';
import { tragionColumns, tragionShare, verticalExtent } from '../../src/main/inference/embedded/vertical-extent.js';
import { createHumanRuntime } from '../../src/main/inference/human/human-runtime.js';
import { drawShapeVariation } from './body-plan.js';
import { buildScene, photoRequest, type View } from './body-scene.js';
import { customerCondition } from './calibration-scenes.js';
import { drawCondition } from './capture-conditions.js';
import { openPhotoCache, photoKey } from './photo-cache.js';
import { drawPopulation, evalSeeds } from './population.js';
import { randomFor } from './random.js';
import { projectedRows } from './scene-projection.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const argsSchema = z.object({ seed: z.enum(evalSeeds), subjects: z.coerce.number().int().min(1).max(200) });

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values: number[]): number => Math.sqrt(mean(values.map((value) => (value - mean(values)) ** 2)));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: 'dev' }, subjects: { type: 'string', default: '40' } } });
  const args = argsSchema.parse(values);
  const runtime = await createHumanRuntime(captureHumanOptions);
  const cache = openPhotoCache(join(root, '.cache/eval', args.seed));
  const earShare: Record<string, number> = {};
  for (const sex of ['female', 'male'] as const) {
    const stats = await loadShapeStats(sex);
    earShare[sex] = tragionShare((column: (typeof tragionColumns)[number]) => stats.mean[stats.columns.indexOf(column)]!);
  }
  const found: Record<View, { crownPx: number[]; floorPx: number[]; statureCm: number[] }> = {
    front: { crownPx: [], floorPx: [], statureCm: [] },
    side: { crownPx: [], floorPx: [], statureCm: [] },
  };
  let missing = 0;
  try {
    for (const [index, subject] of drawPopulation(args.seed, args.subjects).entries()) {
      const condition = customerCondition(args.seed, subject.id, drawCondition(args.seed, subject.id, index, subject.dims.stature!));
      const variation = drawShapeVariation(randomFor(args.seed, subject.id, 'shape'));
      for (const view of ['front', 'side'] as const) {
        const key = photoKey({ dims: subject.dims, variation, condition, view });
        const cached = await cache
          .photo(`calibrated-${subject.id}`, view, key, () => Promise.reject(new Error('not rendered')))
          .catch(() => null);
        if (!cached) {
          missing += 1;
          continue;
        }
        const request = photoRequest(buildScene(subject, variation, condition, view), condition, view, 0);
        const truth = projectedRows(request);
        const bytes = readFileSync(cached.path);
        const { observation } = await observeFrame(runtime, bytes, view);
        if (!observation.silhouette) continue;
        const extent = verticalExtent(observation.silhouette, observation.body, earShare[subject.sex]);
        const outline = photoOutlineRows(await fullSizeGray(bytes), observation.silhouette, observation.imageHeight);
        const rows = cameraRowsOf(observation.silhouette, observation.body, extent.topY, view, outline);
        const { camera } = request;
        const pose: CameraPose = {
          focalPx: focalFromFov(camera.heightPx, camera.fovDeg),
          imageWidth: camera.widthPx,
          imageHeight: camera.heightPx,
          heightM: camera.heightM,
          tiltDeg: camera.tiltDeg,
        };
        const spanCm = (subject.dims.stature! + condition.hairVolumeMm + condition.soleMm) / 10;
        found[view].crownPx.push(rows.topY - truth.top);
        found[view].floorPx.push(rows.floorY - truth.bottom);
        found[view].statureCm.push(uprightHeightM(pose, rows, crownBehindFloorRow[view]) * 100 - spanCm);
      }
    }
  } finally {
    runtime.dispose();
  }
  const lines = [`Seed ${args.seed}, ${args.subjects} kiosks (${missing} photos not in .cache/eval/: run npm run eval:calibration first).`];
  for (const view of ['front', 'side'] as const) {
    const { crownPx, floorPx, statureCm } = found[view];
    if (crownPx.length === 0) continue;
    const within = (values: number[], px: number): number => values.filter((value) => Math.abs(value) <= px).length;
    const sound = statureCm.filter((value) => Math.abs(value) < 5);
    lines.push(
      `${view} (${crownPx.length} photos): crown row read − true median ${median(crownPx).toFixed(1)} px, ${within(crownPx, 2)} within 2 px; ` +
        `floor row median ${median(floorPx).toFixed(1)} px, ${within(floorPx, 2)} within 2 px, worst ${Math.max(...floorPx.map(Math.abs)).toFixed(0)} px; ` +
        `the read rows through the true camera give the span (stature, hair and sole) with mean ${mean(sound).toFixed(2)} cm and SD ` +
        `${sd(sound).toFixed(2)} cm over the ${sound.length} within 5 cm.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
