import sharp from 'sharp';
import type { ValidatedImage } from './validate-image.js';

/**
 * EXIF, XMP and IPTC can say where (GPS) and when a photo was taken and on which device: a photo
 * that carries any is re-encoded in its own format, turned upright first (its EXIF orientation
 * goes with the rest), and stored without them. A photo without metadata, such as the kiosk
 * camera's frames, is kept byte for byte. Runs on libuv's thread pool, not the event loop.
 */
export async function withoutMetadata(image: ValidatedImage): Promise<ValidatedImage> {
  const metadata = await sharp(image.bytes).metadata();
  const carries =
    metadata.exif !== undefined || metadata.xmp !== undefined || metadata.iptc !== undefined || (metadata.comments?.length ?? 0) > 0;
  if (!carries && (metadata.orientation ?? 1) === 1) return image;
  const upright = sharp(image.bytes).rotate();
  const encoder =
    image.format === 'jpeg' ? upright.jpeg({ quality: 95 }) : image.format === 'png' ? upright.png() : upright.webp({ quality: 95 });
  const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
  return { ...image, bytes: data, width: info.width, height: info.height };
}
