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

/**
 * One axis of the shrink: for each output index, the first source index it reads, how many, and
 * their weights (`stride` apart per output index).
 */
interface AxisTaps {
  first: Int32Array;
  count: Int32Array;
  weights: Float64Array;
  stride: number;
}

/**
 * Area averaging (OpenCV's INTER_AREA): each output pixel is the mean of the source pixels it
 * covers, the edge pixels by the share they are covered. Every source pixel counts once, so a photo
 * and a resized copy of it give nearly the same input, and the mirror image's taps are the taps
 * mirrored. Enlarging (a region smaller than the input), it is bilinear with half-pixel centres.
 */
function areaTaps(inputSize: number, outputSize: number): AxisTaps {
  const scale = inputSize / outputSize;
  const stride = Math.ceil(Math.max(scale, 1)) + 2;
  const first = new Int32Array(outputSize);
  const count = new Int32Array(outputSize);
  const weights = new Float64Array(outputSize * stride);
  for (let index = 0; index < outputSize; index += 1) {
    let low: number;
    let tapWeights: number[];
    if (scale >= 1) {
      const [start, end] = [index * scale, (index + 1) * scale];
      low = Math.floor(start);
      const high = Math.min(inputSize, Math.ceil(end));
      tapWeights = Array.from({ length: high - low }, (_, tap) => Math.min(low + tap + 1, end) - Math.max(low + tap, start));
    } else {
      const centre = (index + 0.5) * scale - 0.5;
      low = Math.max(0, Math.floor(centre));
      const high = Math.min(inputSize - 1, low + 1);
      const fraction = Math.min(1, Math.max(0, centre - low));
      tapWeights = high === low ? [1] : [1 - fraction, fraction];
    }
    const sum = tapWeights.reduce((total, weight) => total + weight, 0);
    tapWeights.forEach((weight, tap) => (weights[index * stride + tap] = weight / sum));
    first[index] = low;
    count[index] = tapWeights.length;
  }
  return { first, count, weights, stride };
}

/**
 * The photo's rows shrunk to `sizePx` rows (padding rows read 0), every column kept, values 0–255:
 * the first half of a model input, the same for both models (their rows differ only in padding, and
 * a portrait photo has none) and for the mirror image. Kept per image: the four inputs of one look
 * (BlazePose and the mask, each on the photo and its mirror image) pay for it once.
 */
const shrunkRows = new WeakMap<Uint8Array, Map<string, Float64Array>>();

function rowsShrunk(image: Pick<DecodedImage, 'rgb' | 'width' | 'height'>, padding: Padding, sizePx: number): Float64Array {
  const { rgb, width, height } = image;
  const key = `${padding.top}/${padding.bottom}/${sizePx}`;
  const cached = shrunkRows.get(rgb)?.get(key);
  if (cached) return cached;
  const rows = areaTaps(height + padding.top + padding.bottom, sizePx);
  const rowLength = width * 3;
  const out = new Float64Array(sizePx * rowLength);
  for (let outY = 0; outY < sizePx; outY += 1) {
    const target = outY * rowLength;
    // The output row's source rows (taps in the padding read 0 and are left out) and their weights.
    const sources: number[] = [];
    const weights: number[] = [];
    for (let tap = 0; tap < rows.count[outY]!; tap += 1) {
      const y = rows.first[outY]! + tap - padding.top;
      if (y < 0 || y >= height) continue;
      sources.push(y * rowLength);
      weights.push(rows.weights[outY * rows.stride + tap]!);
    }
    // Each value is the sum of its taps' products in tap order, as before (0 + the first product is
    // that product), written once: one pass over the row per tap count written out, a third of the
    // time of adding each tap's row into the output in turn (the mask's input, 660×720 photo).
    const [s0 = 0, s1 = 0, s2 = 0, s3 = 0] = sources;
    const [w0 = 0, w1 = 0, w2 = 0, w3 = 0] = weights;
    switch (sources.length) {
      case 0:
        break;
      case 1:
        for (let offset = 0; offset < rowLength; offset += 1) out[target + offset] = rgb[s0 + offset]! * w0;
        break;
      case 2:
        for (let offset = 0; offset < rowLength; offset += 1) out[target + offset] = rgb[s0 + offset]! * w0 + rgb[s1 + offset]! * w1;
        break;
      case 3:
        for (let offset = 0; offset < rowLength; offset += 1)
          out[target + offset] = rgb[s0 + offset]! * w0 + rgb[s1 + offset]! * w1 + rgb[s2 + offset]! * w2;
        break;
      default:
        for (let offset = 0; offset < rowLength; offset += 1) {
          let sum = rgb[s0 + offset]! * w0 + rgb[s1 + offset]! * w1 + rgb[s2 + offset]! * w2 + rgb[s3 + offset]! * w3;
          for (let tap = 4; tap < sources.length; tap += 1) sum += rgb[sources[tap]! + offset]! * weights[tap]!;
          out[target + offset] = sum;
        }
    }
  }
  const perImage = shrunkRows.get(rgb) ?? new Map<string, Float64Array>();
  perImage.set(key, out);
  shrunkRows.set(rgb, perImage);
  return out;
}

