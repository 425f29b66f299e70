import type { Human } from '@vladmandic/human';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHumanRuntime, otherSide, type BodyPose, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import { decodeImage, resizeDecoded, type DecodedImage } from '../../../../src/main/inference/human/image-decoder.js';
import { humanSquarePadding, modelInput, noPadding, type Padding } from '../../../../src/main/inference/human/model-input.js';
import { createReferenceHuman, type Tensor4D, type Tf } from '../../../helpers/reference-human.js';
import { aPoseRender, mirrorSelfie } from '../../../integration/inference/embedded/photos.js';

/**
 * The runtime runs BlazePose and the selfie segmentation itself, converted to ONNX for onnxruntime
 * (tfjs-to-onnx/), to do less work than Human's `detect` and `segmentation`, and shrinks the photo
 * to their inputs by area averaging where Human resizes bilinearly (model-input.ts). From the
 * models' input on, the answers must be Human's: on a photo already at the input's size (256 px,
 * which neither side resizes) Human itself, on tfjs' WebAssembly, is the reference. The two
 * runtimes round floats differently (about 1e-5 of a landmark's value), so a keypoint, truncated
 * to whole pixels as Human does, may land one pixel over, a score one hundredth, and a mask byte one.
 */
let runtime: HumanRuntime;
let human: Human;
let tf: Tf;
const photos: Record<string, Buffer> = {};

