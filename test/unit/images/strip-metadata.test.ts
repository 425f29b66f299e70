import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { withoutMetadata } from '../../../src/main/images/strip-metadata.js';
import { checkImageHeader } from '../../../src/main/images/validate-image.js';

const limits = { minImageBytes: 1, maxImageBytes: 10_000_000, minImageSidePx: 1, maxImageSidePx: 8192, maxImagePixels: 40_000_000 };
const gps = {
  IFD0: { Make: 'PhoneCo', Model: 'Phone 12' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '11/1 34/1 0/1' },
};

/** A 300×200 gradient (wider than high), in `format`, with EXIF (GPS, camera) and optionally an orientation. */
async function photoWithExif(format: 'jpeg' | 'png' | 'webp', orientation?: number): Promise<Buffer> {
  const width = 300;
  const height = 200;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i += 1) pixels.set([i % 256, (i >> 8) % 256, 128], i * 3);
  let image = sharp(pixels, { raw: { width, height, channels: 3 } }).withExif(gps);
  if (orientation) image = image.withMetadata({ orientation });
  return image.toFormat(format).toBuffer();
}

describe('photos stored without metadata', () => {
  it.each(['jpeg', 'png', 'webp'] as const)('drops EXIF with GPS and camera from a %s, keeping its format', async (format) => {
    const bytes = await photoWithExif(format);
    expect((await sharp(bytes).metadata()).exif).toBeDefined();
    const stored = await withoutMetadata(checkImageHeader(bytes, limits));
    const metadata = await sharp(stored.bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.format).toBe(format);
    expect(stored.bytes.includes(Buffer.from('PhoneCo'))).toBe(false);
    expect([stored.width, stored.height]).toEqual([300, 200]);
  });

  it('turns a photo upright before its orientation tag is dropped', async () => {
    // Orientation 6: the camera was held upright, the pixels lie on their side (rotate 90° clockwise to view).
    const stored = await withoutMetadata(checkImageHeader(await photoWithExif('jpeg', 6), limits));
    const metadata = await sharp(stored.bytes).metadata();
    expect([metadata.width, metadata.height]).toEqual([200, 300]);
    expect([stored.width, stored.height]).toEqual([200, 300]);
    expect(metadata.orientation).toBeUndefined();
  });

  it('keeps a photo without metadata byte for byte', async () => {
    const plain = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    const image = checkImageHeader(plain, limits);
    expect((await withoutMetadata(image)).bytes).toBe(plain);
  });
});
