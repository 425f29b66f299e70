import sharp from 'sharp';
import type { Config } from '../config.js';
import { decodeBase64Image } from './base64.js';
import { describeBytes } from './byte-size.js';
import { readImageDimensions } from './dimensions.js';
import { ImageRejectedError } from './errors.js';
import { describeAccepted, sniffImageFormat, type AcceptedFormat } from './format.js';

const formatNames: Record<AcceptedFormat, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' };

export type ImageLimits = Pick<
  Config['limits'],
  'minImageBytes' | 'maxImageBytes' | 'minImageSidePx' | 'maxImageSidePx' | 'maxImagePixels'
>;

export interface ValidatedImage {
  bytes: Buffer;
  format: AcceptedFormat;
  /** File extension without the dot: jpg, png, webp. */
  extension: string;
  contentType: string;
  width: number;
  height: number;
}

export interface ValidateImageOptions {
  /** The request field, named in every message (`image`, `side_image`). */
  field?: string;
  /** Skip the full decodability check (unit tests of the header checks). */
  skipDecode?: boolean;
}

/**
 * Checks a base64 photo from a request, cheapest checks first, and refuses it with a message that
 * names the limit: base64 alphabet, format by magic bytes, pixel dimensions from the header
 * (before anything is decoded), byte size, and only then a real decode (at reduced scale, with
 * sharp's pixel limit as a second guard) that catches truncated and corrupt files.
 */
export async function validateBase64Image(text: string, limits: ImageLimits, options: ValidateImageOptions = {}): Promise<ValidatedImage> {
  const field = options.field ?? 'image';
  const { bytes } = decodeBase64Image(text, field);
  return validateImageBytes(bytes, limits, options);
}

export async function validateImageBytes(bytes: Buffer, limits: ImageLimits, options: ValidateImageOptions = {}): Promise<ValidatedImage> {
  const image = checkImageHeader(bytes, limits, options.field ?? 'image');
  if (!options.skipDecode) await checkDecodable(image, limits, options.field ?? 'image');
  return image;
}

/** Everything that can be checked without decoding pixels. Synchronous and cheap (no allocation of the image). */
export function checkImageHeader(bytes: Buffer, limits: ImageLimits, field = 'image'): ValidatedImage {
  if (bytes.length === 0) throw new ImageRejectedError('image_empty', `${field} is empty`);
  const info = sniffImageFormat(bytes);
  if (info.format === null) {
    throw new ImageRejectedError('unsupported_format', `Unsupported ${field} format: ${info.name}; send ${describeAccepted()}`);
  }
  if (bytes.length > limits.maxImageBytes) {
    throw new ImageRejectedError(
      'image_too_large',
      `${field} is too large: ${bytes.length} bytes; the maximum is ${describeBytes(limits.maxImageBytes)}`,
    );
  }
  const dimensions = readImageDimensions(bytes, info.format);
  if (!dimensions)
    throw new ImageRejectedError('image_corrupt', `${field} is not a readable ${info.name} file (its header is missing or damaged)`);
  const { width, height } = dimensions;
  const pixels = width * height;
  if (width > limits.maxImageSidePx || height > limits.maxImageSidePx || pixels > limits.maxImagePixels) {
    throw new ImageRejectedError(
      'image_too_large',
      `${field} is too large: ${width}×${height} px (${pixels} pixels); the limits are ${limits.maxImageSidePx} px per side ` +
        `and ${limits.maxImagePixels} pixels in all`,
    );
  }
  if (width < limits.minImageSidePx || height < limits.minImageSidePx) {
    throw new ImageRejectedError(
      'image_too_small',
      `${field} is too small: ${width}×${height} px; each side must be at least ${limits.minImageSidePx} px`,
    );
  }
  if (bytes.length < limits.minImageBytes) {
    throw new ImageRejectedError(
      'image_too_small',
      `${field} is too small: ${bytes.length} bytes; the minimum is ${describeBytes(limits.minImageBytes)}`,
    );
  }
  return { bytes, format: info.format, extension: info.extension!, contentType: info.contentType!, width, height };
}

/**
 * Decodes the image at reduced scale (JPEG shrink-on-load reads the whole entropy stream at 1/8
 * the cost), which fails on truncated or corrupt data. Runs on libuv's thread pool, not the event loop.
 */
async function checkDecodable(image: ValidatedImage, limits: ImageLimits, field: string): Promise<void> {
  try {
    await sharp(image.bytes, { failOn: 'truncated', limitInputPixels: limits.maxImagePixels, sequentialRead: true })
      .resize(64, 64, { fit: 'inside', fastShrinkOnLoad: true })
      .raw()
      .toBuffer();
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0]?.trim() ?? 'decode failed';
    throw new ImageRejectedError(
      'image_corrupt',
      `${field} could not be decoded as ${formatNames[image.format]} (truncated or corrupt: ${reason})`,
      {
        cause: error,
      },
    );
  }
}
