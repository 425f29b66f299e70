/**
 * The picture of docs/calibration.md: a person of known height on the floor markers, photographed
 * by a kiosk camera as the evaluation renders it (three.js in Chromium), with the crown and floor
 * lines the calibration reads from it drawn in.
 *
 *   node --import tsx scripts/eval/calibration-picture.ts [--out docs/calibration-photo.jpg]
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { readPersonPhoto } from '../../src/main/calibration/read-person-photo.js';
import { captureHumanOptions } from '../../src/main/inference/capture-checks/human-settings.js';
import { createHumanRuntime } from '../../src/main/inference/human/human-runtime.js';
import { openMeshPhotoRenderer } from '../render/mesh-photo-renderer.js';
import { buildScene } from './body-scene.js';
import { drawShapeVariation } from './body-plan.js';
import { calibratorCondition } from './calibration-scenes.js';
import { drawCondition } from './capture-conditions.js';
import { drawPopulation } from './population.js';
import { randomFor } from './random.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'docs/calibration-photo.jpg') } } });

const subject = drawPopulation('dev', 2)[1]!;
const camera = { widthPx: 720, heightPx: 1280, fovDeg: 50, heightM: 1.2, distanceM: 3.3, tiltDeg: 0, lensK1: 0 };
const condition = calibratorCondition(drawCondition('dev', subject.id, 1, subject.dims.stature!), camera);
const renderer = await openMeshPhotoRenderer();
const runtime = await createHumanRuntime(captureHumanOptions);
try {
  const photo = await renderer.photograph({
    ...buildScene(subject, drawShapeVariation(randomFor('dev', subject.id, 'shape')), condition, 'front'),
    yawDeg: 0,
    camera,
    look: { ...condition.look.front, noiseSd: 0, jpegQuality: 92 },
    noiseSeed: 1,
  });
  const reading = await readPersonPhoto(runtime, photo, 'front');
  const line = (y: number, colour: string, label: string): string =>
    `<line x1="0" y1="${y}" x2="720" y2="${y}" stroke="${colour}" stroke-width="4" stroke-dasharray="18 10"/>` +
    `<text x="16" y="${y - 12}" font-family="sans-serif" font-size="30" font-weight="bold" fill="${colour}" stroke="white" stroke-width="1">${label}</text>`;
  const markerY = reading.floorY + 6;
  const { width = 720, height = 1280 } = await sharp(photo).metadata();
  const overlay = `<svg width="${width}" height="${height}" viewBox="0 0 720 1280" xmlns="http://www.w3.org/2000/svg">
    ${line(reading.topY, '#c0392b', 'crown (top of the head)')}
    ${line(reading.floorY, '#1e6fd9', 'floor line')}
    <rect x="250" y="${markerY}" width="90" height="10" fill="#f1c40f"/><rect x="380" y="${markerY}" width="90" height="10" fill="#f1c40f"/>
    <text x="16" y="44" font-family="sans-serif" font-size="28" fill="#222">A person of measured height</text>
    <text x="16" y="80" font-family="sans-serif" font-size="28" fill="#222">on the floor markers (yellow)</text>
  </svg>`;
  const layer = await sharp(Buffer.from(overlay)).resize(width, height).png().toBuffer();
  // sharp resizes before it composites within one pipeline: composite first, then shrink.
  const composed = await sharp(photo)
    .composite([{ input: layer, left: 0, top: 0 }])
    .png()
    .toBuffer();
  const annotated = await sharp(composed).resize({ height: 900 }).jpeg({ quality: 82 }).toBuffer();
  writeFileSync(values.out!, annotated);
  process.stdout.write(`wrote ${values.out} (crown row ${reading.topY.toFixed(0)}, floor row ${reading.floorY.toFixed(0)} of 1280)\n`);
} finally {
  runtime.dispose();
  await renderer.close();
}
