import { conditionalDimensions, type ShapeStats } from '../../body/shape-stats.js';
import { girthBodyPart, measurementDefinition, type MeasurementDefinition } from '../../body/measurement-definitions.js';
import type { SilhouetteFit } from './silhouette-fit.js';
import type { ClothingClass } from '../../scans/capture-conditions.js';

/**
 * Each measurement's SD for this scan, from what this scan showed: the betas' posterior spread
 * (what the silhouettes left open, the prior filling the rest), how much of the outline the model
 * could not follow (the fit residual beyond the mask's own noise), how far apart the front and the
 * profile alone would put it, how far the stance is from the one the outlines compare best in,
 * the clothing class, the scale's uncertainty, and how far the body lies outside the survey. The
 * measurement's gradient in the betas comes from the survey figure it corresponds to (the shape
 * space is the survey's principal components).
 */

/** Residual RMS of a mask against a body the model can represent exactly (cm): edges and rows. */
const maskNoiseRmsCm = 0.35;
/**
 * A girth's SD per cm of outline residual beyond the mask's noise. Scattered row errors average
 * out over a girth's rows; what stays is the part the model could not follow all round.
 */
const girthPerResidual = 2;
const lengthPerResidual = 0.5;
/** What the shape space cannot represent of a body the silhouettes fit well, as a girth's and a length's SD (cm). */
const girthFloorSdCm = 0.8;
const lengthFloorSdCm = 1;
/** A stance this far from the compared one (legs spread, arms swung; degrees) costs nothing… */
const freePoseDeviationDeg = 10;
/** …and each degree beyond it adds this much to a girth's SD (cm). */
const girthSdPerPoseDegCm = 0.05;

/**
 * The survey columns the silhouette fit sees (the outline of the neck, torso and calves, and the
 * stature). Not the thigh or the crotch height: the fit compares the legs' outline, but what it
 * reads of them adds nothing to the trunk's prediction (figures-from-trunk.ts).
 */
export const seenSurveyColumns = [
  'stature',
  'chestcircumference',
  'waistcircumference',
  'buttockcircumference',
  'calfcircumference',
  'chestbreadth',
  'chestdepth',
  'waistbreadth',
  'waistdepth',
  'hipbreadth',
  'buttockdepth',
  'neckcircumferencebase',
] as const;

/**
 * A regressed measurement's SD from the survey alone (cm): the conditional SD of its columns given
 * the columns it is predicted from (by default every column the fit sees, less those a garment hid),
 * summed as if fully correlated (segments of one limb grow together).
 */
export function regressionSdCm(
  stats: ShapeStats,
  definition: MeasurementDefinition,
  from: { given?: readonly string[]; hidden?: readonly string[] } = {},
): number | null {
  if (!definition.survey) return null;
  const hidden = from.hidden ?? [];
  const givenColumns = (from.given ?? seenSurveyColumns).filter((column) => stats.columns.includes(column) && !hidden.includes(column));
  const given = Object.fromEntries(givenColumns.map((column) => [column, stats.mean[stats.columns.indexOf(column)]!]));
  const conditional = conditionalDimensions(stats, given);
  let sd = 0;
  for (const { column } of definition.survey.columns) {
    const dimension = conditional[column];
    if (!dimension) return null;
    sd += dimension.sd / 10;
  }
  return sd;
}

export interface ScanEvidence {
  fit: SilhouetteFit;
  /** The clothing class's girth SD (cm). */
  garmentGirthSdCm: number;
  /**
   * The class was judged from the photo as clothed, not given (garment-ease.ts
   * `openClassGirthSdCm`): the girths' SD between the classes the customer may wear, trunk and legs.
   */
  openClassGirthSdCm?: { trunk: number; legs: number } | null;
  /** Relative SD of the scale: 0 with a typed height, the survey's stature SD / mean without. */
  scaleRelativeSd: number;
  /** Survey columns of body parts a garment hid from every photo (a skirt's band): not seen, so regressed. */
  hiddenColumns?: readonly string[];
  /** No typed height and no calibrated camera: the scale is the survey's mean stature. */
  heightAssumed?: boolean;
  /** Girths whose outline is the garment's drape (garment-ease.ts `drapes`): kept as fitted. */
  drapedGirths?: readonly string[];
  /** The clothing class staff chose (or the default): front-only-offset.ts moves a front-only scan's girths by it. */
  clothing?: ClothingClass;
  /** With a side photo, the front photo fitted alone as well: its hip is averaged with the pair's (front-alone-hip.ts). */
  frontAloneFit?: SilhouetteFit | null;
}

/** Whether the fit compared a profile photo as well as the front one. */
export function profileFitted(evidence: ScanEvidence): boolean {
  return evidence.fit.views.length >= 2;
}

