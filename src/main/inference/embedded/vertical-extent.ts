import { keypoint, midlineX, torsoAxis, type TorsoAxis } from '../capture-checks/body-geometry.js';
import { runAt, type PersonSilhouette } from '../capture-checks/person-silhouette.js';
import type { BodyPose } from '../human/human-runtime.js';

/**
 * Breadths and depths of the customer read from the person mask, in the photo's pixels: the width
 * of the torso's run of mask pixels (the one containing the body's midline, so arms held away from
 * the body are left out) at landmark heights found from the keypoints and the survey's proportions.
 */

/** Heights above the floor as shares of stature, from the survey's means (ANSUR II columns in brackets). */
export interface LandmarkLevels {
  /** Acromion [acromialheight]: BlazePose's shoulder keypoints. */
  acromion: number;
  /** Across the deltoids, a little below the acromion (bideltoid breadth). */
  deltoid: number;
  /** Chest at the bust point [chestheight]. */
  chest: number;
  /** Waist at the omphalion [waistheightomphalion]. */
  waist: number;
  /** Greater trochanter [trochanterionheight]: BlazePose's hip keypoints. */
  trochanter: number;
  /** Buttock [buttockheight]. */
  buttock: number;
  /** Crotch [crotchheight]. */
  crotch: number;
  /** Upper thigh, just below the crotch (thigh circumference is taken at the gluteal furrow). */
  thigh: number;
  /** Tragion, the ear [stature − tragiontopofhead]: BlazePose's ear keypoints, for a mask that lost the top of the head. */
  tragion: number;
}

export const landmarkColumns = ['stature', 'acromialheight', 'chestheight', 'waistheightomphalion', 'trochanterionheight', 'buttockheight', 'crotchheight', 'tragiontopofhead'] as const;

/** The levels from the survey's mean heights (mm) of one sex. */
export function landmarkLevels(meanMm: (column: (typeof landmarkColumns)[number]) => number): LandmarkLevels {
  const stature = meanMm('stature');
  const share = (column: (typeof landmarkColumns)[number]): number => meanMm(column) / stature;
  const acromion = share('acromialheight');
  const crotch = share('crotchheight');
  return {
    acromion,
    // The deltoids' widest point is about 4% of stature (7 cm) below the acromion.
    deltoid: acromion - 0.04,
    chest: share('chestheight'),
    waist: share('waistheightomphalion'),
    trochanter: share('trochanterionheight'),
    buttock: share('buttockheight'),
    crotch,
    thigh: crotch - 0.02,
    tragion: 1 - share('tragiontopofhead'),
  };
}

export const breadthLevels = ['deltoid', 'chest', 'waist', 'hip', 'thigh'] as const;
export type BreadthLevel = (typeof breadthLevels)[number];
export const depthLevels = ['chest', 'waist', 'buttock'] as const;
export type DepthLevel = (typeof depthLevels)[number];

export interface FrontSilhouetteMeasurement {
  /** Top of the head to the floor (lowest mask row, or the feet keypoints when the mask runs into a shadow). */
  staturePx: number;
  topY: number;
  bottomY: number;
  /** Photo row of each level and its height above the floor as a share of the stature measured in this photo. */
  rows: Record<BreadthLevel, { y: number; heightShare: number }>;
  /** Torso (or one thigh) width at each level, photo pixels; null where the mask has no torso run there. */
  breadthsPx: Record<BreadthLevel, number | null>;
  notes: string[];
}

export interface SideSilhouetteMeasurement {
  staturePx: number;
  depthsPx: Record<DepthLevel, number | null>;
}

