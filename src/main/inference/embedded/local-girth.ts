import type { EdgeRegion } from './silhouette-edges.js';
import type { SilhouetteFit } from './silhouette-fit.js';

/**
 * Waist and hip read where they are seen. The body model's twenty shape directions tie each part
 * to the rest of the body, so a waist or hip narrower or wider than the survey's usual one for that
 * build is fitted only part way: on the dev seed the fitted outline stayed 1–2 cm per edge outside
 * a thin man's waist in both photos while the outline as a whole matched. The masks' own breadth
 * (front photo) and depth (side photo) at the part's height correct the fitted section's, and the
 * girth moves with the ellipse through them.
 *
 * The chest is left as fitted: at its rows the arms meet the outline (the armpits), and the same
 * reading made it worse on the dev seed (87 subjects, front + side + height chest MAE 3.7 → 6.8 cm).
 */
export const outlineReadGirths: ReadonlyArray<OutlineReadGirth> = [
  { girth: 'waist', landmark: 'waist_front', breadth: 'waist_breadth', depth: 'waist_depth', reading: 'at_landmark' },
  {
    girth: 'hip',
    landmark: 'hip_front',
    breadth: 'hip_breadth',
    depth: 'hip_depth',
    reading: 'widest_near_landmark',
    regions: ['torso', 'legs'],
  },
];

export interface OutlineReadGirth {
  girth: string;
  landmark: string;
  breadth: string;
  depth: string;
  /**
   * `at_landmark`: the section at the fitted body's landmark (the waist, at the navel).
   * `widest_near_landmark`: the hip is by definition the widest level of the buttocks, and the fitted
   * body's hip landmark can sit a few centimetres above or below the customer's own (on the dev seed
   * 3–6 cm for some women, where the trunk narrows fast towards the waist), so the photos' widest
   * breadth and depth within `widestSearchHalfHeightCm` of it are compared with the fitted body's
   * widest over the same heights.
   */
  reading: 'at_landmark' | 'widest_near_landmark';
  /**
   * The fit's outline regions read (`torso` if not given). The hip's widest level is at or just
   * below the hip joints, where the fit's rows are the legs' (their runs merged above the crotch).
   */
  regions?: ReadonlyArray<EdgeRegion>;
}

/** How far above and below the landmark the widest section is looked for (cm), in 1 cm steps. */
export const widestSearchHalfHeightCm = 4;

/** Outline points this far above or below the section's height are read (metres). */
const bandHalfHeightM = 0.025;
/** The same for each level of a widest-section search: its levels are 1 cm apart (metres). */
const searchLevelHalfHeightM = 0.015;
/** Points further off the fitted outline than this are an arm, a hand or a garment fold, not the body (metres). */
const outlierM = 0.03;
/** Fewer points than this at either end of a view's rows (at a level) leave its extent as fitted. */
const minimumPointsPerEnd = 2;

/** Perimeter of the ellipse with these full axes (Ramanujan's second approximation). */
export function ellipsePerimeter(breadth: number, depth: number): number {
  const a = breadth / 2;
  const b = depth / 2;
  const h = ((a - b) / (a + b)) ** 2;
  return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}

/**
 * How much wider (metres) the view's mask is than the fitted model across the band: the two ends'
 * mean offsets added. Only the trunk's outline is read (the model's arm, where it forms the
 * outline, is posed from keypoints that move from frame to frame); null when either end has too
 * few points, since one end alone cannot tell a wider body from one standing off the model's centre.
 */
function widerAcross(
  fit: SilhouetteFit,
  view: OutlineView,
  heightM: number,
  regions: ReadonlyArray<EdgeRegion>,
  halfHeightM = bandHalfHeightM,
): number | null {
  const points = fit.views
    .find((each) => each.view === view)
    ?.outline.filter(
      (point) =>
        !point.onArm &&
        regions.includes(point.region) &&
        Math.abs(point.heightM - heightM) <= halfHeightM &&
        Math.abs(point.widerM) <= outlierM,
    );
  if (!points) return null;
  let wider = 0;
  for (const outward of [-1, 1]) {
    const end = points.filter((point) => point.outward === outward);
    if (end.length < minimumPointsPerEnd) return null;
    wider += end.reduce((sum, point) => sum + point.widerM, 0) / end.length;
  }
  return wider;
}

