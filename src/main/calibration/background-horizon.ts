import * as z from 'zod';
import type { GrayImage } from '../inference/capture-checks/image-statistics.js';
import type { PersonSilhouette } from '../inference/capture-checks/person-silhouette.js';
import { median } from '../inference/frame-fusion.js';
import { stepPeakOffset } from './step-peak.js';

/**
 * The background's horizontal edge (where the floor meets the wall, a skirting board, the floor's
 * far edge): a line fixed in the room that every photo of a bolted camera shows at the same rows.
 * A mount that has drooped or been nudged since calibration moves it; the rows it moved by give
 * the camera's change of tilt, which a stature read through the camera is very sensitive to (about
 * 9 cm per degree on the evaluation's kiosks). Read in columns of the photo, left and right of the
 * person, on the grayscale copy the capture checks already make.
 */

/** The edge as the calibration photo shows it: its row at the photo's middle column and its slope (roll). */
export const horizonReferenceSchema = z.object({
  /** Row at the middle column, as a share of the photo's height (0 top, 1 bottom). */
  share: z.number().min(0).max(1),
  /** Rows per column (the same at any photo size): the camera's roll makes the edge slant. */
  slope: z.number().min(-0.5).max(0.5),
  /** +1: brighter below the edge than above it; −1: darker below. A later photo's edge must have the same. */
  polarity: z.union([z.literal(1), z.literal(-1)]),
});
export type HorizonReference = z.infer<typeof horizonReferenceSchema>;

/** Columns a person covers (in the gray image's pixels, inclusive), left out of the search. */
export interface ColumnSpan {
  left: number;
  right: number;
}

/** The columns a person's mask spans, in the gray image's pixels (both cover the whole photo). */
export function personColumns(silhouette: Pick<PersonSilhouette, 'width' | 'left' | 'right'>, image: GrayImage): ColumnSpan {
  const scale = image.width / silhouette.width;
  return { left: Math.floor(silhouette.left * scale), right: Math.ceil((silhouette.right + 1) * scale) - 1 };
}

/** Columns per band: about 48 bands across the photo, each band's rows averaged to a profile. */
const bandsAcross = 48;
/** A band's edge counts when its grey step (levels, over two rows) is at least this. */
const minEdgeStep = 6;
/** Bands whose edge lies this far (rows of the gray image) from the others' are something else. */
const agreementRows = 1.5;
/** Fewest agreeing bands, and their least share of the bands searched, for an edge to count. */
const minAgreeingBands = 8;
const minAgreeingShare = 0.5;
/**
 * How far (share of the photo's height) a scan looks for the edge around the calibration's row:
 * about 1.5° of tilt on the setup guide's lens. A camera moved further is stale anyway
 * (camera-stature.ts, floorDriftTolerance).
 */
const searchShare = 0.03;
/** Columns left free on each side of a person's span (share of the photo's width): hair, a shadow. */
const personMarginShare = 0.04;

interface BandEdge {
  /** The band's middle column. */
  x: number;
  /** Sub-row position of the strongest step. */
  y: number;
  /** Signed step: positive when brighter below. */
  step: number;
}

/** Each band's strongest horizontal step within rows [fromRow, toRow) that is at least minEdgeStep, with the wanted polarity if given. */
function bandEdges(
  image: GrayImage,
  rowsAt: (x: number) => { from: number; to: number },
  person: ColumnSpan | null,
  polarity: 1 | -1 | null,
): BandEdge[] {
  const bandPx = Math.max(3, Math.round(image.width / bandsAcross));
  const margin = Math.round(image.width * personMarginShare);
  const edges: BandEdge[] = [];
  for (let left = 0; left + bandPx <= image.width; left += bandPx) {
    const right = left + bandPx - 1;
    if (person && right >= person.left - margin && left <= person.right + margin) continue;
    const x = left + bandPx / 2;
    const { from, to } = rowsAt(x);
    const first = Math.max(1, Math.floor(from));
    const last = Math.min(image.height - 2, Math.ceil(to));
    if (last - first < 3) continue;
    const profile = new Float64Array(last - first + 3);
    for (let y = first - 1; y <= last + 1; y += 1) {
      let sum = 0;
      const row = y * image.width;
      for (let column = left; column <= right; column += 1) sum += image.gray[row + column]!;
      profile[y - first + 1] = sum / bandPx;
    }
    const stepAt = (y: number): number => profile[y - first + 2]! - profile[y - first]!;
    let best = -1;
    let bestStep = 0;
    for (let y = first; y <= last; y += 1) {
      const step = stepAt(y);
      if (polarity !== null && Math.sign(step) !== polarity) continue;
      if (Math.abs(step) > Math.abs(bestStep)) {
        bestStep = step;
        best = y;
      }
    }
    if (best < 0 || Math.abs(bestStep) < minEdgeStep) continue;
    // The step's peak to a fraction of a row: a parabola through it and its neighbours.
    const below = best > first ? Math.abs(stepAt(best - 1)) : Math.abs(bestStep);
    const above = best < last ? Math.abs(stepAt(best + 1)) : Math.abs(bestStep);
    edges.push({ x, y: best + stepPeakOffset(below, Math.abs(bestStep), above), step: bestStep });
  }
  return edges;
}