/** A mask more than this share of stature below the heels runs into a shadow or the floor. */
const maxShadowShare = 0.06;
/** Widths are the median over rows within this share of stature of a level. */
const bandShare = 0.006;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Top (head) and bottom (floor) of the person in photo rows. The floor line is where the heels
 * stand, not the lowest mask row: a camera above the floor sees the toes, nearer to it than the
 * body's plane, lower in the photo (about 3% of stature at 3 m), which would shrink every
 * breadth scaled by stature. Without heels the mask's lowest row is the best there is.
 *
 * The top is the mask's highest row unless the mask has lost the top of the head (dark hair on a
 * dark background, a hat, a segmentation that stops at the neck): the top of the head lies above
 * the ears by the survey's tragion-to-top-of-head height, some 8% of stature, so a mask top not
 * even halfway up from the ears to there is not the head's. The ears' keypoints and that
 * proportion then give the top; a stature short by a head would scale every breadth up by ~10%.
 */
export function verticalExtent(
  silhouette: PersonSilhouette,
  body: BodyPose | null,
  tragionShare?: number,
): { topY: number; bottomY: number; notes: string[] } {
  const floor = floorLine(silhouette, body);
  const maskTopY = silhouette.top / silhouette.scale;
  const ears = ['leftEar', 'rightEar'].map((part) => keypoint(body, part)).filter((point) => point !== null);
  if (tragionShare === undefined || !(tragionShare > 0 && tragionShare < 1) || ears.length === 0) return { topY: maskTopY, ...floor };
  const earY = ears.reduce((sum, point) => sum + point.y, 0) / ears.length;
  const headTopY = floor.bottomY - (floor.bottomY - earY) / tragionShare;
  if (maskTopY <= (earY + headTopY) / 2) return { topY: maskTopY, ...floor };
  return {
    topY: headTopY,
    bottomY: floor.bottomY,
    notes: [...floor.notes, 'The person mask misses the top of the head: the ears\' keypoints and the survey\'s head height give the top.'],
  };
}

function floorLine(silhouette: PersonSilhouette, body: BodyPose | null): { bottomY: number; notes: string[] } {
  const topY = silhouette.top / silhouette.scale;
  const maskBottomY = (silhouette.bottom + 1) / silhouette.scale;
  const heels = ['leftHeel', 'rightHeel'].map((part) => keypoint(body, part)).filter((point) => point !== null);
  const feet = heels.length > 0 ? heels : ['leftFoot', 'rightFoot'].map((part) => keypoint(body, part)).filter((point) => point !== null);
  if (feet.length === 0) return { bottomY: maskBottomY, notes: [] };
  const feetY = Math.max(...feet.map((point) => point.y));
  if (maskBottomY - feetY > maxShadowShare * (feetY - topY)) {
    const source = heels.length > 0 ? 'the heels' : 'the feet keypoints';
    return { bottomY: feetY, notes: [`The person mask runs below the feet (a shadow or reflection): ${source} give the floor line.`] };
  }
  // The heels are the floor line; without them, the lower of the mask and the feet keypoints.
  return { bottomY: heels.length > 0 ? feetY : Math.max(maskBottomY, feetY), notes: [] };
}

/** Where an upper arm (shoulder → elbow) crosses photo row `y`, with half its thickness; null off the segment. */
interface ArmCrossing {
  x: number;
  halfWidth: number;
}

/**
 * The upper arms of a body, as lines with a thickness: half the width of the arm's own mask run at
 * the elbow (where it is apart from the torso), or 3% of stature when it is not apart there.
 */
function upperArms(silhouette: PersonSilhouette, body: BodyPose, torso: TorsoAxis, staturePx: number): ((y: number) => ArmCrossing | null)[] {
  const scale = silhouette.scale;
  const arms: ((y: number) => ArmCrossing | null)[] = [];
  for (const side of ['left', 'right'] as const) {
    const shoulder = keypoint(body, `${side}Shoulder`);
    const elbow = keypoint(body, `${side}Elbow`);
    if (!shoulder || !elbow || elbow.y <= shoulder.y) continue;
    const torsoRun = runAt(silhouette, elbow.y * scale, midlineX(torso, elbow.y) * scale);
    const armRun = runAt(silhouette, elbow.y * scale, elbow.x * scale);
    const halfWidth = armRun && armRun !== torsoRun ? (armRun.end - armRun.start) / 2 / scale : 0.03 * staturePx;
    arms.push((y) => (y < shoulder.y || y > elbow.y ? null : { x: shoulder.x + ((y - shoulder.y) / (elbow.y - shoulder.y)) * (elbow.x - shoulder.x), halfWidth }));
  }
  return arms;
}