/** d(measurement)/d(beta) in cm, from the survey columns behind the measurement; null without them. */
export function measurementGradient(stats: ShapeStats, definition: MeasurementDefinition, betaCount: number): Float64Array | null {
  if (!definition.survey) return null;
  const gradient = new Float64Array(betaCount);
  for (const { column, sign } of definition.survey.columns) {
    const d = stats.shapeColumns.indexOf(column);
    const c = stats.columns.indexOf(column);
    if (d < 0 || c < 0) return null;
    for (let k = 0; k < Math.min(betaCount, stats.components.length); k++) {
      gradient[k] = gradient[k]! + (sign * stats.sd[c]! * stats.components[k]![d]! * Math.sqrt(stats.componentVariances[k]!)) / 10;
    }
  }
  return gradient;
}

function quadratic(gradient: Float64Array, covariance: Float64Array): number {
  const B = gradient.length;
  let sum = 0;
  for (let p = 0; p < B; p++) for (let q = 0; q < B; q++) sum += gradient[p]! * covariance[p * B + q]! * gradient[q]!;
  return Math.max(0, sum);
}

function dot(a: Float64Array, b: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k]! * (b[k] ?? 0);
  return sum;
}

/** How far outside the survey the betas lie, as a factor ≥ 1 on every SD: √(|β|²/B) beyond the survey's 99th percentile. */
export function outsideSurveyFactor(betas: ArrayLike<number>): number {
  let squared = 0;
  for (let k = 0; k < betas.length; k++) squared += betas[k]! ** 2;
  const B = betas.length;
  const percentile99 = B + 2.33 * Math.sqrt(2 * B);
  return squared > percentile99 ? Math.sqrt(squared / B) : 1;
}

/**
 * Where a garment's ease reaches a girth: the trunk (a top, a dress) or the legs (trousers,
 * tights). Not the neck, the head or the arms: no ease is taken off their outline, so the clothing
 * class's uncertainty does not reach them.
 */
function garmentReach(name: string): 'trunk' | 'legs' | null {
  const spec = measurementDefinition(name)?.spec;
  if (spec?.kind !== 'girth') return null;
  const part = girthBodyPart(spec.region);
  return part === 'trunk' ? 'trunk' : part === 'leg' ? 'legs' : null;
}

export interface SdLevel {
  frontOnly: number;
  withSide: number;
}

/**
 * The level of each measurement's SD, as fitted on the dev seed of `npm run eval:embedded` (198
 * subjects, 99 of each sex: all the seed has; never the test seed) by
 * `scripts/eval/fit-sd-levels.ts`: the multiple of the SD above that holds 68% of the dev errors
 * within ±1 SD, for each sex, from a front photo alone and with a side photo too. Per sex because
 * one level for both held 75-78% of the women's errors and 58-63% of the men's. The components
 * above say how the SD moves from scan to scan; these factors set where it sits. Measurements the
 * evaluation has no tape truth for (and the stature) keep the components' own level. Fitted last
 * on the dev run of the hip averaged with the front photo's own (front-alone-hip.ts); the torso and leg
 * girths (chest, waist, hip, thigh, calf) again with the garment SDs garment-ease.ts holds, which
 * enter their SDs.
 */
export const sdLevelOnDev: Readonly<Record<string, Readonly<Record<'male' | 'female', SdLevel>>>> = {
  chest: { male: { frontOnly: 0.78, withSide: 0.75 }, female: { frontOnly: 0.72, withSide: 0.67 } },
  waist: { male: { frontOnly: 0.77, withSide: 0.62 }, female: { frontOnly: 0.79, withSide: 0.68 } },
  hip: { male: { frontOnly: 0.7, withSide: 0.67 }, female: { frontOnly: 0.68, withSide: 0.61 } },
  thigh: { male: { frontOnly: 0.73, withSide: 0.64 }, female: { frontOnly: 0.71, withSide: 0.6 } },
  calf: { male: { frontOnly: 0.76, withSide: 0.57 }, female: { frontOnly: 0.47, withSide: 0.43 } },
  neck: { male: { frontOnly: 0.83, withSide: 0.73 }, female: { frontOnly: 0.66, withSide: 0.53 } },
  upper_arm: { male: { frontOnly: 0.62, withSide: 0.55 }, female: { frontOnly: 0.74, withSide: 0.59 } },
  inseam: { male: { frontOnly: 0.78, withSide: 0.74 }, female: { frontOnly: 0.67, withSide: 0.67 } },
  shoulder_width: { male: { frontOnly: 0.82, withSide: 0.8 }, female: { frontOnly: 0.63, withSide: 0.6 } },
  arm_length: { male: { frontOnly: 0.66, withSide: 0.65 }, female: { frontOnly: 0.62, withSide: 0.62 } },
};

/**
 * The level of the stature's SD when no height is typed and no calibrated camera reads it: the
 * survey's stature SD for the sex times this, fitted on the same dev runs by fit-sd-levels.ts (the
 * share of the dev statures within ±1 SD of the assumed mean brought to 68%). At the survey's own
 * SD, 52% of the dev men's statures and 75% of the women's were within it: the evaluation's
 * population reaches 145-205 cm, and its extremes fall more often among the men.
 */
export const assumedStatureSdLevelOnDev: Readonly<Record<'male' | 'female', number>> = { male: 1.44, female: 1.02 };

