import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageDimensions } from '../../../src/main/images/dimensions.js';
import { makeHugeSparsePng } from '../../fixtures/api/images.js';

const base = () => sharp({ create: { width: 301, height: 157, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } });

describe('readImageDimensions reads the size from the header, as a full decoder reports it', () => {
  it.each([
    ['baseline JPEG', () => base().jpeg().toBuffer(), 'jpeg'],
    ['progressive JPEG', () => base().jpeg({ progressive: true }).toBuffer(), 'jpeg'],
    [
      'JPEG with EXIF/ICC before the frame header',
      () =>
        base()
          .withMetadata({ exif: { IFD0: { Copyright: 'perfit' } } })
          .jpeg()
          .toBuffer(),
      'jpeg',
    ],
    ['PNG with alpha', () => base().png().toBuffer(), 'png'],
    ['lossy WebP (VP8)', () => base().removeAlpha().webp({ lossless: false }).toBuffer(), 'webp'],
    ['lossless WebP (VP8L)', () => base().webp({ lossless: true }).toBuffer(), 'webp'],
    ['WebP with alpha (VP8X)', () => base().webp({ lossless: false, alphaQuality: 50 }).toBuffer(), 'webp'],
  ] as const)('%s', async (_name, make, format) => {
    const bytes = await make();
    const metadata = await sharp(bytes).metadata();
    expect(readImageDimensions(bytes, format)).toEqual({ width: metadata.width, height: metadata.height });
    expect(metadata.width).toBe(301);
  });

  it('reads the claimed size of a hand-made 30000×30000 PNG (a few hundred bytes)', () => {
    expect(readImageDimensions(makeHugeSparsePng(30000, 30000), 'png')).toEqual({ width: 30000, height: 30000 });
  });

  it('reads a large WebP canvas from VP8X (24-bit sizes)', () => {
    const header = Buffer.alloc(30);
    header.write('RIFF', 0, 'latin1');
    header.write('WEBP', 8, 'latin1');
    header.write('VP8X', 12, 'latin1');
    header.writeUIntLE(20000 - 1, 24, 3);
    header.writeUIntLE(16000 - 1, 27, 3);
    expect(readImageDimensions(header, 'webp')).toEqual({ width: 20000, height: 16000 });
  });

  it('answers null for damaged headers instead of guessing', async () => {
    const jpeg = await base().jpeg().toBuffer();
    expect(readImageDimensions(jpeg.subarray(0, 20), 'jpeg')).toBeNull();
    expect(readImageDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 2, 3, 4, 5, 6]), 'jpeg')).toBeNull(); // scan before frame
    const png = await base().png().toBuffer();
    expect(readImageDimensions(png.subarray(0, 20), 'png')).toBeNull();
    const noIhdr = Buffer.from(png);
    noIhdr.write('IDAT', 12, 'latin1');
    expect(readImageDimensions(noIhdr, 'png')).toBeNull();
    const webp = await base().webp({ lossless: true }).toBuffer();
    const badChunk = Buffer.from(webp);
    badChunk.write('XXXX', 12, 'latin1');
    expect(readImageDimensions(badChunk, 'webp')).toBeNull();
  });
});