/**
 * Median torso width (photo pixels) over the band of rows around photo row `y`: the mask run
 * containing the midline, cut at the inner edge of an upper arm that the mask joins to the torso
 * (arms held out at an angle meet the torso's outline near the armpits).
 */
function torsoWidthAt(
  silhouette: PersonSilhouette,
  torso: TorsoAxis,
  arms: ((y: number) => ArmCrossing | null)[],
  y: number,
  bandPx: number,
): number | null {
  const scale = silhouette.scale;
  const widths: number[] = [];
  for (let row = Math.round((y - bandPx) * scale); row <= Math.round((y + bandPx) * scale); row += 1) {
    const rowY = row / scale;
    const centre = midlineX(torso, rowY);
    const run = runAt(silhouette, row, centre * scale);
    if (!run) continue;
    let start = run.start / scale;
    let end = run.end / scale;
    for (const arm of arms) {
      const crossing = arm(rowY);
      if (!crossing) continue;
      if (crossing.x < centre && crossing.x > start) start = Math.max(start, Math.min(centre, crossing.x + crossing.halfWidth));
      if (crossing.x > centre && crossing.x < end) end = Math.min(end, Math.max(centre, crossing.x - crossing.halfWidth));
    }
    widths.push(end - start);
  }
  return median(widths);
}

/**
 * Whether the torso's run at row `y` reaches past both shoulder keypoints (the shoulder joints lie
 * inside the deltoids), so that its width spans the deltoids.
 */
function deltoidsJoined(silhouette: PersonSilhouette, torso: TorsoAxis, body: BodyPose, y: number): boolean {
  const shoulders = [keypoint(body, 'leftShoulder'), keypoint(body, 'rightShoulder')];
  if (!shoulders[0] || !shoulders[1]) return false;
  const run = runAt(silhouette, Math.round(y * silhouette.scale), midlineX(torso, y) * silhouette.scale);
  if (!run) return false;
  const start = run.start / silhouette.scale;
  const end = run.end / silhouette.scale;
  return shoulders.every((shoulder) => shoulder!.x > start && shoulder!.x < end);
}

/** One thigh's width: the runs under each hip keypoint, or half of one run when the legs touch. */
function thighWidthAt(silhouette: PersonSilhouette, body: BodyPose, y: number, bandPx: number): number | null {
  const scale = silhouette.scale;
  const hips = [keypoint(body, 'leftHip'), keypoint(body, 'rightHip')];
  if (!hips[0] || !hips[1]) return null;
  const widths: number[] = [];
  for (let row = Math.round((y - bandPx) * scale); row <= Math.round((y + bandPx) * scale); row += 1) {
    const runs = hips.map((hip) => runAt(silhouette, row, hip!.x * scale));
    if (!runs[0] || !runs[1]) continue;
    if (runs[0] === runs[1]) widths.push((runs[0].end - runs[0].start) / 2 / scale);
    else widths.push((runs[0].end - runs[0].start + runs[1].end - runs[1].start) / 2 / scale);
  }
  return median(widths);
}

/**
 * The front photo's stature and breadths. The levels' rows come from the shoulder and hip
 * keypoints (acromion and trochanter) and the survey's proportions between and beyond them.
 */