export interface FittedSection {
  /** Breadth and depth of the fitted body's section at the part's landmark, and its height above the floor (cm). */
  breadthCm: number;
  depthCm: number;
  heightCm: number;
  /**
   * For a widest-section reading: the fitted body's trunk sections at the levels searched (cm);
   * without them the section is read at its landmark.
   */
  levels?: ReadonlyArray<{ heightCm: number; breadthCm: number; depthCm: number }>;
}

/** A photo whose outline can change a section: the front one its breadth, the side one its depth. */
export type OutlineView = 'front' | 'side';

/** A girth the outline read beyond the fitted body, with the photos that showed it. */
export interface OutlineReading {
  girth: string;
  views: OutlineView[];
}

export interface SeenSection {
  /** What the fitted girths are multiplied by: the ellipse through the seen extents over the fitted ones'. */
  girthFactor: number;
  breadthCm: number;
  depthCm: number;
  /** The photos that changed the section (none: it stays as fitted). */
  read: OutlineView[];
}

/** The section after the photos' own breadth and depth at its height; as fitted when neither view reads it. */
export function sectionFromOutline(
  fit: SilhouetteFit,
  section: FittedSection,
  regions: ReadonlyArray<EdgeRegion> = ['torso'],
): SeenSection {
  const asFitted: SeenSection = { girthFactor: 1, breadthCm: section.breadthCm, depthCm: section.depthCm, read: [] };
  if (section.breadthCm <= 0 || section.depthCm <= 0) return asFitted;
  const levels = section.levels ?? [];
  // Extents compared (fitted and seen, cm): the landmark's section, or the widest of the levels searched.
  const compared = (view: OutlineView, extent: 'breadthCm' | 'depthCm'): { fitted: number; seen: number } | null => {
    if (levels.length === 0) {
      const wider = widerAcross(fit, view, section.heightCm / 100, regions);
      return wider === null ? null : { fitted: section[extent], seen: section[extent] + wider * 100 };
    }
    let fitted = 0;
    let seen: number | null = null;
    for (const level of levels) {
      fitted = Math.max(fitted, level[extent]);
      const wider = widerAcross(fit, view, level.heightCm / 100, regions, searchLevelHalfHeightM);
      if (wider !== null) seen = Math.max(seen ?? 0, level[extent] + wider * 100);
    }
    return seen === null || fitted <= 0 ? null : { fitted, seen };
  };
  const breadth = compared('front', 'breadthCm');
  const depth = compared('side', 'depthCm');
  const read: OutlineView[] = [];
  if (breadth) read.push('front');
  if (depth) read.push('side');
  if (read.length === 0) return asFitted;
  const fittedBreadth = breadth?.fitted ?? section.breadthCm;
  const fittedDepth = depth?.fitted ?? section.depthCm;
  const seenBreadth = Math.max(fittedBreadth / 2, breadth?.seen ?? fittedBreadth);
  const seenDepth = Math.max(fittedDepth / 2, depth?.seen ?? fittedDepth);
  return {
    girthFactor: ellipsePerimeter(seenBreadth, seenDepth) / ellipsePerimeter(fittedBreadth, fittedDepth),
    breadthCm: section.breadthCm + seenBreadth - fittedBreadth,
    depthCm: section.depthCm + seenDepth - fittedDepth,
    read,
  };
}

/** The avatar's note of what the outline read (the photos shown: a burst's first frame set); null when nothing was. */
export function outlineReadingNote(read: readonly OutlineReading[]): string | null {
  if (read.length === 0) return null;
  const parts = read.map(({ girth, views }) => {
    const what = views.map((view) => (view === 'front' ? 'breadth from the front photo' : 'depth from the side photo')).join(', ');
    return `${girth} (${what})`;
  });
  return `Read from the photos' outline at their own height, beyond what the body model's shape follows: ${parts.join('; ')}.`;
}
