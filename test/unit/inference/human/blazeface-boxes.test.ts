import type { Human } from '@vladmandic/human';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createBlazeFace, type BlazeFace, type FaceDetectorInput } from '../../../../src/main/inference/human/blazeface-boxes.js';
import { defaultFaceDetectorSettings, modelUrls } from '../../../../src/main/inference/human/human-config.js';
import { resolveHumanPaths } from '../../../../src/main/inference/human/human-paths.js';
import { loadConvertedNetwork } from '../../../../src/main/inference/tfjs-to-onnx/converted-network.js';
import { createReferenceHuman, type Tensor4D, type Tf } from '../../../helpers/reference-human.js';
import { asset, crop, faceDetectRow, gradient, kioskFrame } from './photos.js';

/**
 * The runtime runs BlazeFace itself (blazeface-boxes.ts), its network on onnxruntime, instead of
 * through Human's `detect`. The face check must refuse what it refused: Human itself on tfjs is the
 * reference, face for face, on photos with one face, several, small ones and none.
 */
let human: Human;
let tf: Tf;
let blazeFace: BlazeFace;
const faceOnly = { face: { enabled: true }, body: { enabled: false }, segmentation: { enabled: false } };

beforeAll(async () => {
  ({ human, tf } = await createReferenceHuman(['face']));
  const urls = modelUrls({ modules: ['face'], paths: resolveHumanPaths(), face: defaultFaceDetectorSettings, bodyModel: 'full' });
  blazeFace = createBlazeFace(await loadConvertedNetwork(fileURLToPath(urls.face)), defaultFaceDetectorSettings);
}, 60_000);

/**
 * The photo `side` px on its long side, padded to a square with grey unless `square` is false: as
 * the detector's input (ours) and as Human's input tensor (theirs).
 */
async function inputsOf(photo: Buffer, side: number, square = true): Promise<{ ours: FaceDetectorInput; theirs: Tensor4D }> {
  const { data, info } = await sharp(photo)
    .resize({ width: side, height: side, fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const [paddedWidth, paddedHeight] = square ? [side, side] : [info.width, info.height];
  const ours = { rgb: new Uint8Array(data), width: info.width, height: info.height, paddedWidth, paddedHeight };
  const rgb = tf.tensor4d(Float32Array.from(data), [1, info.height, info.width, 3], 'float32');
  if (!square) return { ours, theirs: rgb };
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
  return { ours, theirs: padded };
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
  it.each(Object.keys(photos))('%s: the same faces to a pixel and a hundredth, at the input size, smaller and not square', async (name) => {
    const photo = await photos[name]!();
    let faces = 0;
    for (const [side, square] of [
      [256, true],
      [180, true],
      [256, false],
    ] as const) {
      const input = await inputsOf(photo, side, square);
      const theirs = (await human.detect(input.theirs, faceOnly)).face;
      tf.dispose(input.theirs);
      const ours = await blazeFace.detect(input.ours);
      // onnxruntime and tfjs round floats differently: a box edge may land a pixel over, a score a hundredth.
      expect(ours).toHaveLength(theirs.length);
      ours.forEach((face, index) => {
        const their = theirs[index]!;
        face.box.forEach((value, side) => expect(Math.abs(value - their.box[side]!)).toBeLessThanOrEqual(1));
        expect(Math.abs(face.score - their.score)).toBeLessThanOrEqual(0.0100001);
      });
      faces += ours.length;
    }
    if (!name.includes('no face') && !name.includes('gradient')) expect(faces).toBeGreaterThan(0);
  });
});
