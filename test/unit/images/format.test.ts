import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sniffImageFormat } from '../../../src/main/images/format.js';
import { htmlBytes, makePhoto, pdfBytes, svgBytes } from '../../fixtures/api/images.js';

describe('sniffImageFormat (magic bytes)', () => {
  it('recognises JPEG, PNG and WebP made by a real encoder', async () => {
    expect(sniffImageFormat(await makePhoto({ format: 'jpeg', width: 16, height: 16 }))).toMatchObject({
      format: 'jpeg',
      extension: 'jpg',
      contentType: 'image/jpeg',
    });
    expect(sniffImageFormat(await makePhoto({ format: 'png', width: 16, height: 16 }))).toMatchObject({ format: 'png', extension: 'png' });
    expect(sniffImageFormat(await makePhoto({ format: 'webp', width: 16, height: 16 }))).toMatchObject({
      format: 'webp',
      extension: 'webp',
    });
  });

  it('names formats it refuses', async () => {
    const tiff = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .tiff()
      .toBuffer();
    const cases: Array<[string, Buffer]> = [
      ['GIF', await makePhoto({ format: 'gif', width: 8, height: 8 })],
      ['TIFF', tiff],
      ['PDF', pdfBytes()],
      ['HTML', htmlBytes()],
      ['HTML', Buffer.from('\uFEFF  <html lang="en"><body>x</body></html>')],
      ['SVG', svgBytes()],
      ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
      ['SVG', Buffer.from('<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg></svg>')],
      ['BMP', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)])],
      ['HEIC', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(16)])],
      ['AVIF', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypavif'), Buffer.alloc(16)])],
      ['ZIP archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])],
      ['unrecognised data', Buffer.from('just some text')],
    ];
    for (const [name, bytes] of cases) {
      const info = sniffImageFormat(bytes);
      expect(info.format, name).toBeNull();
      expect(info.name).toBe(name);
    }
  });

  it('does not take a RIFF file that is not WebP (WAV) for WebP', () => {
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]);
    expect(sniffImageFormat(wav)).toMatchObject({ format: null, name: 'RIFF/WAVE' });
  });
});
