import type { ShapeStats } from '../../body/shape-stats.js';
import type { FrontSilhouetteMeasurement, SideSilhouetteMeasurement } from './silhouette-measurements.js';
import type { ObservedDimension } from './survey-conditioning.js';

/**
 * Silhouette pixels to survey dimensions (mm). The scale is the customer's stature: given by staff
 * (`height_cm`), or assumed to be the survey's mean for the sex, which widens every confidence.
 */

/**
 * SD of each reading against the survey's definition (mm): assumptions, stated here once. On
 * rendered bodies of known shape (scripts/inference/eval-embedded.ts) the mask alone reads the
 * waist and hip breadths and the waist and buttock depths within about 8–10 mm RMS, the chest
 * breadth and depth within 11–14 mm; the rest of each SD is for clothing over the skin, which the
 * renders lack.
 */
export const readingNoiseSdMm = {
  /** Height given by staff: shoes, hair and posture. */
  stature: 10,
  /** Mask breadths in the front photo: a few mask pixels at the edges and clothing over the skin. */
  breadth: {
    /** Only where the mask joins the deltoids to the torso; the arms' outline is the deltoids'. */
    deltoid: 15,
    /** Just below the armpits, where arms held away meet the torso's outline and are cut off it. */
    chest: 15,
    /** With the arms held away there is background between arm and body: mask edges and clothing only. */
    waist: 12,
    hip: 12,
  },
  /** Mask depths in the profile photo: the same, plus arms that may overlap the torso's outline. */
  depth: {
    /** The upper arms hang beside the chest and may reach past its front or back. */
    chest: 20,
    /** The forearms and hands hang beside the waist and hips: they reach past them less often. */
    waist: 15,
    buttock: 15,
  },
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
    readings.push({ column, valueMm: px * frontMmPerPx, noiseSdMm: readingNoiseSdMm.breadth[level] });
  }
  if (input.side) {
    const sideMmPerPx = statureMm / input.side.staturePx;
    for (const [level, column] of Object.entries(depthColumns) as [keyof typeof depthColumns, string][]) {
      const px = input.side.depthsPx[level];
      if (px === null || !stats.columns.includes(column)) continue;
      readings.push({ column, valueMm: px * sideMmPerPx, noiseSdMm: readingNoiseSdMm.depth[level] });
    }
  } else {
    notes.push('No side photo: body depths are estimated from the survey given the breadths, and their confidence is wider.');
  }
  notes.push('Breadths are read over clothing: tight clothes give the closest figures.');
  return { readings, statureMm, scaleRelativeSd, notes };
}
