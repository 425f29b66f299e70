import type { DecodedImage } from './image-decoder.js';

/** Zero rows above and below, and zero columns left and right, around a photo. */
export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export const noPadding: Padding = { top: 0, bottom: 0, left: 0, right: 0 };

/**
 * The padding Human 3.3.6 puts around a photo for BlazePose (blazepose.ts `prepareImage`): half the
 * difference of its sides, rounded down, on each side of the shorter one; null for a square photo,
 * which Human does not pad.
 */
export function humanSquarePadding(width: number, height: number): Padding | null {
  if (width === height) return null;
  const rows = height < width ? Math.trunc((width - height) / 2) : 0;
  const columns = width < height ? Math.trunc((height - width) / 2) : 0;
  return { top: rows, bottom: rows, left: columns, right: columns };
}

const f32 = Math.fround;

interface Taps {
  low: Int32Array;
  high: Int32Array;
  weight: Float32Array;
}

/**
 * One axis of tfjs-WASM's `resizeBilinear` (XNNPACK in TensorFlow's legacy mode, corners not
 * aligned): for each output index, the two source indices and the weight of the second, in float32
 * as XNNPACK computes them.
 */
function bilinearTaps(inputSize: number, outputSize: number): Taps {
  const scale = f32(inputSize / outputSize);
  const low = new Int32Array(outputSize);
  const high = new Int32Array(outputSize);
  const weight = new Float32Array(outputSize);
  for (let index = 0; index < outputSize; index += 1) {
    const source = f32(index * scale);
    const first = Math.trunc(source);
    low[index] = first;
    high[index] = Math.min(first + 1, inputSize - 1);
    weight[index] = f32(source - first);
  }
  return { low, high, weight };
}

export interface ModelInputOptions {
  /** Side of the square input. */
  sizePx: number;
  /** Zeros around the photo before the resize (BlazePose's squaring); none by default. */
  padding?: Padding;
  /** The mirror image of the photo. */
  mirrored?: boolean;
}

/**
 * A model's input as Human builds it from the photo's float tensor, without building that tensor:
 * the photo (or its mirror image) with `padding` zeros around it, shrunk to `sizePx` square by
 * tfjs' bilinear resize and divided by 255. Human does this with operations on the whole photo (for
 * BlazePose a crop of all of it, the padding and the resize: a third of a BlazePose run); here only
 * the samples the resize reads are read. The values are the same float32 numbers, bit for bit
 * (test/unit/inference/human/human-models.test.ts): every operation of XNNPACK's kernel is rounded to
 * float32 in the same order, and WASM has no fused multiply-add to round differently.
 */
export function modelInput(image: Pick<DecodedImage, 'rgb' | 'width' | 'height'>, options: ModelInputOptions): Float32Array {
  const { rgb, width, height } = image;
  const padding = options.padding ?? noPadding;
  const mirrored = options.mirrored ?? false;
  const size = options.sizePx;
  const rows = bilinearTaps(height + padding.top + padding.bottom, size);
  const columns = bilinearTaps(width + padding.left + padding.right, size);
  /** Offset of a padded pixel's red byte, or -1 outside the photo; the mirror image reads columns from the right. */
  const columnOffsets = (taps: Int32Array): Int32Array =>
    taps.map((column) => {
      const x = column - padding.left;
      if (x < 0 || x >= width) return -1;
      return (mirrored ? width - 1 - x : x) * 3;
    });
  const rowOffsets = (taps: Int32Array): Int32Array =>
    taps.map((row) => {
      const y = row - padding.top;
      return y < 0 || y >= height ? -1 : y * width * 3;
    });
  const [tops, bottoms, lefts, rights] = [
    rowOffsets(rows.low),
    rowOffsets(rows.high),
    columnOffsets(columns.low),
    columnOffsets(columns.high),
  ];
  const out = new Float32Array(size * size * 3);
  const alphaYs = rows.weight;
  const alphaXs = columns.weight;
  /** One output value from its four samples, every step rounded to float32 as XNNPACK's kernel rounds it. */
  const blend = (tl: number, tr: number, bl: number, br: number, alphaX: number, alphaY: number): number => {
    const upper = f32(tl + f32(f32(tr - tl) * alphaX));
    const lower = f32(bl + f32(f32(br - bl) * alphaX));
    // Stored into a Float32Array: the division is rounded to float32 once, as tfjs' own.
    return f32(upper + f32(f32(lower - upper) * alphaY)) / 255;
  };
  let at = 0;
  for (let outY = 0; outY < size; outY += 1) {
    const top = tops[outY]!;
    const bottom = bottoms[outY]!;
    const alphaY = alphaYs[outY]!;
    const rowInside = top >= 0 && bottom >= 0;
    for (let outX = 0; outX < size; outX += 1) {
      const left = lefts[outX]!;
      const right = rights[outX]!;
      const alphaX = alphaXs[outX]!;
      if (rowInside && left >= 0 && right >= 0) {
        // All four samples in the photo (most of the output): no padding to test for.
        const topLeft = top + left;
        const topRight = top + right;
        const bottomLeft = bottom + left;
        const bottomRight = bottom + right;
        out[at] = blend(rgb[topLeft]!, rgb[topRight]!, rgb[bottomLeft]!, rgb[bottomRight]!, alphaX, alphaY);
        out[at + 1] = blend(rgb[topLeft + 1]!, rgb[topRight + 1]!, rgb[bottomLeft + 1]!, rgb[bottomRight + 1]!, alphaX, alphaY);
        out[at + 2] = blend(rgb[topLeft + 2]!, rgb[topRight + 2]!, rgb[bottomLeft + 2]!, rgb[bottomRight + 2]!, alphaX, alphaY);
        at += 3;
        continue;
      }
      // Offsets of the four samples' red bytes; -1 for a sample in the padding, which reads 0.
      const topLeft = top < 0 || left < 0 ? -1 : top + left;
      const topRight = top < 0 || right < 0 ? -1 : top + right;
      const bottomLeft = bottom < 0 || left < 0 ? -1 : bottom + left;
      const bottomRight = bottom < 0 || right < 0 ? -1 : bottom + right;
      for (let channel = 0; channel < 3; channel += 1) {
        out[at++] = blend(
          topLeft < 0 ? 0 : rgb[topLeft + channel]!,
          topRight < 0 ? 0 : rgb[topRight + channel]!,
          bottomLeft < 0 ? 0 : rgb[bottomLeft + channel]!,
          bottomRight < 0 ? 0 : rgb[bottomRight + channel]!,
          alphaX,
          alphaY,
        );
      }
    }
  }
  return out;
}
