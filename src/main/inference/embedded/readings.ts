import type { ShapeStats } from '../../body/shape-stats.js';
import type { FrontSilhouetteMeasurement, SideSilhouetteMeasurement } from './silhouette-measurements.js';
import type { ObservedDimension } from './survey-conditioning.js';

/**
 * Silhouette pixels to survey dimensions (mm). The scale is the customer's stature: given by staff
 * (`height_cm`), or assumed to be the survey's mean for the sex, which widens every confidence.
 */

/** SD of each kind of reading against the survey's definition (mm): assumptions, stated here once. */
export const readingNoiseSdMm = {
  /** Height given by staff: shoes, hair and posture. */
  stature: 10,
  /** A mask breadth: a few mask pixels at the edges, clothing over the skin. */
  breadth: 15,
  /** A mask depth in profile: the same, plus arms that may overlap the torso's outline. */
  depth: 20,
} as const;

/** Which survey column each silhouette level reads (thigh has no survey breadth: it is not used). */
const breadthColumns = { deltoid: 'bideltoidbreadth', chest: 'chestbreadth', waist: 'waistbreadth', hip: 'hipbreadth' } as const;
const depthColumns = { chest: 'chestdepth', waist: 'waistdepth', buttock: 'buttockdepth' } as const;

export interface Readings {
  readings: ObservedDimension[];
  statureMm: number;
  /** 0 with a given height; the survey's stature SD / mean when assumed. */
  scaleRelativeSd: number;
  notes: string[];
}

export function readingsFromSilhouettes(input: {
  stats: ShapeStats;
  heightCm: number | null;
  front: FrontSilhouetteMeasurement;
  side: SideSilhouetteMeasurement | null;
}): Readings {
  const { stats } = input;
  const statureIndex = stats.columns.indexOf('stature');
  if (statureIndex < 0) throw new Error('the survey statistics lack stature');
  const notes: string[] = [];
  const assumed = input.heightCm === null;
  const statureMm = assumed ? stats.mean[statureIndex]! : input.heightCm! * 10;
  const scaleRelativeSd = assumed ? stats.sd[statureIndex]! / stats.mean[statureIndex]! : 0;
  if (assumed) {
    notes.push(
      `Height not given: the scale assumes the survey's mean stature for ${stats.sex === 'neutral' ? 'adults' : `${stats.sex}s`} ` +
        `(${(statureMm / 10).toFixed(1)} cm, ANSUR II); every measurement's confidence includes ±${(scaleRelativeSd * 100).toFixed(1)}% for it. Enter the customer's height for exact sizes.`,
    );
  }
  const readings: ObservedDimension[] = [{ column: 'stature', valueMm: statureMm, noiseSdMm: readingNoiseSdMm.stature }];
  const frontMmPerPx = statureMm / input.front.staturePx;
  for (const [level, column] of Object.entries(breadthColumns) as [keyof typeof breadthColumns, string][]) {
    const px = input.front.breadthsPx[level];
    if (px === null || !stats.columns.includes(column)) continue;
    readings.push({ column, valueMm: px * frontMmPerPx, noiseSdMm: readingNoiseSdMm.breadth });
  }
  if (input.side) {
    const sideMmPerPx = statureMm / input.side.staturePx;
    for (const [level, column] of Object.entries(depthColumns) as [keyof typeof depthColumns, string][]) {
      const px = input.side.depthsPx[level];
      if (px === null || !stats.columns.includes(column)) continue;
      readings.push({ column, valueMm: px * sideMmPerPx, noiseSdMm: readingNoiseSdMm.depth });
    }
  } else {
    notes.push('No side photo: body depths are estimated from the survey given the breadths, and their confidence is wider.');
  }
  notes.push('Breadths are read over clothing: tight clothes give the closest figures.');
  return { readings, statureMm, scaleRelativeSd, notes };
}
