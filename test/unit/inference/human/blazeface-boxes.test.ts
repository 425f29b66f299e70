import type { GraphModel, Human } from '@vladmandic/human';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBlazeFace, type BlazeFace } from '../../../../src/main/inference/human/blazeface-boxes.js';
import { registerFileModelLoader } from '../../../../src/main/inference/human/file-model-loader.js';
import { defaultFaceDetectorSettings, humanConfig } from '../../../../src/main/inference/human/human-config.js';
import { loadHumanConstructor } from '../../../../src/main/inference/human/human-module.js';
import { resolveHumanPaths } from '../../../../src/main/inference/human/human-paths.js';
import type { Tensor4D, Tf } from '../../../../src/main/inference/human/tfjs.js';
import { asset, crop, faceDetectRow, gradient, kioskFrame } from './photos.js';

/**
 * The runtime runs BlazeFace itself (blazeface-boxes.ts) instead of through Human's `detect`, to
 * skip the work Human does for the face models the check never uses. The face check must refuse
 * what it refused: Human itself, on the same thread, tfjs and tensors, is the reference, box for
 * box and score for score, on photos with one face, several, small ones and none.
 */
let human: Human;
let tf: Tf;
let blazeFace: BlazeFace;
const faceOnly = { face: { enabled: true }, body: { enabled: false }, segmentation: { enabled: false } };

beforeAll(async () => {
  const paths = resolveHumanPaths();
  human = new (loadHumanConstructor(paths.humanBundle))(
    humanConfig({ modules: ['face'], paths, face: defaultFaceDetectorSettings, bodyModel: 'full' }),
  );
  tf = human.tf as Tf;
  registerFileModelLoader(tf);
  await human.init();
  await human.load();
  blazeFace = createBlazeFace(tf, human.models.models['blazeface'] as GraphModel, defaultFaceDetectorSettings);
}, 60_000);

/** The photo as the detector's input tensor: `side` px on its long side, padded to a square unless `square` is false. */
async function inputOf(photo: Buffer, side: number, square = true): Promise<Tensor4D> {
  const { data, info } = await sharp(photo)
    .resize({ width: side, height: side, fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rgb = tf.tensor4d(Float32Array.from(data), [1, info.height, info.width, 3], 'float32');
  if (!square) return rgb;
  const padded = tf.pad(
    rgb,
    [
      [0, 0],
      [0, side - info.height],
      [0, side - info.width],
      [0, 0],
    ],
    128,
  );
  tf.dispose(rgb);
  return padded;
}

const photos: Record<string, () => Promise<Buffer>> = {
  'one face (a screenshot)': () => asset('screenshot-faceid.jpg'),
  'a row of five portraits': () => crop('screenshot-facedetect.jpg', faceDetectRow),
  'a group photo': () => crop('samples.jpg', { left: 0, top: 200, width: 1280, height: 958 }),
  'the 16 thumbnails of samples.jpg': () => asset('samples.jpg'),
  // The runtime's second pass: the top square of a portrait frame whose whole has no face found.
  'the top square of a kiosk frame, a 70 px head': async () =>
    sharp((await kioskFrame(70)).jpeg)
      .extract({ left: 0, top: 0, width: 1080, height: 1080 })
      .toBuffer(),
  'text, no face': () => crop('screenshot-faceid.jpg', { left: 0, top: 300, width: 800, height: 264 }),
  'a plain gradient': () => gradient(1080, 1920),
};

describe('createBlazeFace answers as Human 3.3.6 does', () => {
  it.each(Object.keys(photos))('%s: the same boxes and scores, at the input size, smaller and not square', async (name) => {
    const photo = await photos[name]!();
    let faces = 0;
    for (const [side, square] of [
      [256, true],
      [180, true],
      [256, false],
    ] as const) {
      const input = await inputOf(photo, side, square);
      const theirs = await human.detect(input, faceOnly);
      const ours = await blazeFace.detect(input);
      tf.dispose(input);
      expect(ours).toEqual(theirs.face.map((face) => ({ box: face.box, score: face.score })));
      faces += ours.length;
    }
    if (!name.includes('no face') && !name.includes('gradient')) expect(faces).toBeGreaterThan(0);
  });
});
