import sharp from 'sharp';

/**
 * The copies of a photo that must get its decision (issue 16): its mirror image, the photo resized
 * to 60%, and the photo re-encoded as JPEG quality 60. Shared by the capture dev set and the
 * study on the evaluation's photos, so both measure the same copies.
 */
export const photoCopies = {
  mirrored: (photo: Buffer) => sharp(photo).flop().jpeg({ quality: 92 }).toBuffer(),
  resized: async (photo: Buffer) => {
    const { width = 0 } = await sharp(photo).metadata();
    return sharp(photo)
      .resize({ width: Math.round(width * 0.6), kernel: 'lanczos3' })
      .jpeg({ quality: 92 })
      .toBuffer();
  },
  reencoded: (photo: Buffer) => sharp(photo).jpeg({ quality: 60 }).toBuffer(),
} as const;

export type PhotoCopy = keyof typeof photoCopies;
export const photoCopyNames = Object.keys(photoCopies) as PhotoCopy[];