beforeAll(async () => {
  runtime = await createHumanRuntime({ modules: ['body', 'segmentation'], bodyModel: 'full', maxSidePx: 1024 });
  ({ human, tf } = await createReferenceHuman(['body', 'segmentation']));
  // At the models' input size: square (BlazePose pads nothing), and 256 px wide (its square region
  // is the input's size). PNG, so that both sides decode the same pixels.
  const square = (photo: Buffer) => sharp(photo).resize(256, 256, { fit: 'contain', background: '#000' }).png().toBuffer();
  photos['A-pose render'] = await square(await aPoseRender());
  photos['mirror selfie'] = await square(await mirrorSelfie());
  photos['narrow mirror selfie'] = await sharp(await mirrorSelfie())
    .resize({ width: 256 })
    .png()
    .toBuffer();
  photos['portrait'] = await sharp(await aPoseRender())
    .resize({ height: 400 })
    .png()
    .toBuffer();
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

/**
 * Human 3.3.6 undoes, on a square image, the padding of the last image it padded (a module variable
 * set only when it pads); the runtime pads and undoes nothing on a square image. An image one pixel
 * off square sets Human's padding to nothing, so that its next square answer is the reference.
 */
async function clearHumanPadding(): Promise<void> {
  const offSquare = tf.zeros([1, 256, 257, 3], 'float32') as Tensor4D;
  await human.detect(offSquare, bodyOnly);
  tf.dispose(offSquare);
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

/** Keypoints equal to a pixel (x, y) and a hundredth (score, Human's own rounding), z to 1e-3. */
function expectSameKeypoints(ours: BodyPose['keypoints'], theirs: BodyPose['keypoints']): void {
  expect(ours.map((keypoint) => keypoint.part)).toEqual(theirs.map((keypoint) => keypoint.part));
  ours.forEach((keypoint, index) => {
    const their = theirs[index]!;
    expect(Math.abs(keypoint.x - their.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(keypoint.y - their.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(keypoint.score - their.score)).toBeLessThanOrEqual(0.0100001);
    expect(Math.abs((keypoint.z ?? 0) - (their.z ?? 0))).toBeLessThanOrEqual(1e-3);
  });
}

describe('HumanRuntime runs BlazePose and the selfie segmentation as Human does, from their inputs on', () => {
  it.each(['A-pose render', 'mirror selfie'])(
    '%s: the same person, keypoint for keypoint to a pixel, direct and mirrored',
    async (name) => {
      const bytes = photos[name]!;
      const image = await decodeImage(bytes, { maxSidePx: 1024 });
      // A portrait photo first: its padding must not carry over to the square one.
      await runtime.detectBody(photos['portrait']!);
      await clearHumanPadding();
      for (const mirrored of [false, true]) {
        const ours = (await runtime.detectBody(bytes, { mirrored })).bodies[0]!;
        const theirs = (await humanBody(image, mirrored))!;
        expect(ours.score).toBeGreaterThan(0.5);
        expect(ours.keypoints).toHaveLength(39);
        expectSameKeypoints(ours.keypoints, theirs.keypoints);
        expect(Math.abs(ours.score - theirs.score)).toBeLessThanOrEqual(0.0100001);
        if (!mirrored)
          for (const side of ['x', 'y', 'width', 'height'] as const)
            expect(Math.abs(ours.box[side] - theirs.box[side])).toBeLessThanOrEqual(2);
      }
    },
  );

  it.each(['A-pose render', 'mirror selfie'])('%s: the same mask, each byte within one, direct and mirrored', async (name) => {
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
      const differences = ours.mask.map((value, index) => Math.abs(value - theirs[index]!));
      expect(Math.max(...differences)).toBeLessThanOrEqual(1);
      expect(differences.filter((difference) => difference > 0).length).toBeLessThan(ours.mask.length * 0.001);
    }
  });

  it('gives photos prepared ahead (a burst: the next frame decoding while this one is looked at) the same mask and keypoints', async () => {
    const [first, second] = [photos['portrait']!, photos['narrow mirror selfie']!];
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

  it("a square region of a portrait photo is read without the photo's own padding", async () => {
    const bytes = photos['narrow mirror selfie']!;
    const image = await decodeImage(bytes, { maxSidePx: 1024 });
    const region = { left: 0, top: 0, width: image.width, height: image.width };
    // The whole portrait photo first (padded left and right), then its square top.
    await runtime.detectBody(bytes);
    await clearHumanPadding();
    const ours = (await runtime.detectBody(bytes, { region })).bodies[0]!;
    const square = await resizeDecoded(image, { maxSidePx: 1024, region });
    const input = tensorOf(square, false);
    const result = await human.detect(input, bodyOnly);
    tf.dispose(input);
    const theirs = result.body[0]!;
    theirs.keypoints.forEach((keypoint, index) => {
      const our = ours.keypoints[index]!;
      expect(Math.abs(our.x - Math.min(image.width, Math.max(0, keypoint.position[0])))).toBeLessThanOrEqual(1);
      expect(Math.abs(our.y - Math.min(image.height, Math.max(0, region.top + keypoint.position[1])))).toBeLessThanOrEqual(1);
    });
  });
});

describe('modelInput', () => {
  function noise(width: number, height: number, seed = 12345): DecodedImage {
    const rgb = new Uint8Array(width * height * 3);
    let state = seed;
    for (let index = 0; index < rgb.length; index += 1) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      rgb[index] = state >> 23;
    }
    return { rgb, width, height, originalWidth: width, originalHeight: height, scale: 1, originX: 0, originY: 0 };
  }

  /** Each output pixel straight from its definition: the mean of the padded photo over the square it covers, area-weighted. */
  function reference(image: DecodedImage, sizePx: number, padding: Padding, mirrored: boolean): Float64Array {
    const paddedWidth = image.width + padding.left + padding.right;
    const paddedHeight = image.height + padding.top + padding.bottom;
    const [scaleX, scaleY] = [paddedWidth / sizePx, paddedHeight / sizePx];
    const overlap = (low: number, high: number, pixel: number) => Math.max(0, Math.min(high, pixel + 1) - Math.max(low, pixel));
    const out = new Float64Array(sizePx * sizePx * 3);
    for (let outY = 0; outY < sizePx; outY += 1) {
      for (let outX = 0; outX < sizePx; outX += 1) {
        for (let channel = 0; channel < 3; channel += 1) {
          let sum = 0;
          for (let y = Math.floor(outY * scaleY); y < Math.ceil((outY + 1) * scaleY); y += 1) {
            for (let x = Math.floor(outX * scaleX); x < Math.ceil((outX + 1) * scaleX); x += 1) {
              const [photoX, photoY] = [x - padding.left, y - padding.top];
              if (photoX < 0 || photoX >= image.width || photoY < 0 || photoY >= image.height) continue;
              const column = mirrored ? image.width - 1 - photoX : photoX;
              const value = image.rgb[(photoY * image.width + column) * 3 + channel]!;
              sum += value * overlap(outX * scaleX, (outX + 1) * scaleX, x) * overlap(outY * scaleY, (outY + 1) * scaleY, y);
            }
          }
          out[(outY * sizePx + outX) * 3 + channel] = sum / (scaleX * scaleY) / 255;
        }
      }
    }
    return out;
  }

  const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    expect(a.length).toBe(b.length);
    let most = 0;
    for (let index = 0; index < a.length; index += 1) most = Math.max(most, Math.abs(a[index]! - b[index]!));
    return most;
  };

  it.each([
    [660, 720],
    [575, 1024],
    [1024, 577],
    [301, 300],
    [97, 180],
  ])('averages the area each input pixel covers, on a %i×%i photo, padded or not, mirrored or not', (width, height) => {
    const image = noise(width, height);
    for (const padding of [humanSquarePadding(width, height)!, noPadding]) {
      for (const mirrored of [false, true]) {
        const ours = modelInput(image, { sizePx: 64, padding, mirrored });
        expect(maxDifference(ours, reference(image, 64, padding, mirrored))).toBeLessThan(1e-5);
      }
    }
  });

  it('passes a photo at the input size value for value, as Human divides it by 255', () => {
    const image = noise(256, 256);
    const ours = modelInput(image, { sizePx: 256 });
    expect(ours.findIndex((value, index) => value !== Math.fround(image.rgb[index]! / 255))).toBe(-1);
  });

  it('gives the mirror image its input mirrored, and a copy enlarged 2× by repeating pixels the same input', () => {
    const image = noise(450, 800);
    const padding = humanSquarePadding(450, 800)!;
    const direct = modelInput(image, { sizePx: 256, padding });
    const mirrored = modelInput(image, { sizePx: 256, padding, mirrored: true });
    const flipped = new Float32Array(direct.length);
    for (let y = 0; y < 256; y += 1)
      for (let x = 0; x < 256; x += 1)
        for (let channel = 0; channel < 3; channel += 1) flipped[(y * 256 + 255 - x) * 3 + channel] = direct[(y * 256 + x) * 3 + channel]!;
    expect(maxDifference(mirrored, flipped)).toBeLessThan(1e-6);

    const doubled = noise(900, 1600);
    for (let y = 0; y < 1600; y += 1)
      for (let x = 0; x < 900; x += 1)
        for (let channel = 0; channel < 3; channel += 1)
          doubled.rgb[(y * 900 + x) * 3 + channel] = image.rgb[((y >> 1) * 450 + (x >> 1)) * 3 + channel]!;
    const fromDoubled = modelInput(doubled, { sizePx: 256, padding: humanSquarePadding(900, 1600)! });
    expect(maxDifference(fromDoubled, direct)).toBeLessThan(1e-5);
  });

  it('enlarges a photo smaller than the input bilinearly, a flat photo staying flat', () => {
    const flat = noise(100, 180);
    flat.rgb.fill(200);
    const ours = modelInput(flat, { sizePx: 256 });
    expect(maxDifference(ours, new Float32Array(ours.length).fill(200 / 255))).toBeLessThan(1e-6);
  });

  it('pads the shorter side by half the difference, rounded down, and a square not at all', () => {
    expect(humanSquarePadding(660, 720)).toEqual({ top: 0, bottom: 0, left: 30, right: 30 });
    expect(humanSquarePadding(1024, 577)).toEqual({ top: 223, bottom: 223, left: 0, right: 0 });
    expect(humanSquarePadding(300, 300)).toBeNull();
  });
});
