import { grayscaleCopy, type GrayImage } from '../inference/capture-checks/image-statistics.js';
import type { PersonSilhouette } from '../inference/capture-checks/person-silhouette.js';
import type { PhotoOutlineRows } from '../inference/capture-checks/types.js';
import { median } from '../inference/frame-fusion.js';
import { stepPeakOffset } from './step-peak.js';

/**
 * The crown's and the soles' rows read again on the photo itself, near where the person mask puts
 * them. The mask is the segmentation model's, drawn at 256 px and scaled up: its top and bottom
 * fall a few pixels off the head's and the shoes' outline, differently for each customer (hair
 * against the wall, shoes against the floor). The photo shows the outline as the row where the
 * brightness changes most, found per column across the head's top and under each shoe.
 */

/** Where the outline is looked for, as shares of the person's height in the photo: from the mask's row outwards and inwards. */
const crownSearch = { outward: 0.01, inward: 0.03 };
const soleSearch = { outward: 0.04, inward: 0.02 };
/** A column's outline counts when its brightness changes by at least this much (levels, over two rows). */
const minStep = 8;
/** The outermost change of at least this share of the column's largest is the outline (an inner one is the garment's or the face's). */
const outlineShareOfLargest = 0.4;
/** The columns must agree: three in four within this many rows (of the luma copy) of their median. */
const maxSpreadPx = 2.5;

/**
 * The outline's row (continuous, gray-image px) in column x between rows y0 and y1: the first
 * clear change in brightness met coming from outside the person (from y0 towards y1), at its peak.
 */
function columnEdge(image: GrayImage, x: number, y0: number, y1: number): number | null {
  const { gray, width, height } = image;
  const direction = y1 >= y0 ? 1 : -1;
  const first = Math.round(y0);
  const count = Math.abs(Math.round(y1) - first) + 1;
  if (x < 1 || x >= width - 1) return null;
  const at = (y: number): number => gray[y * width + x - 1]! + gray[y * width + x]! + gray[y * width + x + 1]!;
  const steps: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const y = first + direction * i;
    steps.push(y >= 1 && y < height - 1 ? Math.abs(at(y + 1) - at(y - 1)) / 3 : 0);
  }
  const largest = Math.max(...steps);
  if (largest < minStep) return null;
  let index = steps.findIndex((step) => step >= Math.max(minStep, outlineShareOfLargest * largest));
  while (index + 1 < steps.length && steps[index + 1]! > steps[index]!) index += 1;
  const peak = steps[index]!;
  const offset = stepPeakOffset(steps[index - 1] ?? peak, peak, steps[index + 1] ?? peak);
  // Row y spans [y, y + 1): the change centred on it lies at its middle.
  return first + direction * (index + offset) + 0.5;
}

/** The median edge row of these columns, or null when too few show an edge or they disagree. */
function agreedRow(image: GrayImage, columns: number[], y0: number, y1: number): number | null {
  const rows = columns.map((x) => columnEdge(image, x, y0, y1)).flatMap((edge) => (edge === null ? [] : [edge]));
  if (rows.length < Math.max(3, columns.length / 2)) return null;
  const middle = median(rows);
  const within = rows.filter((y) => Math.abs(y - middle) <= maxSpreadPx).length;
  return within >= 0.75 * rows.length ? middle : null;
}

/** Photo columns (in the gray image's pixels) of a mask run's middle share. */
function middleColumns(run: { start: number; end: number }, share: number, toImage: number): number[] {
  const width = run.end - run.start;
  const from = Math.ceil((run.start + (width * (1 - share)) / 2) * toImage);
  const to = Math.floor((run.end - (width * (1 - share)) / 2) * toImage);
  const columns: number[] = [];
  for (let x = from; x <= to; x += 1) columns.push(x);
  return columns;
}

/** Gray-image pixels per mask pixel, and the person's height in gray-image pixels. */
function scales(image: GrayImage, silhouette: PersonSilhouette): { toImage: number; spanPx: number } {
  const toImage = image.width / silhouette.width;
  return { toImage, spanPx: (silhouette.bottom + 1 - silhouette.top) * toImage };
}

/** The photo upright as luma at its own size, for `photoOutlineRows`. */
export function fullSizeGray(bytes: Uint8Array): Promise<GrayImage> {
  return grayscaleCopy(bytes, null);
}

/** Both rows of a photo: `image` is the photo as full-size luma (a smaller copy gives coarser rows). */
export function photoOutlineRows(image: GrayImage, silhouette: PersonSilhouette, photoHeight: number): PhotoOutlineRows {
  return { crownY: crownEdgeRow(image, silhouette, photoHeight), soleY: soleEdgeRow(image, silhouette, photoHeight) };
}

/**
 * The crown's row (photo px) on the photo's own outline across the top of the head, or null when
 * the photo shows no clear one there (the mask's row then stands).
 */
function crownEdgeRow(image: GrayImage, silhouette: PersonSilhouette, photoHeight: number): number | null {
  const { toImage, spanPx } = scales(image, silhouette);
  const capRow = silhouette.top + Math.max(1, Math.round(0.015 * (silhouette.bottom - silhouette.top)));
  const topRuns = silhouette.rows[silhouette.top] ?? [];
  const head = (silhouette.rows[capRow] ?? []).find((run) => topRuns.some((top) => top.start < run.end && top.end > run.start));
  if (!head) return null;
  const maskY = silhouette.top * toImage;
  const row = agreedRow(
    image,
    middleColumns(head, 1 / 3, toImage),
    maskY - crownSearch.outward * spanPx,
    maskY + crownSearch.inward * spanPx,
  );
  return row === null ? null : (row * photoHeight) / image.height;
}

/**
 * The soles' row (photo px): the lowest of the shoes' outlines against the floor, each read across
 * the middle of the shoe, or null when the photo shows no clear one (the mask's row then stands).
 */
function soleEdgeRow(image: GrayImage, silhouette: PersonSilhouette, photoHeight: number): number | null {
  const { toImage, spanPx } = scales(image, silhouette);
  const footRow = silhouette.bottom - Math.max(1, Math.round(0.01 * (silhouette.bottom - silhouette.top)));
  const maskY = (silhouette.bottom + 1) * toImage;
  const rows = (silhouette.rows[footRow] ?? []).flatMap((run) => {
    const row = agreedRow(image, middleColumns(run, 0.6, toImage), maskY + soleSearch.outward * spanPx, maskY - soleSearch.inward * spanPx);
    return row === null ? [] : [row];
  });
  return rows.length === 0 ? null : (Math.max(...rows) * photoHeight) / image.height;
}
