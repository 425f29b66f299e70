import { describe, expect, it } from 'vitest';
import {
  antialiasSigma,
  expandToAspectRatio,
  gaussianKernel,
  hmr2InputFor,
  normalizePatch,
  squareCropFor,
  warpCrop,
  type RgbImage,
} from '../../../../src/main/inference/hmr2/person-crop.js';

/** W×H image from a per-pixel RGB function. */
function image(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(rgb(x, y), (y * width + x) * 3);
  return { width, height, data };
}

const pixelOf = (patch: Float32Array, size: number, row: number, column: number): number[] =>
  Array.from(patch.slice((row * size + column) * 3, (row * size + column) * 3 + 3));

describe('box to square crop (4D-Humans expand_to_aspect_ratio with BBOX_SHAPE [192, 256])', () => {
  it('a tall box (60 × 200) is widened to 150 × 200: the crop is 200 px, centred on the box', () => {
    expect(expandToAspectRatio(60, 200)).toEqual({ width: 150, height: 200 });
    expect(squareCropFor({ x1: 10, y1: 20, x2: 70, y2: 220 })).toEqual({ centerX: 40, centerY: 120, sizePx: 200 });
  });

  it('a wide box (300 × 100) is heightened to 300 × 400: the crop is 400 px', () => {
    expect(expandToAspectRatio(300, 100)).toEqual({ width: 300, height: 400 });
    expect(squareCropFor({ x1: 0, y1: 0, x2: 300, y2: 100 }).sizePx).toBe(400);
  });

  it('a box already 3:4 keeps its size; no margin is added (no rescale factor)', () => {
    expect(expandToAspectRatio(192, 256)).toEqual({ width: 192, height: 256 });
    expect(squareCropFor({ x1: 100, y1: 100, x2: 196, y2: 228 })).toEqual({ centerX: 148, centerY: 164, sizePx: 128 });
  });
});

describe('antialiasing blur before the crop', () => {
  it('blurs only when the crop shrinks more than 2.2×, with sigma (size / 256 / 2 − 1) / 2', () => {
    expect(antialiasSigma(256)).toBeNull();
    expect(antialiasSigma(563)).toBeNull(); // 563 / 512 = 1.0996
    expect(antialiasSigma(600)).toBeCloseTo((600 / 512 - 1) / 2, 12);
    expect(antialiasSigma(1024)).toBe(0.5);
  });

  it("uses scipy's kernel: radius int(4σ + 0.5), weights exp(−k²/2σ²) summing to 1", () => {
    const kernel = gaussianKernel(1);
    expect(kernel).toHaveLength(9);
    // Σ exp(−k²/2), k = −4..4 = 1 + 2(e^−0.5 + e^−2 + e^−4.5 + e^−8) = 2.506628…
    const sum = 1 + 2 * (Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5) + Math.exp(-8));
    expect(kernel[4]).toBeCloseTo(1 / sum, 12);
    expect(kernel[5]).toBeCloseTo(Math.exp(-0.5) / sum, 12);
    expect(kernel[0]).toBeCloseTo(Math.exp(-8) / sum, 12);
    expect(gaussianKernel(0.75)).toHaveLength(7); // int(3.0 + 0.5) = 3
  });
});

