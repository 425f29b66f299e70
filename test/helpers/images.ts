import sharp from 'sharp';

/** Raw RGB pixels of a smooth gradient (no face, no edges), so encoders do not collapse the image. */
export function gradientPixels(width: number, height: number, blue: (x: number, y: number) => number = () => 128): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      pixels[offset] = (x * 255) / width;
      pixels[offset + 1] = (y * 255) / height;
      pixels[offset + 2] = blue(x, y);
    }
  }
  return pixels;
}

/** A small real JPEG (a gradient), optionally with a test-pipeline marker after its end. */
export async function makeJpeg(options: { width?: number; height?: number; marker?: string } = {}): Promise<Buffer> {
  const width = options.width ?? 320;
  const height = options.height ?? 480;
  const jpeg = await sharp(gradientPixels(width, height), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
  return options.marker ? Buffer.concat([jpeg, Buffer.from(`PERFIT_TEST:${options.marker}`, 'latin1')]) : jpeg;
}