/** A level fitted per sex, for a body of this sex: a neutral body takes the geometric mean of the two. */
function levelForSex(levels: Readonly<Record<'male' | 'female', number>>, sex: 'male' | 'female' | 'neutral'): number {
  return sex === 'neutral' ? Math.sqrt(levels.male * levels.female) : levels[sex];
}

/** The assumed stature's SD level for a body of this sex. */
export function assumedStatureSdLevel(sex: 'male' | 'female' | 'neutral'): number {
  return levelForSex(assumedStatureSdLevelOnDev, sex);
}

/**
 * A further level for scans whose stature was assumed (no typed height, no calibrated camera),
 * per measurement and sex, fitted on the dev run's "front+side, no height" scans by
 * fit-sd-levels.ts: there the scale's uncertainty, not the fit's, sets the spread, and the levels
 * above were fitted on scans with a typed height. Without it, 47-70% of those dev errors were
 * within ±1 SD (arm length and upper arm of men the lowest).
 */
export const noHeightSdLevelOnDev: Readonly<Record<string, Readonly<Record<'male' | 'female', number>>>> = {
  chest: { male: 1.33, female: 1.03 },
  waist: { male: 1.63, female: 1.14 },
  hip: { male: 1.51, female: 1.31 },
  thigh: { male: 1.38, female: 1.21 },
  calf: { male: 1.24, female: 1.24 },
  neck: { male: 1.09, female: 1.09 },
  upper_arm: { male: 1.37, female: 1.01 },
  inseam: { male: 1.73, female: 1.32 },
  shoulder_width: { male: 1.22, female: 1.03 },
  arm_length: { male: 1.58, female: 1.27 },
};

/** A measurement's level for a body of this sex, with or without a side photo (1 where none was fitted). */
export function sdLevelFor(name: string, sex: 'male' | 'female' | 'neutral', withSide: boolean): number {
  const levels = sdLevelOnDev[baseMeasurementName(name)];
  if (!levels) return 1;
  const pick = (level: SdLevel): number => (withSide ? level.withSide : level.frontOnly);
  return levelForSex({ male: pick(levels.male), female: pick(levels.female) }, sex);
}

/** A measurement's assumed-height level for a body of this sex (1 where none was fitted). */
export function noHeightSdLevelFor(name: string, sex: 'male' | 'female' | 'neutral'): number {
  const levels = noHeightSdLevelOnDev[baseMeasurementName(name)];
  return levels ? levelForSex(levels, sex) : 1;
}

export function baseMeasurementName(name: string): string {
  return name.endsWith('_skin') ? name.slice(0, -'_skin'.length) : name;
}

export function measurementSdCm(input: {
  evidence: ScanEvidence;
  gradient: Float64Array | null;
  valueCm: number;
  kind: 'girth' | 'length';
  /** The measurement's name (measurement-definitions.ts). */
  name: string;
  /** The body model's sex for this scan: the SD's level is fitted per sex. */
  sex: 'male' | 'female' | 'neutral';
  /** For a measurement the fit does not see: its SD from the survey given what it sees. */
  regressionSdCm?: number | null;
}): number {
  const { evidence, gradient } = input;
  const girth = input.kind === 'girth';
  const rms = Math.max(...evidence.fit.views.map((view) => (Number.isFinite(view.residualRmsCm) ? view.residualRmsCm : maskNoiseRmsCm)));
  const excessRmsCm = Math.sqrt(Math.max(0, rms ** 2 - maskNoiseRmsCm ** 2));
  const residualSd = (girth ? girthPerResidual : lengthPerResidual) * excessRmsCm;
  const posteriorSd = gradient ? Math.sqrt(quadratic(gradient, evidence.fit.betaCovariance)) : 0;
  const views = evidence.fit.viewBetas;
  const disagreementSd = gradient && views.length === 2 ? Math.abs(dot(gradient, views[0]!) - dot(gradient, views[1]!)) / 2 : 0;
  const scaleSd = input.valueCm * evidence.scaleRelativeSd;
  const poseDeviationDeg = Math.max(0, ...evidence.fit.views.map((view) => view.pose.poseDeviationDeg));
  const poseSd = girth ? girthSdPerPoseDegCm * Math.max(0, poseDeviationDeg - freePoseDeviationDeg) : 0;
  const reach = girth ? garmentReach(input.name) : null;
  const garmentSd = reach ? evidence.garmentGirthSdCm : 0;
  const sd = Math.hypot(
    posteriorSd,
    residualSd,
    disagreementSd,
    scaleSd,
    poseSd,
    garmentSd,
    girth ? girthFloorSdCm : lengthFloorSdCm,
    input.regressionSdCm ?? 0,
  );
  const levelFactor =
    sdLevelFor(input.name, input.sex, profileFitted(evidence)) * (evidence.heightAssumed ? noHeightSdLevelFor(input.name, input.sex) : 1);
  // Outside the levels: they were fitted on scans whose class staff gave.
  const openClassSd = reach && evidence.openClassGirthSdCm ? evidence.openClassGirthSdCm[reach] : 0;
  return Math.hypot(sd * levelFactor * outsideSurveyFactor(evidence.fit.betas), openClassSd);
}