describe('warp to the patch (cv2.warpAffine, bilinear, black outside)', () => {
  // R = 10x + 40y, G = 200, B = x·y on a 4 × 4 image.
  const small = image(4, 4, (x, y) => [10 * x + 40 * y, 200, x * y]);

  it('a crop the size of the patch, centred on pixel (2, 2), copies the image', () => {
    const patch = warpCrop(small, { centerX: 2, centerY: 2, sizePx: 4 }, 4);
    expect(Array.from(patch)).toEqual(Array.from(small.data));
  });

  it('half-pixel offsets average four neighbours; neighbours outside the photo count as 0', () => {
    // Patch pixel (i, j) samples (j + 0.5, i − 0.5).
    const patch = warpCrop(small, { centerX: 2.5, centerY: 1.5, sizePx: 4 }, 4);
    // (i=1, j=0) samples (0.5, 0.5): R = (0 + 10 + 40 + 50) / 4, B = (0 + 0 + 0 + 1) / 4 → rounded.
    expect(pixelOf(patch, 4, 1, 0)).toEqual([25, 200, 0]);
    // (i=2, j=1) samples (1.5, 1.5): R = (50 + 60 + 90 + 100) / 4 = 75, B = (1 + 2 + 2 + 4) / 4 = 2.25 → 2.
    expect(pixelOf(patch, 4, 2, 1)).toEqual([75, 200, 2]);
    // (i=1, j=3) samples (3.5, 0.5): the right neighbours are outside: R = (30 + 70)/4 = 25, G = 100, B = (0 + 3)/4 → 1.
    expect(pixelOf(patch, 4, 1, 3)).toEqual([25, 100, 1]);
    // (i=3, j=3) samples (3.5, 2.5): R = (110 + 150)/4 = 65, G = 100, B = (6 + 9)/4 = 3.75 → 4.
    expect(pixelOf(patch, 4, 3, 3)).toEqual([65, 100, 4]);
  });

  it('a crop larger than the photo is black where it leaves the photo', () => {
    const patch = warpCrop(small, { centerX: 2, centerY: 2, sizePx: 8 }, 4);
    // Patch pixel (i, j) samples (2j − 2, 2i − 2): (0, 0) samples (−2, −2).
    expect(pixelOf(patch, 4, 0, 0)).toEqual([0, 0, 0]);
    // (1, 1) samples (0, 0); (2, 3) samples (4, 2): outside.
    expect(pixelOf(patch, 4, 1, 1)).toEqual([0, 200, 0]);
    expect(pixelOf(patch, 4, 2, 3)).toEqual([0, 0, 0]);
    expect(pixelOf(patch, 4, 2, 2)).toEqual([100, 200, 4]);
  });

  it('with the blur: an impulse spreads as the outer product of the kernel, and a flat photo stays flat to its edges', () => {
    // Patch 4 px over a 20 px crop: downsampling 20 / 4 / 2 = 2.5 > 1.1, sigma 0.75; samples at 0, 5, 10, 15.
    const impulse = image(20, 20, (x, y) => (x === 10 && y === 10 ? [255, 0, 0] : [0, 0, 0]));
    const patch = warpCrop(impulse, { centerX: 10, centerY: 10, sizePx: 20 }, 4);
    const w0 = gaussianKernel(0.75)[3]!;
    expect(pixelOf(patch, 4, 2, 2)[0]).toBeCloseTo(255 * w0 * w0, 4);
    expect(pixelOf(patch, 4, 2, 3)[0]).toBe(0); // 5 px away: beyond the kernel's radius of 3
    const flat = image(20, 20, () => [100, 50, 25]);
    const flatPatch = warpCrop(flat, { centerX: 10, centerY: 10, sizePx: 20 }, 4);
    expect(pixelOf(flatPatch, 4, 0, 0).map((v) => Number(v.toFixed(4)))).toEqual([100, 50, 25]);
    expect(pixelOf(flatPatch, 4, 3, 3).map((v) => Number(v.toFixed(4)))).toEqual([100, 50, 25]);
  });
});

describe("blur then warp equals 4D-Humans' whole-photo blur followed by the warp", () => {
  /** The reference: the whole photo blurred by a direct 2-D convolution ('nearest' edges), then sampled bilinearly. */
  function referenceWarp(source: RgbImage, crop: { centerX: number; centerY: number; sizePx: number }, patchSizePx: number): number[] {
    const sigma = antialiasSigma(crop.sizePx, patchSizePx)!;
    const kernel = gaussianKernel(sigma);
    const radius = (kernel.length - 1) / 2;
    const clamp = (value: number, limit: number): number => Math.min(limit - 1, Math.max(0, value));
    const blurred = (x: number, y: number, channel: number): number => {
      if (x < 0 || y < 0 || x >= source.width || y >= source.height) return 0;
      let sum = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          sum +=
            kernel[dy + radius]! *
            kernel[dx + radius]! *
            source.data[(clamp(y + dy, source.height) * source.width + clamp(x + dx, source.width)) * 3 + channel]!;
        }
      }
      return sum;
    };
    const scale = crop.sizePx / patchSizePx;
    const out: number[] = [];
    for (let i = 0; i < patchSizePx; i++) {
      for (let j = 0; j < patchSizePx; j++) {
        const sx = (j - patchSizePx / 2) * scale + crop.centerX;
        const sy = (i - patchSizePx / 2) * scale + crop.centerY;
        const x = Math.floor(sx);
        const y = Math.floor(sy);
        const fx = sx - x;
        const fy = sy - y;
        for (let channel = 0; channel < 3; channel++) {
          out.push(
            (1 - fy) * ((1 - fx) * blurred(x, y, channel) + fx * blurred(x + 1, y, channel)) +
              fy * ((1 - fx) * blurred(x, y + 1, channel) + fx * blurred(x + 1, y + 1, channel)),
          );
        }
      }
    }
    return out;
  }

  it('on a textured photo, for a crop inside it and one that leaves it', () => {
    const textured = image(61, 43, (x, y) => [(x * 37 + y * 11) % 256, (x * x + 3 * y) % 256, (x * y * 7) % 256]);
    for (const crop of [
      { centerX: 30.3, centerY: 21.7, sizePx: 41 },
      { centerX: 5, centerY: 40, sizePx: 60 },
    ]) {
      expect(antialiasSigma(crop.sizePx, 8)).not.toBeNull();
      const patch = Array.from(warpCrop(textured, crop, 8));
      expect(patch).toEqual(referenceWarp(textured, crop, 8).map((value) => expect.closeTo(value, 3)));
    }
  });
});

