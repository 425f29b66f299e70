import sharp, { type Metadata } from 'sharp';
import { ImageUndecodableError } from './errors.js';

/** An encoded photo decoded to packed RGB for inference, with the way back to its own pixels. */
export interface DecodedImage {
  /** Packed RGB, row-major, `width * height * 3` bytes. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** The upright photo (after EXIF orientation), in its own pixels. */
  originalWidth: number;
  originalHeight: number;
  /** Decoded pixels per original pixel (≤ 1). */
  scale: number;
  /** Where decoded pixel (0, 0) lies in the original photo (a crop's corner; 0 for the whole photo). */
  originX: number;
  originY: number;
}

/** A point of a decoded image in the original photo's pixels. */
export function toOriginalPoint(image: DecodedImage, x: number, y: number): { x: number; y: number } {
  return { x: image.originX + x / image.scale, y: image.originY + y / image.scale };
}

export interface DecodeOptions {
  /** Longest side of the decoded image; larger photos are shrunk (never enlarged). */
  maxSidePx: number;
}

/** EXIF orientations 5–8 turn the stored image by 90°: its upright width is the stored height. */
function uprightSize(metadata: Metadata): { width: number; height: number } {
  const { width, height, orientation } = metadata;
  return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * Decodes JPEG, PNG or WebP bytes with sharp: turned upright by its EXIF orientation, flattened to
 * sRGB without alpha, shrunk to `maxSidePx` on the long side. Anything sharp cannot read rejects
 * with `ImageUndecodableError` (code `image_undecodable`).
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedImage> {
  if (bytes.byteLength === 0) throw new ImageUndecodableError('The image is empty (0 bytes)');
  try {
    // failOn 'error': a truncated JPEG is refused instead of decoded with grey rows.
    // The header read and the decode run side by side on sharp's threads: the decode does not need it.
    const [metadata, { data, info }] = await Promise.all([
      sharp(bytes, { failOn: 'error' }).metadata(),
      sharp(bytes, { failOn: 'error' })
        .rotate()
        .resize({ width: options.maxSidePx, height: options.maxSidePx, fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true }),
    ]);
    const original = uprightSize(metadata);
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels instead of 3`);
    return {
      rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      originalWidth: original.width,
      originalHeight: original.height,
      scale: info.width / original.width,
      originX: 0,
      originY: 0,
    };
  } catch (error) {
    throw new ImageUndecodableError(`The image could not be decoded: ${(error as Error).message}`, { cause: error });
  }
}

/** A region of a decoded image, in its pixels. */
export interface PixelRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Shrinks a decoded image (or a region of it) to `maxSidePx` with sharp's antialiasing resampler.
 * The detectors' own bilinear resize does not antialias: a photo shrunk by them to 256 px loses
 * small faces that a properly shrunk one keeps.
 */
export async function resizeDecoded(image: DecodedImage, options: { maxSidePx: number; region?: PixelRegion }): Promise<DecodedImage> {
  const region = options.region ?? { left: 0, top: 0, width: image.width, height: image.height };
  const { data, info } = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract(region)
    .resize({ width: options.maxSidePx, height: options.maxSidePx, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const corner = toOriginalPoint(image, region.left, region.top);
  return {
    rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    originalWidth: image.originalWidth,
    originalHeight: image.originalHeight,
    scale: image.scale * (info.width / region.width),
    originX: corner.x,
    originY: corner.y,
  };
}
