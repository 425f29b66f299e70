import type { Human } from '@vladmandic/human';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFileModelLoader } from '../../../../src/main/inference/human/file-model-loader.js';
import { defaultFaceDetectorSettings, humanConfig } from '../../../../src/main/inference/human/human-config.js';
import { loadHumanConstructor } from '../../../../src/main/inference/human/human-module.js';
import { resolveHumanPaths } from '../../../../src/main/inference/human/human-paths.js';
import { createHumanRuntime, otherSide, type BodyPose, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import { decodeImage, resizeDecoded, type DecodedImage } from '../../../../src/main/inference/human/image-decoder.js';
import { humanSquarePadding, modelInput } from '../../../../src/main/inference/human/model-input.js';
import type { Tensor, Tensor3D, Tensor4D, Tf } from '../../../../src/main/inference/human/tfjs.js';
import { aPoseRender, mirrorSelfie } from '../../../integration/inference/embedded/photos.js';

/**
 * The runtime runs BlazePose and the selfie segmentation itself, from its own inputs to Human's
 * answers, to do less work than Human's `detect` and `segmentation`. The answers must be Human's,
 * number for number: the capture checks' thresholds and the scans were measured on them. Human
 * itself, on the same thread and tfjs, is the reference.
 */
let runtime: HumanRuntime;
let human: Human;
let tf: Tf;
const photos: Record<string, Buffer> = {};

beforeAll(async () => {
  runtime = await createHumanRuntime({ modules: ['body', 'segmentation'], bodyModel: 'full', maxSidePx: 1024 });
  const paths = resolveHumanPaths();
  human = new (loadHumanConstructor(paths.humanBundle))(
    humanConfig({ modules: ['body', 'segmentation'], paths, face: defaultFaceDetectorSettings, bodyModel: 'full' }),
  );
  tf = human.tf as Tf;
  registerFileModelLoader(tf);
  await human.init();
  await human.load();
  // 660×720 (wider than BlazePose pads least) and 386×720 (a narrow portrait, padded most).
  photos['A-pose render'] = await aPoseRender();
  photos['mirror selfie'] = await mirrorSelfie();
}, 60_000);
afterAll(() => runtime?.dispose());

const bodyOnly = { face: { enabled: false }, body: { enabled: true }, segmentation: { enabled: false } };
const maskOnly = { face: { enabled: false }, body: { enabled: false }, segmentation: { enabled: true } };

function tensorOf(image: DecodedImage, mirrored: boolean): Tensor4D {
  const upright = tf.tensor4d(Float32Array.from(image.rgb), [1, image.height, image.width, 3], 'float32');
  if (!mirrored) return upright;
  const flipped = tf.reverse(upright, 2);
  tf.dispose(upright);
  return flipped;
}

/** Human's own BlazePose answer, as the runtime maps it to the photo (decoded at full size: scale 1). */
async function humanBody(image: DecodedImage, mirrored: boolean): Promise<BodyPose | null> {
  expect(image.scale).toBe(1);
  const input = tensorOf(image, mirrored);
  const result = await human.detect(input, bodyOnly);
  tf.dispose(input);
  const body = result.body[0];
  if (!body) return null;
  const span = image.originX * 2 + image.width;
  const [left, top, width, height] = body.box;
  const clampX = (value: number): number => Math.min(image.originalWidth, Math.max(0, value));
  const clampY = (value: number): number => Math.min(image.originalHeight, Math.max(0, value));
  return {
    score: body.score,
    box: {
      x: clampX(left),
      y: clampY(top),
      width: clampX(left + width) - clampX(left),
      height: clampY(top + height) - clampY(top),
    },
    keypoints: body.keypoints.map((keypoint) => ({
      part: mirrored ? otherSide(keypoint.part) : keypoint.part,
      x: clampX(mirrored ? span - (image.originX + keypoint.position[0]) : image.originX + keypoint.position[0]),
      y: clampY(image.originY + keypoint.position[1]),
      z: keypoint.position[2] ?? null,
      score: keypoint.score,
    })),
  };
}

describe('HumanRuntime runs BlazePose and the selfie segmentation as Human does', () => {
  it.each(['A-pose render', 'mirror selfie'])('%s: the same person, keypoint for keypoint, direct and mirrored', async (name) => {
    const bytes = photos[name]!;
    const image = await decodeImage(bytes, { maxSidePx: 1024 });
    for (const mirrored of [false, true]) {
      const ours = (await runtime.detectBody(bytes, { mirrored })).bodies[0]!;
      const theirs = (await humanBody(image, mirrored))!;
      expect(ours.score).toBeGreaterThan(0.5);
      expect(ours.keypoints).toHaveLength(39);
      expect(ours.keypoints).toEqual(theirs.keypoints);
      expect(ours.score).toBe(theirs.score);
      if (!mirrored) expect(ours.box).toEqual(expect.objectContaining(theirs.box));
    }
  });

  it.each(['A-pose render', 'mirror selfie'])('%s: the same mask, byte for byte, direct and mirrored', async (name) => {
    const bytes = photos[name]!;
    const image = await decodeImage(bytes, { maxSidePx: 1024 });
    for (const mirrored of [false, true]) {
      const ours = await runtime.segmentPerson(bytes, { mirrored });
      const input = tensorOf(image, mirrored);
      const alpha = (await human.segmentation(input, maskOnly))!;
      const values = await alpha.data();
      tf.dispose([input, alpha]);
      const theirs = Uint8Array.from(values, (value) => Math.min(255, Math.max(0, Math.round(value))));
      if (mirrored) for (let y = 0; y < image.height; y += 1) theirs.subarray(y * image.width, (y + 1) * image.width).reverse();
      expect(ours.mask.length).toBe(image.width * image.height);
      expect(ours.mask.filter((value) => value >= 128).length).toBeGreaterThan(ours.mask.length * 0.05);
      expect(Buffer.from(ours.mask).equals(Buffer.from(theirs))).toBe(true);
    }
  });

  it('gives photos prepared ahead (a burst: the next frame decoding while this one is looked at) the same mask and keypoints', async () => {
    const [first, second] = [photos['A-pose render']!, photos['mirror selfie']!];
    const look = async (bytes: Buffer) => ({
      mask: (await runtime.segmentPerson(bytes)).mask,
      keypoints: (await runtime.detectBody(bytes, { mirrored: true })).bodies[0]!.keypoints,
    });
    const alone = [await look(first), await look(second)];
    runtime.prepare(first);
    runtime.prepare(second);
    const prepared = [await look(first), await look(second)];
    for (const [index, each] of prepared.entries()) {
      expect(Buffer.from(each.mask).equals(Buffer.from(alone[index]!.mask))).toBe(true);
      expect(each.keypoints).toEqual(alone[index]!.keypoints);
    }
  });

  it("a square region is read with the padding of the last photo that was not square, as Human's module keeps it", async () => {
    const bytes = photos['mirror selfie']!;
    const image = await decodeImage(bytes, { maxSidePx: 1024 });
    const region = { left: 0, top: 0, width: image.width, height: image.width };
    // Each side runs one non-square photo first, which sets the padding both then use.
    await runtime.detectBody(bytes);
    await humanBody(image, false);
    const ours = (await runtime.detectBody(bytes, { region })).bodies[0]!;
    const square = await resizeDecoded(image, { maxSidePx: 1024, region });
    const input = tensorOf(square, false);
    const result = await human.detect(input, bodyOnly);
    tf.dispose(input);
    const theirs = result.body[0]!;
    expect(ours.keypoints.map((keypoint) => [keypoint.x, keypoint.y])).toEqual(
      theirs.keypoints.map((keypoint) => [
        Math.min(image.width, Math.max(0, keypoint.position[0])),
        Math.min(image.height, Math.max(0, region.top + keypoint.position[1])),
      ]),
    );
  });
});

describe('modelInput', () => {
  /** Human's way: the photo's float tensor, padded with zeros, resized by tfjs, divided by 255. */
  async function reference(image: DecodedImage, sizePx: number, padded: boolean, mirrored: boolean): Promise<Float32Array> {
    const t: Tensor[] = [tensorOf(image, mirrored)];
    const padding = padded ? humanSquarePadding(image.width, image.height) : null;
    if (padding)
      t.push(
        tf.pad(t.at(-1)!, [
          [0, 0],
          [padding.top, padding.bottom],
          [padding.left, padding.right],
          [0, 0],
        ]),
      );
    t.push(tf.image.resizeBilinear(t.at(-1)! as Tensor3D, [sizePx, sizePx]));
    t.push(tf.div(t.at(-1)!, tf.scalar(255)));
    const values = (await t.at(-1)!.data()) as Float32Array;
    tf.dispose(t);
    return values;
  }

  function noise(width: number, height: number): DecodedImage {
    const rgb = new Uint8Array(width * height * 3);
    let state = 12345;
    for (let index = 0; index < rgb.length; index += 1) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      rgb[index] = state >> 23;
    }
    return { rgb, width, height, originalWidth: width, originalHeight: height, scale: 1, originX: 0, originY: 0 };
  }

  it.each([
    [660, 720],
    [575, 1024],
    [1024, 577],
    [301, 300],
    [256, 256],
    [97, 180],
  ])('is tfjs-WASM bit for bit on a %i×%i photo, padded or not, mirrored or not', async (width, height) => {
    const image = noise(width, height);
    for (const padded of [true, false]) {
      for (const mirrored of [false, true]) {
        const padding = padded ? (humanSquarePadding(width, height) ?? undefined) : undefined;
        const ours = modelInput(image, { sizePx: 256, padding, mirrored });
        const theirs = await reference(image, 256, padded, mirrored);
        expect(ours.length).toBe(theirs.length);
        expect(ours.findIndex((value, index) => value !== theirs[index])).toBe(-1);
      }
    }
  });

  it('pads the shorter side by half the difference, rounded down, and a square not at all', () => {
    expect(humanSquarePadding(660, 720)).toEqual({ top: 0, bottom: 0, left: 30, right: 30 });
    expect(humanSquarePadding(1024, 577)).toEqual({ top: 223, bottom: 223, left: 0, right: 0 });
    expect(humanSquarePadding(300, 300)).toBeNull();
  });
});
