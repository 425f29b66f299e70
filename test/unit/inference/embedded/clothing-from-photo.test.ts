import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { FaceBox } from '../../../../src/main/inference/face-detector.js';
import type { BodyKeypoint } from '../../../../src/main/inference/human/human-runtime.js';
import { judgeClothing, photoForColours } from '../../../../src/main/inference/embedded/clothing-from-photo.js';
import type { DecodedImage } from '../../../../src/main/inference/human/image-decoder.js';

type Rgb = [number, number, number];
const skin: Rgb = [224, 172, 138];
const darkSkin: Rgb = [118, 76, 52];
const navyShirt: Rgb = [40, 60, 110];
const beigeTrousers: Rgb = [150, 140, 120];
const wall: Rgb = [200, 205, 210];

/**
 * A 300×600 front photo drawn as flat colour patches: a face box, a trunk between the shoulder and
 * hip keypoints, thighs from the hips to the knees; `shade` darkens or brightens a part as a light would.
 */
function photo(parts: { face: Rgb; trunk: Rgb; thighs: Rgb; shade?: { trunk?: number; thighs?: number } }): DecodedImage {
  const width = 300;
  const height = 600;
  const rgb = new Uint8Array(width * height * 3);
  const paint = (x0: number, y0: number, x1: number, y1: number, colour: Rgb, shade = 1): void => {
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++)
        for (let c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = Math.min(255, Math.round(colour[c]! * shade));
  };
  paint(0, 0, width, height, wall);
  paint(130, 40, 170, 90, parts.face);
  paint(110, 110, 190, 300, parts.trunk, parts.shade?.trunk);
  paint(112, 300, 188, 430, parts.thighs, parts.shade?.thighs);
  return { width, height, rgb, originalWidth: width, originalHeight: height, scale: 1, originX: 0, originY: 0 };
}

const face: FaceBox = { x: 130, y: 40, width: 40, height: 50, score: 0.9 };
const keypoint = (part: string, x: number, y: number, score = 0.9): BodyKeypoint => ({ part, x, y, z: null, score });
const keypoints: BodyKeypoint[] = [
  keypoint('leftShoulder', 180, 110),
  keypoint('rightShoulder', 120, 110),
  keypoint('leftHip', 170, 300),
  keypoint('rightHip', 130, 300),
  keypoint('leftKnee', 168, 430),
  keypoint('rightKnee', 132, 430),
];

describe('judgeClothing', () => {
  it('reads bare skin on the trunk and thighs as tight, for a light and a dark skin and under shading', () => {
    for (const tone of [skin, darkSkin]) {
      const judged = judgeClothing(photo({ face: tone, trunk: tone, thighs: tone, shade: { trunk: 1.1, thighs: 0.8 } }), face, keypoints);
      expect(judged.clothing, String(tone)).toBe('tight');
      expect(judged.reason).toMatch(/bare skin/);
    }
  });

  it('keeps regular for a shirt over the trunk, trousers over the thighs, or a garment of the skin colour but far darker', () => {
    for (const parts of [
      { face: skin, trunk: navyShirt, thighs: skin },
      { face: skin, trunk: skin, thighs: beigeTrousers },
      { face: skin, trunk: navyShirt, thighs: beigeTrousers },
      { face: skin, trunk: skin, thighs: skin, shade: { trunk: 0.4 } },
    ]) {
      const judged = judgeClothing(photo(parts), face, keypoints);
      expect(judged.clothing, JSON.stringify(parts)).toBe('regular');
      expect(judged.reason).toMatch(/not the face's colour/);
    }
  });

  it('keeps regular, and says why, without a face or with a knee it is unsure of', () => {
    const bare = photo({ face: skin, trunk: skin, thighs: skin });
    expect(judgeClothing(bare, undefined, keypoints)).toEqual({
      clothing: 'regular',
      reason: expect.stringMatching(/not found surely enough/),
    });
    const unsureKnee = keypoints.map((point) => (point.part === 'leftKnee' ? { ...point, score: 0.1 } : point));
    expect(judgeClothing(bare, face, unsureKnee).clothing).toBe('regular');
  });

  it('places the samples in the photo’s own pixels when the image is sampled smaller', async () => {
    const full = photo({ face: skin, trunk: skin, thighs: skin });
    const jpeg = await sharp(full.rgb, { raw: { width: full.width, height: full.height, channels: 3 } })
      .resize({ height: 1200 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const sampled = await photoForColours(jpeg);
    expect(Math.max(sampled.width, sampled.height)).toBe(320);
    const doubled = keypoints.map((point) => ({ ...point, x: point.x * 2, y: point.y * 2 }));
    const faceDoubled = { ...face, x: face.x * 2, y: face.y * 2, width: face.width * 2, height: face.height * 2 };
    expect(judgeClothing(sampled, faceDoubled, doubled).clothing).toBe('tight');
    const shirt = photo({ face: skin, trunk: navyShirt, thighs: skin });
    const shirtJpeg = await sharp(shirt.rgb, { raw: { width: 300, height: 600, channels: 3 } })
      .resize({ height: 1200 })
      .jpeg()
      .toBuffer();
    expect(judgeClothing(await photoForColours(shirtJpeg), faceDoubled, doubled).clothing).toBe('regular');
  });
});
