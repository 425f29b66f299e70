import { describe, expect, it } from 'vitest';
import { photoOutlineRows } from '../../../src/main/calibration/edge-rows.js';
import type { GrayImage } from '../../../src/main/inference/capture-checks/image-statistics.js';
import { silhouetteOf, type Rect } from '../../factories/drawn-silhouettes.js';

/**
 * Photos drawn by hand: a wall and floor of one shade, a figure of others, and a person mask that
 * misses the figure's outline by a few pixels, as the segmentation model's scaled-up mask does.
 */
const width = 400;
const height = 1200;

function photo(shapes: Array<Rect & { shade: number }>, background = 200): GrayImage {
  const gray = new Uint8Array(width * height).fill(background);
  for (const shape of shapes)
    for (let y = shape.top; y <= shape.bottom; y += 1) gray.fill(shape.shade, y * width + shape.left, y * width + shape.right + 1);
  return { gray, width, height };
}

// The figure's head begins at row 106 and its shoes end at row 925 (lower edge 926).
const head: Rect = { left: 170, right: 230, top: 106, bottom: 200 };
const trunk: Rect = { left: 150, right: 250, top: 200, bottom: 560 };
const legs: Rect[] = [
  { left: 155, right: 195, top: 560, bottom: 880 },
  { left: 205, right: 245, top: 560, bottom: 880 },
];
const shoes: Rect[] = [
  { left: 152, right: 198, top: 881, bottom: 925 },
  { left: 202, right: 248, top: 881, bottom: 925 },
];
const figure = (shade: number, shoeShade: number) => [
  ...[head, trunk, ...legs].map((rect) => ({ ...rect, shade })),
  ...shoes.map((rect) => ({ ...rect, shade: shoeShade })),
];
// The mask starts 6 rows above the head and ends 7 rows short of the soles.
const mask = silhouetteOf([{ ...head, top: 100 }, trunk, ...legs, ...shoes.map((rect) => ({ ...rect, bottom: 918 }))], { width, height });

describe("the crown's and soles' rows on the photo's own outline", () => {
  it('finds the head top and the soles where the photo shows them, not where the mask ends', () => {
    const rows = photoOutlineRows(photo(figure(70, 150)), mask, height);
    expect(rows.crownY).toBeCloseTo(106, 1);
    expect(rows.soleY).toBeCloseTo(926, 1);
  });

  it("takes the outline met first from outside the person: the shoes' top edge and the face are further in", () => {
    // Shoes darker than the floor by little, trousers far darker: the sole's edge still wins.
    const rows = photoOutlineRows(photo(figure(20, 175)), mask, height);
    expect(rows.soleY).toBeCloseTo(926, 1);
  });

  it('takes the lower of two shoes (the one nearer the camera)', () => {
    const nearer = { ...shoes[1]!, top: 881, bottom: 929, shade: 150 };
    const rows = photoOutlineRows(photo([...figure(70, 150), nearer]), mask, height);
    expect(rows.soleY).toBeCloseTo(930, 1);
  });

  it('reads the same on a photo at another size (mask and photo scale apart)', () => {
    const full = photo(figure(70, 150));
    const half: GrayImage = { width: width / 2, height: height / 2, gray: new Uint8Array((width / 2) * (height / 2)) };
    for (let y = 0; y < half.height; y += 1)
      for (let x = 0; x < half.width; x += 1) half.gray[y * half.width + x] = full.gray[2 * y * width + 2 * x]!;
    // Rows are in the photo's pixels whatever the luma copy's size: within a row of the full-size reading.
    const rows = photoOutlineRows(half, mask, height);
    expect(rows.crownY).toBeCloseTo(106, -0.5);
    expect(rows.soleY).toBeCloseTo(926, -0.5);
  });

  it('finds nothing where the figure hardly stands out from the wall and the floor', () => {
    expect(photoOutlineRows(photo(figure(196, 197)), mask, height)).toEqual({ crownY: null, soleY: null });
  });

  it('finds nothing where the columns disagree (a patterned background)', () => {
    const image = photo(figure(70, 150));
    // Dark bands above the head and below the shoes, at a different row every 6 columns.
    for (let x = 0; x < width; x += 1) {
      const offset = (Math.floor(x / 6) * 7) % 23;
      for (const y of [90 + offset, 91 + offset, 928 + offset, 929 + offset]) image.gray[y * width + x] = 40;
    }
    expect(photoOutlineRows(image, mask, height)).toEqual({ crownY: null, soleY: null });
  });
});
