import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/**
 * The benches' front photo: one standing person cut from Human's samples.jpg (a real photo that
 * ships with the package), padded so that the whole body is inside the frame, at 720 rows.
 */
export async function samplePhoto(): Promise<Buffer> {
  const assets = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..', 'assets');
  const samples = await readFile(join(assets, 'samples.jpg'));
  const padded = await sharp(samples)
    .extract({ left: 0, top: 1, width: 158, height: 157 })
    .extend({ top: 12, bottom: 12, left: 4, right: 4, extendWith: 'copy' })
    .toBuffer();
  return sharp(padded).resize({ height: 720, kernel: 'lanczos3' }).jpeg({ quality: 92 }).toBuffer();
}
