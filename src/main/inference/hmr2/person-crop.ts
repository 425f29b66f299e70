/**
 * HMR 2.0's input, as 4D-Humans builds it for a detected person (hmr2/datasets/vitdet_dataset.py,
 * ViTDetDataset.__getitem__, and hmr2/datasets/utils.py):
 *   1. the box is widened or heightened to the 192:256 (w:h) aspect of the ViT backbone
 *      (expand_to_aspect_ratio with BBOX_SHAPE [192, 256]) and the larger side is the size of a
 *      square crop centred on the box (no extra margin: the `rescale_factor` 2.5 belongs to HaMeR's
 *      hand crops, not to this dataset);
 *   2. when the crop shrinks the photo by more than 2.2×, the photo is blurred first against
 *      aliasing: sigma = (size / 256 / 2 − 1) / 2 (skimage gaussian, 'nearest' edges, truncate 4);
 *   3. the square is warped to 256×256 with bilinear sampling and black outside the photo
 *      (generate_image_patch_cv2 → cv2.warpAffine, INTER_LINEAR, BORDER_CONSTANT 0);
 *   4. channels RGB, laid out CHW, normalised with ImageNet's mean and SD in 0–255 units.
 * The model itself keeps the middle 192 columns (x[:, :, :, 32:-32]); the exported ONNX graph does
 * that slice, so its input is the whole 256×256 patch, as in 4D-Humans' batch['img'].
 */

export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved RGB, row-major, 0–255. */
  data: Uint8Array;
}

/** A box in image pixels: corners (x1, y1) top-left and (x2, y2) bottom-right. */
export interface PixelBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface SquareCrop {
  centerX: number;
  centerY: number;
  /** Side of the square in image pixels (4D-Humans' bbox_size). */
  sizePx: number;
}

export const hmr2PatchSizePx = 256;
/** The ViT backbone's input aspect, width × height (4D-Humans' MODEL.BBOX_SHAPE). */
export const hmr2BoxShape = { width: 192, height: 256 } as const;
/** ImageNet statistics in 0–255 units, RGB (DEFAULT_MEAN, DEFAULT_STD). */
export const hmr2MeanRgb = [0.485 * 255, 0.456 * 255, 0.406 * 255] as const;
export const hmr2StdRgb = [0.229 * 255, 0.224 * 255, 0.225 * 255] as const;

/** expand_to_aspect_ratio: grow the short side so that width:height is the target's; never shrink. */
export function expandToAspectRatio(
  width: number,
  height: number,
  target: { width: number; height: number } = hmr2BoxShape,
): { width: number; height: number } {
  if (height / width < target.height / target.width) {
    return { width, height: Math.max((width * target.height) / target.width, height) };
  }
  return { width: Math.max((height * target.width) / target.height, width), height };
}

/** The square HMR 2.0 crops around a person box (centre and bbox_size). */
export function squareCropFor(box: PixelBox): SquareCrop {
  const expanded = expandToAspectRatio(box.x2 - box.x1, box.y2 - box.y1);
  return { centerX: (box.x1 + box.x2) / 2, centerY: (box.y1 + box.y2) / 2, sizePx: Math.max(expanded.width, expanded.height) };
}

/** The blur sigma before cropping, or null when the crop does not shrink enough to alias. */
export function antialiasSigma(sizePx: number, patchSizePx = hmr2PatchSizePx): number | null {
  const downsampling = sizePx / patchSizePx / 2;
  return downsampling > 1.1 ? (downsampling - 1) / 2 : null;
}

/** scipy.ndimage's 1-D Gaussian weights: radius int(truncate·sigma + 0.5), normalised to sum 1. */
export function gaussianKernel(sigma: number, truncate = 4): Float64Array {
  const radius = Math.trunc(truncate * sigma + 0.5);
  const weights = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const weight = Math.exp((-0.5 * k * k) / (sigma * sigma));
    weights[k + radius] = weight;
    sum += weight;
  }
  for (let k = 0; k < weights.length; k++) weights[k] = weights[k]! / sum;
  return weights;
}

/** Where one patch row or column samples the photo: the pixel before (floor) and the weight of the one after. */
interface SampleAxis {
  floor: Int32Array;
  fraction: Float64Array;
}

function sampleAxis(center: number, scale: number, patchSizePx: number): SampleAxis {
  const floor = new Int32Array(patchSizePx);
  const fraction = new Float64Array(patchSizePx);
  for (let k = 0; k < patchSizePx; k++) {
    const position = (k - patchSizePx / 2) * scale + center;
    floor[k] = Math.floor(position);
    fraction[k] = position - floor[k]!;
  }
  return { floor, fraction };
}

/** The photo's pixel indices an axis reads (floor and floor + 1, inside 0..limit−1), sorted, and a map back. */
function usedIndices(axis: SampleAxis, limit: number): { indices: Int32Array; slot: Int32Array } {
  const slot = new Int32Array(limit).fill(-1);
  const indices: number[] = [];
  for (const base of axis.floor) {
    for (const index of [base, base + 1]) {
      if (index >= 0 && index < limit && slot[index] === -1) {
        slot[index] = 0;
        indices.push(index);
      }
    }
  }
  indices.sort((a, b) => a - b);
  indices.forEach((index, position) => (slot[index] = position));
  return { indices: Int32Array.from(indices), slot };
}

