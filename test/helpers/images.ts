import sharp from 'sharp';

/** A small real JPEG (a gradient), optionally with a test-pipeline marker after its end. */
export async function makeJpeg(options: { width?: number; height?: number; marker?: string } = {}): Promise<Buffer> {
  const width = options.width ?? 320;
  const height = options.height ?? 480;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      pixels[offset] = (x * 255) / width;
      pixels[offset + 1] = (y * 255) / height;
      pixels[offset + 2] = 128;
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
  return options.marker ? Buffer.concat([jpeg, Buffer.from(`PERFIT_TEST:${options.marker}`, 'latin1')]) : jpeg;
}