export interface ModelInputOptions {
  /** Side of the square input. */
  sizePx: number;
  /** Zeros around the photo before the shrink (BlazePose's squaring); none by default. */
  padding?: Padding;
  /** The mirror image of the photo. */
  mirrored?: boolean;
}

/**
 * A model's input: the photo (or its mirror image) with `padding` zeros around it, shrunk to
 * `sizePx` square by area averaging (`areaTaps`) and divided by 255. Human resizes with tfjs'
 * bilinear kernel, which reads four pixels per output pixel whatever the shrink (of a 576×1024
 * photo, one in sixteen) at positions that are not mirror-symmetric: a photo, its mirror image and
 * a resized copy showed the models different pixels. A photo already at the input's size is passed
 * as Human passes it, value for value.
 */
export function modelInput(image: Pick<DecodedImage, 'rgb' | 'width' | 'height'>, options: ModelInputOptions): Float32Array {
  const { width } = image;
  const padding = options.padding ?? noPadding;
  const mirrored = options.mirrored ?? false;
  const size = options.sizePx;
  const rows = rowsShrunk(image, padding, size);
  const columns = areaTaps(width + padding.left + padding.right, size);
  // Each output column's taps as offsets in a row of the photo (or its mirror image); taps in the
  // padding are dropped (they read 0).
  const offsets = new Int32Array(size * columns.stride);
  const weights = new Float64Array(size * columns.stride);
  const counts = new Int32Array(size);
  for (let outX = 0; outX < size; outX += 1) {
    for (let tap = 0; tap < columns.count[outX]!; tap += 1) {
      const x = columns.first[outX]! + tap - padding.left;
      if (x < 0 || x >= width) continue;
      const slot = outX * columns.stride + counts[outX]!;
      offsets[slot] = (mirrored ? width - 1 - x : x) * 3;
      weights[slot] = columns.weights[outX * columns.stride + tap]!;
      counts[outX] = counts[outX]! + 1;
    }
  }
  const rowLength = width * 3;
  const out = new Float32Array(size * size * 3);
  let at = 0;
  for (let outY = 0; outY < size; outY += 1) {
    const row = outY * rowLength;
    for (let outX = 0; outX < size; outX += 1) {
      let red = 0;
      let green = 0;
      let blue = 0;
      const base = outX * columns.stride;
      for (let tap = 0; tap < counts[outX]!; tap += 1) {
        const source = row + offsets[base + tap]!;
        const weight = weights[base + tap]!;
        red += rows[source]! * weight;
        green += rows[source + 1]! * weight;
        blue += rows[source + 2]! * weight;
      }
      // Divided last, not folded into the weights: a pixel passed whole is then value / 255 rounded
      // once to float32, as tfjs' division rounds it.
      out[at] = red / 255;
      out[at + 1] = green / 255;
      out[at + 2] = blue / 255;
      at += 3;
    }
  }
  return out;
}