/**
 * The blurred photo at the pixels the warp reads (a grid: the crop's sample columns × rows).
 * The same separable Gaussian as blurring the whole photo (each pixel sees its true neighbours,
 * only the photo's own edges repeat, as scipy's 'nearest'), at a fraction of the cost for a large
 * photo: the horizontal pass runs only on the columns read, the vertical pass only at the pixels read.
 */
function blurredAt(image: RgbImage, columns: Int32Array, rows: Int32Array, sigma: number): Float64Array {
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const { width: W, height: H, data } = image;
  const columnCount = columns.length;
  const rowLow = Math.max(0, rows[0]! - radius);
  const rowHigh = Math.min(H - 1, rows[rows.length - 1]! + radius);
  const horizontal = new Float64Array((rowHigh - rowLow + 1) * columnCount * 3);
  for (let y = rowLow; y <= rowHigh; y++) {
    const rowOffset = y * W;
    const outRow = (y - rowLow) * columnCount;
    for (let c = 0; c < columnCount; c++) {
      const x = columns[c]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = -radius; k <= radius; k++) {
        const source = (rowOffset + Math.min(W - 1, Math.max(0, x + k))) * 3;
        const weight = kernel[k + radius]!;
        r += weight * data[source]!;
        g += weight * data[source + 1]!;
        b += weight * data[source + 2]!;
      }
      const out = (outRow + c) * 3;
      horizontal[out] = r;
      horizontal[out + 1] = g;
      horizontal[out + 2] = b;
    }
  }
  const result = new Float64Array(rows.length * columnCount * 3);
  for (let rIndex = 0; rIndex < rows.length; rIndex++) {
    const y = rows[rIndex]!;
    for (let c = 0; c < columnCount; c++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = -radius; k <= radius; k++) {
        const source = ((Math.min(H - 1, Math.max(0, y + k)) - rowLow) * columnCount + c) * 3;
        const weight = kernel[k + radius]!;
        r += weight * horizontal[source]!;
        g += weight * horizontal[source + 1]!;
        b += weight * horizontal[source + 2]!;
      }
      const out = (rIndex * columnCount + c) * 3;
      result[out] = r;
      result[out + 1] = g;
      result[out + 2] = b;
    }
  }
  return result;
}

/**
 * The crop warped to patchSize × patchSize (interleaved RGB floats, 0–255): patch pixel (i, j)
 * samples the photo at ((j − P/2)·s + cx, (i − P/2)·s + cy), s = size / P, bilinearly, with
 * neighbours outside the photo counting as black. Without the blur the values are rounded, as
 * OpenCV's 8-bit warp does (its fixed-point weights can still differ by one level).
 */
export function warpCrop(image: RgbImage, crop: SquareCrop, patchSizePx = hmr2PatchSizePx): Float32Array {
  const patch = new Float32Array(patchSizePx * patchSizePx * 3);
  const scale = crop.sizePx / patchSizePx;
  const xs = sampleAxis(crop.centerX, scale, patchSizePx);
  const ys = sampleAxis(crop.centerY, scale, patchSizePx);
  const columns = usedIndices(xs, image.width);
  const rows = usedIndices(ys, image.height);
  if (columns.indices.length === 0 || rows.indices.length === 0) return patch;
  const sigma = antialiasSigma(crop.sizePx, patchSizePx);
  const round = sigma === null;
  const blurred = sigma === null ? null : blurredAt(image, columns.indices, rows.indices, sigma);
  const columnCount = columns.indices.length;
  const pixel = (x: number, y: number, channel: number): number => {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height) return 0;
    if (blurred) return blurred[(rows.slot[y]! * columnCount + columns.slot[x]!) * 3 + channel]!;
    return image.data[(y * image.width + x) * 3 + channel]!;
  };
  for (let i = 0; i < patchSizePx; i++) {
    const y = ys.floor[i]!;
    const fy = ys.fraction[i]!;
    for (let j = 0; j < patchSizePx; j++) {
      const x = xs.floor[j]!;
      const fx = xs.fraction[j]!;
      const out = (i * patchSizePx + j) * 3;
      for (let channel = 0; channel < 3; channel++) {
        const value =
          (1 - fy) * ((1 - fx) * pixel(x, y, channel) + fx * pixel(x + 1, y, channel)) +
          fy * ((1 - fx) * pixel(x, y + 1, channel) + fx * pixel(x + 1, y + 1, channel));
        patch[out + channel] = round ? Math.round(value) : value;
      }
    }
  }
  return patch;
}

/** Interleaved RGB (0–255) to the normalised CHW tensor data HMR 2.0 takes. */
export function normalizePatch(patch: Float32Array, patchSizePx = hmr2PatchSizePx): Float32Array {
  const plane = patchSizePx * patchSizePx;
  const tensor = new Float32Array(3 * plane);
  for (let index = 0; index < plane; index++) {
    for (let channel = 0; channel < 3; channel++) {
      tensor[channel * plane + index] = (patch[index * 3 + channel]! - hmr2MeanRgb[channel]!) / hmr2StdRgb[channel]!;
    }
  }
  return tensor;
}

/** Box → square crop → blurred if needed → 256×256 → normalised CHW: HMR 2.0's `img` for one person. */
export function hmr2InputFor(image: RgbImage, box: PixelBox): { crop: SquareCrop; blurSigma: number | null; tensor: Float32Array } {
  const crop = squareCropFor(box);
  return { crop, blurSigma: antialiasSigma(crop.sizePx), tensor: normalizePatch(warpCrop(image, crop)) };
}