export function measureFrontSilhouette(silhouette: PersonSilhouette, body: BodyPose, levels: LandmarkLevels): FrontSilhouetteMeasurement | null {
  const torso = torsoAxis(body);
  if (!torso) return null;
  const { topY, bottomY, notes } = verticalExtent(silhouette, body, levels.tragion);
  const staturePx = bottomY - topY;
  const rowOf = (share: number): number =>
    torso.shoulderMid.y + ((levels.acromion - share) / (levels.acromion - levels.trochanter)) * (torso.hipMid.y - torso.shoulderMid.y);
  const bandPx = bandShare * staturePx;
  const level = (share: number): { y: number; heightShare: number } => {
    const y = rowOf(share);
    return { y, heightShare: (bottomY - y) / staturePx };
  };
  const rows: Record<BreadthLevel, { y: number; heightShare: number }> = {
    deltoid: level(levels.deltoid),
    chest: level(levels.chest),
    waist: level(levels.waist),
    hip: level((levels.trochanter + levels.buttock) / 2),
    thigh: level(levels.thigh),
  };
  // Hip breadth is the widest part between trochanter and crotch.
  const hipRows: number[] = [];
  for (let y = rowOf(levels.trochanter); y <= rowOf(levels.crotch); y += 1 / silhouette.scale) hipRows.push(y);
  const arms = upperArms(silhouette, body, torso, staturePx);
  const hipWidths = hipRows.map((y) => torsoWidthAt(silhouette, torso, arms, y, bandPx)).filter((width) => width !== null);
  const breadthsPx: Record<BreadthLevel, number | null> = {
    // The deltoids are part of the arms: bideltoid breadth is measured across them, uncut, and
    // only where the mask joins them to the torso. Arms held away from the body (as the kiosk
    // asks) leave the deltoids outside the torso's run: that width would be far too small.
    deltoid: deltoidsJoined(silhouette, torso, body, rows.deltoid.y) ? torsoWidthAt(silhouette, torso, [], rows.deltoid.y, bandPx) : null,
    chest: torsoWidthAt(silhouette, torso, arms, rows.chest.y, bandPx),
    waist: torsoWidthAt(silhouette, torso, arms, rows.waist.y, bandPx),
    hip: hipWidths.length > 0 ? Math.max(...hipWidths) : null,
    thigh: thighWidthAt(silhouette, body, rows.thigh.y, bandPx),
  };
  return { staturePx, topY, bottomY, rows, breadthsPx, notes };
}

/**
 * The profile photo's depths at the same heights above the floor (as shares of stature) as the
 * front photo's levels. The body's axis is the hips' and shoulders' keypoints when BlazePose saw
 * them, else the widest run of each row.
 */
export function measureSideSilhouette(
  silhouette: PersonSilhouette,
  body: BodyPose | null,
  heightShares: Record<DepthLevel, number>,
  /** The ear's height as a share of stature (`LandmarkLevels.tragion`), for a mask that lost the top of the head. */
  tragionShare?: number,
): SideSilhouetteMeasurement {
  const { topY, bottomY } = verticalExtent(silhouette, body, tragionShare);
  const staturePx = bottomY - topY;
  const scale = silhouette.scale;
  const torso = torsoAxis(body, 0.3);
  const bandPx = bandShare * staturePx;
  const widthAt = (y: number): number | null => {
    const widths: number[] = [];
    for (let row = Math.round((y - bandPx) * scale); row <= Math.round((y + bandPx) * scale); row += 1) {
      const runs = silhouette.rows[row] ?? [];
      if (runs.length === 0) continue;
      const run = torso
        ? runAt(silhouette, row, midlineX(torso, row / scale) * scale)
        : runs.reduce((widest, candidate) => (candidate.end - candidate.start > widest.end - widest.start ? candidate : widest));
      if (run) widths.push((run.end - run.start) / scale);
    }
    return median(widths);
  };
  const yOf = (share: number): number => bottomY - share * staturePx;
  const buttockRows: number[] = [];
  for (let share = heightShares.buttock + 0.03; share >= heightShares.buttock - 0.03; share -= 0.005) buttockRows.push(yOf(share));
  const buttockWidths = buttockRows.map(widthAt).filter((width) => width !== null);
  return {
    staturePx,
    depthsPx: {
      chest: widthAt(yOf(heightShares.chest)),
      waist: widthAt(yOf(heightShares.waist)),
      buttock: buttockWidths.length > 0 ? Math.max(...buttockWidths) : null,
    },
  };
}
