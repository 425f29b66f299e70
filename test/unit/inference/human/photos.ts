import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { gradientPixels } from '../../../helpers/images.js';

/**
 * Real photos for the face and body tests, cut at test time from the screenshots that ship in
 * @vladmandic/human/assets (nothing is copied into the repository).
 */
const assetsDir = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..', 'assets');

export function asset(name: string): Promise<Buffer> {
  return readFile(join(assetsDir, name));
}

export async function crop(name: string, region: { left: number; top: number; width: number; height: number }): Promise<Buffer> {
  return sharp(await asset(name))
    .extract(region)
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The one photo in screenshot-faceid.jpg: a man's head and shoulders, 140×140 px at (14, 142). */
export const faceIdPhoto = { left: 14, top: 142, width: 140, height: 140 };

/** The five face crops of screenshot-facedetect.jpg (a row at y 345–500, each about 150 px wide). */
export const faceDetectRow = { left: 0, top: 330, width: 800, height: 180 };

/**
 * A full-body kiosk frame: 1080×1920, the head of screenshot-faceid's photo at `headPx` size,
 * centred at the top where a standing customer's head is, over a dark floor grid without faces.
 */
export async function kioskFrame(headPx: number): Promise<{ jpeg: Buffer; head: { left: number; top: number; size: number } }> {
  const background = await sharp(await asset('screenshot-vrm.jpg'))
    .extract({ left: 300, top: 380, width: 500, height: 273 })
    .resize(1080, 1920, { fit: 'fill' })
    .toBuffer();
  const headImage = await sharp(await crop('screenshot-faceid.jpg', faceIdPhoto))
    .resize(headPx, headPx)
    .toBuffer();
  const head = { left: Math.round(540 - headPx / 2), top: 260, size: headPx };
  const jpeg = await sharp(background)
    .composite([{ input: headImage, left: head.left, top: head.top }])
    .jpeg({ quality: 85 })
    .toBuffer();
  return { jpeg, head };
}

/** A smooth two-colour gradient, no face in it. */
export async function gradient(width: number, height: number): Promise<Buffer> {
  return sharp(
    gradientPixels(width, height, () => 160),
    { raw: { width, height, channels: 3 } },
  )
    .jpeg({ quality: 85 })
    .toBuffer();
}

/**
 * The same photo stored sideways (pixels turned 90° anticlockwise) with EXIF orientation 6, which
 * tells a viewer to turn it 90° clockwise: upright, it is the original.
 */
export async function sidewaysWithExif(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
}
