import sharp from 'sharp';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ImageRejectedError } from '../../../src/main/images/errors.js';
import { validateBase64Image, type ImageLimits } from '../../../src/main/images/validate-image.js';
import { makeHugeSparsePng, makePhoto } from '../../fixtures/api/images.js';

// Count every use of sharp by the validator, to prove that refused headers are never decoded.
const sharpCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('sharp', async (importOriginal) => {
  const actual = (await importOriginal<{ default: (...args: unknown[]) => unknown }>()).default;
  const counted = (...args: unknown[]): unknown => {
    sharpCalls.count += 1;
    return actual(...args);
  };
  return { default: Object.assign(counted, actual) };
});

const limits: ImageLimits = {
  minImageBytes: 100,
  maxImageBytes: 5_000_000,
  minImageSidePx: 64,
  maxImageSidePx: 4096,
  maxImagePixels: 4_000_000,
};

async function rejection(text: string, custom: Partial<ImageLimits> = {}): Promise<ImageRejectedError> {
  try {
    await validateBase64Image(text, { ...limits, ...custom });
  } catch (error) {
    if (error instanceof ImageRejectedError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('validateBase64Image', () => {
  let photo: Buffer;
  beforeEach(async () => {
    photo = await makePhoto({ width: 200, height: 120 });
    sharpCalls.count = 0;
  });

  it('accepts a valid photo and reports its format and size', async () => {
    const image = await validateBase64Image(photo.toString('base64'), limits);
    expect(image).toMatchObject({ format: 'jpeg', extension: 'jpg', contentType: 'image/jpeg', width: 200, height: 120 });
    expect(image.bytes.equals(photo)).toBe(true);
    expect(sharpCalls.count).toBe(1);
  });

  it('refuses a PNG claiming 30000×30000 px from its header, never calling sharp', async () => {
    const error = await rejection(makeHugeSparsePng(30000, 30000).toString('base64'));
    expect(error.code).toBe('image_too_large');
    expect(error.message).toContain('4000000 pixels');
    expect(sharpCalls.count).toBe(0);
  });

  it('refuses too many pixels even when each side is within limits', async () => {
    const error = await rejection(makeHugeSparsePng(4000, 4000).toString('base64'));
    expect(error.message).toBe(
      'image is too large: 4000×4000 px (16000000 pixels); the limits are 4096 px per side and 4000000 pixels in all',
    );
    expect(sharpCalls.count).toBe(0);
  });

  it('refuses a side under the minimum and bytes under and over the limits', async () => {
    expect((await rejection(photo.toString('base64'), { minImageSidePx: 150 })).message).toBe(
      'image is too small: 200×120 px; each side must be at least 150 px',
    );
    expect((await rejection(photo.toString('base64'), { minImageBytes: photo.length + 1 })).code).toBe('image_too_small');
    const tooLarge = await rejection(photo.toString('base64'), { maxImageBytes: 1024 });
    expect(tooLarge.message).toBe(`image is too large: ${photo.length} bytes; the maximum is 1024 bytes (1 KiB)`);
    expect(sharpCalls.count).toBe(0);
  });

  it('refuses a truncated file by decoding it (header intact), and a corrupt header without decoding', async () => {
    const big = await makePhoto({ width: 400, height: 400 });
    const truncated = await rejection(big.subarray(0, big.length >> 1).toString('base64'));
    expect(truncated.code).toBe('image_corrupt');
    expect(truncated.message).toMatch(/^image could not be decoded as JPEG \(truncated or corrupt/);
    sharpCalls.count = 0;
    const headerless = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xd9]), Buffer.alloc(200)]);
    expect((await rejection(headerless.toString('base64'))).code).toBe('image_corrupt');
    expect(sharpCalls.count).toBe(0);
  });

  it('accepts trailing bytes after the image data (appended metadata)', async () => {
    const png = Buffer.concat([await sharp(photo).png().toBuffer(), Buffer.from('trailing-bytes')]);
    await expect(validateBase64Image(png.toString('base64'), limits)).resolves.toMatchObject({ format: 'png', width: 200 });
  });
});