describe('normalisation (ImageNet mean and SD × 255, RGB, CHW)', () => {
  it('maps (255, 0, 124) to ((255 − 123.675)/58.395, (0 − 116.28)/57.12, (124 − 103.53)/57.375) in three planes', () => {
    const patch = new Float32Array(2 * 2 * 3);
    patch.set([255, 0, 124], 3); // pixel (0, 1)
    const tensor = normalizePatch(patch, 2);
    expect(tensor[1]).toBeCloseTo(2.24891, 4);
    expect(tensor[4 + 1]).toBeCloseTo(-2.03571, 4);
    expect(tensor[8 + 1]).toBeCloseTo(0.35678, 4);
    // A black pixel: −mean / SD per channel.
    expect(tensor[0]).toBeCloseTo(-2.1179, 4);
    expect(tensor[4]).toBeCloseTo(-2.03571, 4);
    expect(tensor[8]).toBeCloseTo(-1.80444, 4);
  });
});

describe('hmr2InputFor: box to HMR 2.0 input tensor', () => {
  // R = x mod 256, G = y mod 256, B = 50 on a 300 × 400 photo.
  const photo = image(300, 400, (x, y) => [x % 256, y % 256, 50]);
  const normalised = (value: number, channel: number): number =>
    (value - [123.675, 116.28, 103.53][channel]!) / [58.395, 57.12, 57.375][channel]!;
  const at = (tensor: Float32Array, channel: number, row: number, column: number): number =>
    tensor[channel * 256 * 256 + row * 256 + column]!;

  it('samples the photo at (j − 128)·size/256 + cx, (i − 128)·size/256 + cy', () => {
    // Box 96 × 128 (already 3:4): crop 128 px around (148, 164), scale ½, no blur.
    const { crop, blurSigma, tensor } = hmr2InputFor(photo, { x1: 100, y1: 100, x2: 196, y2: 228 });
    expect(crop).toEqual({ centerX: 148, centerY: 164, sizePx: 128 });
    expect(blurSigma).toBeNull();
    expect(tensor).toHaveLength(3 * 256 * 256);
    expect(at(tensor, 0, 128, 128)).toBeCloseTo(normalised(148, 0), 5);
    expect(at(tensor, 1, 128, 128)).toBeCloseTo(normalised(164, 1), 5);
    expect(at(tensor, 2, 128, 128)).toBeCloseTo(normalised(50, 2), 5);
    expect(at(tensor, 0, 0, 0)).toBeCloseTo(normalised(84, 0), 5);
    expect(at(tensor, 1, 0, 0)).toBeCloseTo(normalised(100, 1), 5);
    // (i = 1, j = 1) samples (84.5, 100.5): bilinear mean 84.5 → rounded as an 8-bit warp does.
    expect(at(tensor, 0, 1, 1)).toBeCloseTo(normalised(85, 0), 5);
  });

  it('pads with black where the square leaves the photo (a person at the left edge)', () => {
    // Box 40 × 200 at the left edge → crop 200 px around (20, 200): the left ~80 px of the square are outside.
    const { tensor } = hmr2InputFor(photo, { x1: 0, y1: 100, x2: 40, y2: 300 });
    expect(at(tensor, 0, 128, 0)).toBeCloseTo(normalised(0, 0), 5);
    expect(at(tensor, 2, 128, 0)).toBeCloseTo(normalised(0, 2), 5);
    expect(at(tensor, 2, 128, 128)).toBeCloseTo(normalised(50, 2), 5);
  });
});
