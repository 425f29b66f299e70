import sharp from 'sharp';
import type { PersonSilhouette } from './person-silhouette.js';

/**
 * Exposure and sharpness of a photo, measured on a small grayscale copy so that the figures do not
 * depend on the camera's resolution: mean luminance (0–255) of the frame and of the person, and
 * the variance of the Laplacian (a standard focus measure) over the person's box.
 */
export interface ImageStatistics {
  /** Mean luma (Rec. 601, 0–255) of the whole frame. */
  meanLuminance: number;
  /** Mean luma of the person's pixels; null when no person was found. */
  personLuminance: number | null;
  /** Variance of the 4-neighbour Laplacian over the person's box (the whole frame without a person). */
  laplacianVariance: number;
  /** 1000 × laplacianVariance / variance of the gray values over the same box: focus, independent of contrast. */
  sharpness: number;
  /** Size of the grayscale copy the figures were measured on. */
  analysedWidth: number;
  analysedHeight: number;
}

export interface GrayImage {
  gray: Uint8Array;
  width: number;
  height: number;
}

/** Long side of the grayscale copy the statistics are measured on. */
export const statisticsMaxSidePx = 384;

/** The photo upright, shrunk to `maxSidePx` on the long side (null: at its own size), as 8-bit luma. */
export async function grayscaleCopy(bytes: Uint8Array, maxSidePx: number | null = statisticsMaxSidePx): Promise<GrayImage> {
  const upright = sharp(bytes).rotate();
  const sized =
    maxSidePx === null ? upright : upright.resize({ width: maxSidePx, height: maxSidePx, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await sized.toColourspace('b-w').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`grayscale copy has ${info.channels} channels`);
  return { gray: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The silhouette's box in the gray copy's pixels (both cover the whole photo). */
function personBox(image: GrayImage, silhouette: PersonSilhouette): Box {
  const sx = image.width / silhouette.width;
  const sy = image.height / silhouette.height;
  return {
    left: Math.max(0, Math.floor(silhouette.left * sx)),
    top: Math.max(0, Math.floor(silhouette.top * sy)),
    right: Math.min(image.width - 1, Math.ceil((silhouette.right + 1) * sx) - 1),
    bottom: Math.min(image.height - 1, Math.ceil((silhouette.bottom + 1) * sy) - 1),
  };
}

/** Variance of the Laplacian (4-neighbour kernel) and of the gray values over the interior of `box`. */
export function focusMeasures(image: GrayImage, box?: Box): { laplacianVariance: number; grayVariance: number } {
  const { gray, width, height } = image;
  const area = box ?? { left: 0, top: 0, right: width - 1, bottom: height - 1 };
  let sum = 0;
  let sumSquares = 0;
  let graySum = 0;
  let graySquares = 0;
  let count = 0;
  for (let y = Math.max(1, area.top); y <= Math.min(height - 2, area.bottom); y += 1) {
    for (let x = Math.max(1, area.left); x <= Math.min(width - 2, area.right); x += 1) {
      const i = y * width + x;
      const centre = gray[i]!;
      const value = gray[i - 1]! + gray[i + 1]! + gray[i - width]! + gray[i + width]! - 4 * centre;
      sum += value;
      sumSquares += value * value;
      graySum += centre;
      graySquares += centre * centre;
      count += 1;
    }
  }
  if (count === 0) return { laplacianVariance: 0, grayVariance: 0 };
  return {
    laplacianVariance: sumSquares / count - (sum / count) ** 2,
    grayVariance: graySquares / count - (graySum / count) ** 2,
  };
}

/** The statistics of a gray copy, with the person's pixels and box when a silhouette is known. */
export function imageStatistics(image: GrayImage, silhouette: PersonSilhouette | null): ImageStatistics {
  const { gray, width, height } = image;
  let total = 0;
  for (const value of gray) total += value;
  let personLuminance: number | null = null;
  if (silhouette) {
    let sum = 0;
    let count = 0;
    for (let y = 0; y < height; y += 1) {
      const runs = silhouette.rows[Math.min(silhouette.height - 1, Math.floor(((y + 0.5) * silhouette.height) / height))] ?? [];
      for (const run of runs) {
        const start = Math.ceil((run.start * width) / silhouette.width);
        const end = Math.min(width, Math.ceil((run.end * width) / silhouette.width));
        for (let x = start; x < end; x += 1) {
          sum += gray[y * width + x]!;
          count += 1;
        }
      }
    }
    personLuminance = count > 0 ? sum / count : null;
  }
  const focus = focusMeasures(image, silhouette ? personBox(image, silhouette) : undefined);
  return {
    meanLuminance: total / gray.length,
    personLuminance,
    laplacianVariance: focus.laplacianVariance,
    sharpness: focus.grayVariance > 0 ? (1000 * focus.laplacianVariance) / focus.grayVariance : 0,
    analysedWidth: width,
    analysedHeight: height,
  };
}
