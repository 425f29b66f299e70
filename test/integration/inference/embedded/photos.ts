import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/**
 * Full-body photos cut at test time from @vladmandic/human/assets/samples.jpg (nothing is copied
 * into the repository). Its top row holds 158 px thumbnails; the full-body ones are:
 *   - column 0–157: a rendered 3D woman in a white dress, arms held out (A-pose): the only
 *     full-body person in the assets standing as a kiosk asks; not a photograph;
 *   - column 545–633: a real photo of a woman taking a mirror selfie (one arm raised, the other
 *     against her body);
 *   - column 1130–1271: a real photo of three people standing side by side.
 * Thumbnails are padded by 12 px of their own edge pixels above and below (their heads and feet
 * touch the thumbnail's edge) and enlarged ×4.5 with lanczos, so they are soft but in range.
 */
const assetsDir = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..', 'assets');

async function thumbnail(left: number, width: number): Promise<Buffer> {
  const samples = await readFile(join(assetsDir, 'samples.jpg'));
  const padded = await sharp(samples)
    .extract({ left, top: 1, width, height: 157 })
    .extend({ top: 12, bottom: 12, left: 4, right: 4, extendWith: 'copy' })
    .toBuffer();
  return sharp(padded).resize({ height: 720, kernel: 'lanczos3' }).jpeg({ quality: 92 }).toBuffer();
}

export const aPoseRender = (): Promise<Buffer> => thumbnail(0, 158);
export const mirrorSelfie = (): Promise<Buffer> => thumbnail(545, 89);
export const threePeople = (): Promise<Buffer> => thumbnail(1130, 142);

/** The photo without its lower part (cut at `keepShare` of its height). */
export async function withoutFeet(photo: Buffer, keepShare = 0.7): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  return sharp(photo)
    .extract({ left: 0, top: 0, width, height: Math.round(height * keepShare) })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** The photo without its upper part. */
export async function withoutHead(photo: Buffer, dropShare = 0.15): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const top = Math.round(height * dropShare);
  return sharp(photo)
    .extract({ left: 0, top, width, height: height - top })
    .jpeg({ quality: 92 })
    .toBuffer();
}

export const darkened = (photo: Buffer, factor = 0.15): Promise<Buffer> => sharp(photo).linear(factor, 0).jpeg({ quality: 92 }).toBuffer();
export const blurred = (photo: Buffer, sigma = 4): Promise<Buffer> => sharp(photo).blur(sigma).jpeg({ quality: 92 }).toBuffer();

/** The photo shrunk to `share` of a canvas of its own height, pasted at the bottom centre of a canvas filled with its corner colour. */
export async function tinyInCanvas(photo: Buffer, share = 0.42): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const small = await sharp(photo)
    .resize({ height: Math.round(height * share) })
    .toBuffer();
  const { dominant } = await sharp(photo).extract({ left: 0, top: 0, width: 8, height: 8 }).stats();
  const smallMeta = await sharp(small).metadata();
  return sharp({ create: { width, height, channels: 3, background: dominant } })
    .composite([{ input: small, left: Math.round((width - (smallMeta.width ?? 0)) / 2), top: height - (smallMeta.height ?? 0) - 20 }])
    .jpeg({ quality: 92 })
    .toBuffer();
}