/** The bands within agreementRows of the median of `value`, if they are enough of those searched. */
function agreeing(edges: BandEdge[], value: (edge: BandEdge) => number): BandEdge[] | null {
  if (edges.length < minAgreeingBands) return null;
  const middle = median(edges.map(value));
  const kept = edges.filter((edge) => Math.abs(value(edge) - middle) <= agreementRows);
  return kept.length >= minAgreeingBands && kept.length >= minAgreeingShare * edges.length ? kept : null;
}

/**
 * The calibration photo's background edge: the strongest horizontal step shared by most bands of
 * columns above `maxShare` of the photo's height (above the floor line, the marker or the feet),
 * outside the person. Null when the background has no such edge (a plain backdrop down to the
 * floor, or a busy one).
 */
export function findReferenceHorizon(image: GrayImage, options: { maxShare: number; person: ColumnSpan | null }): HorizonReference | null {
  const maxRow = options.maxShare * image.height;
  const edges = bandEdges(image, () => ({ from: 1, to: maxRow }), options.person, null);
  const positive = edges.filter((edge) => edge.step > 0);
  const negative = edges.filter((edge) => edge.step < 0);
  const polarity: 1 | -1 = positive.length >= negative.length ? 1 : -1;
  const candidates = polarity === 1 ? positive : negative;
  // A rolled camera slants the edge: the bands are compared with a line through them, its slope the
  // median of the slopes between every two bands (robust to the bands that found something else).
  const middleX = image.width / 2;
  const pairSlopes: number[] = [];
  for (const [i, a] of candidates.entries())
    for (const b of candidates.slice(i + 1)) if (b.x !== a.x) pairSlopes.push((b.y - a.y) / (b.x - a.x));
  const roughSlope = pairSlopes.length > 0 ? median(pairSlopes) : 0;
  const kept = agreeing(candidates, (edge) => edge.y - roughSlope * (edge.x - middleX));
  if (!kept) return null;
  // The edge's line through the agreeing bands (least squares): its row at the middle column and its slant.
  const meanX = kept.reduce((sum, edge) => sum + edge.x, 0) / kept.length;
  const meanY = kept.reduce((sum, edge) => sum + edge.y, 0) / kept.length;
  const sxx = kept.reduce((sum, edge) => sum + (edge.x - meanX) ** 2, 0);
  const slope = sxx > 0 ? kept.reduce((sum, edge) => sum + (edge.x - meanX) * (edge.y - meanY), 0) / sxx : 0;
  const rowAtMiddle = meanY + slope * (middleX - meanX);
  return { share: rowAtMiddle / image.height, slope, polarity };
}

/**
 * Where a scan photo shows the calibration's background edge: its row at the middle column as a
 * share of the photo's height, read in the bands beside the person near the calibration's row.
 * Null when too few bands agree (the edge hidden, or the photo of another place).
 */
export function findHorizonNear(image: GrayImage, reference: HorizonReference, person: ColumnSpan | null): number | null {
  const middleX = image.width / 2;
  const referenceRow = (x: number): number => reference.share * image.height + reference.slope * (x - middleX);
  const reach = searchShare * image.height;
  const edges = bandEdges(image, (x) => ({ from: referenceRow(x) - reach, to: referenceRow(x) + reach }), person, reference.polarity);
  // Measured against the calibration's slant, every band gives the edge's row at the middle column.
  const atMiddle = (edge: BandEdge): number => edge.y - reference.slope * (edge.x - middleX);
  const kept = agreeing(edges, atMiddle);
  if (!kept) return null;
  return kept.reduce((sum, edge) => sum + atMiddle(edge), 0) / kept.length / image.height;
}
