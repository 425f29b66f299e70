import type { FaceBox } from '../face-detector.js';
import type { BlazePosePart } from '../human/blazepose-landmarks.js';
import type { BodyKeypoint } from '../human/human-runtime.js';
import { decodeImage, type DecodedImage } from '../human/image-decoder.js';
import type { ClothingClass } from '../../scans/capture-conditions.js';

/**
 * The clothing class when staff did not say: `tight` when the front photo shows bare skin on the
 * trunk and on the thighs (both the colour of the face), otherwise `regular`, what most customers
 * walk in wearing. Bare skin is the one class the photo tells reliably, and the costliest to miss:
 * scanned as `regular`, a bare body's girths read 8–12 cm small (docs/embedded-accuracy.md). The
 * colour is compared as chromaticity (r and g shares of r + g + b), which the room's light level
 * leaves alone, with the brightness kept within a factor; a garment the face's colour on both the
 * trunk and the legs is rare, and any doubt keeps `regular`.
 */

/**
 * Chromaticity distance (× 100) within which a part is the face's colour. Dev seed (198 front photos),
 * the larger of trunk and thighs: bare bodies at most 1.35, clothed ones at least 2.55.
 */
export const skinChromaDistance = 2;
/** |ln(part brightness / face brightness)| within which a part may be skin. Dev seed, bare bodies: −0.07 to +0.34. */
export const skinBrightnessLogRatio = 0.6;
/** Keypoints less sure than this are not used to place the samples. */
const minKeypointScore = 0.3;
/** The photo is sampled at this size (longest side, px; a kiosk frame then decodes at a quarter): colours, not edges, are read. */
const sampleSidePx = 320;

export interface ClothingJudgement {
  clothing: Extract<ClothingClass, 'tight' | 'regular'>;
  /** What the judgement rests on, for the avatar's notes. */
  reason: string;
}

type Rgb = [number, number, number];

function medianColour(image: DecodedImage, points: ReadonlyArray<readonly [number, number]>): Rgb | null {
  const channels: [number[], number[], number[]] = [[], [], []];
  for (const [x, y] of points) {
    const column = Math.round(x);
    const row = Math.round(y);
    if (column < 0 || row < 0 || column >= image.width || row >= image.height) continue;
    const offset = (row * image.width + column) * 3;
    for (let c = 0; c < 3; c++) channels[c]!.push(image.rgb[offset + c]!);
  }
  if (channels[0].length < points.length / 2) return null;
  return channels.map((values) => {
    values.sort((a, b) => a - b);
    return values[values.length >> 1]!;
  }) as Rgb;
}

/** Chromaticity distance × 100 and |ln brightness ratio| of a part's colour against the face's. */
function colourDifference(face: Rgb, part: Rgb): { chroma: number; brightness: number } {
  const sum = (c: Rgb): number => c[0] + c[1] + c[2] + 1;
  const chroma = 100 * Math.hypot(face[0] / sum(face) - part[0] / sum(part), face[1] / sum(face) - part[1] / sum(part));
  return { chroma, brightness: Math.abs(Math.log(sum(part) / sum(face))) };
}

/** Points on a grid over the quadrilateral a–b (top edge) to d–c (bottom edge), at the shares given. */
function quadGrid(
  a: BodyKeypoint,
  b: BodyKeypoint,
  d: BodyKeypoint,
  c: BodyKeypoint,
  across: readonly number[],
  down: readonly number[],
): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (const u of across) {
    const top = [a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u];
    const bottom = [d.x + (c.x - d.x) * u, d.y + (c.y - d.y) * u];
    for (const v of down) points.push([top[0]! + (bottom[0]! - top[0]!) * v, top[1]! + (bottom[1]! - top[1]!) * v]);
  }
  return points;
}

const shares = (from: number, to: number, count: number): number[] =>
  Array.from({ length: count }, (_, k) => from + ((to - from) * k) / (count - 1));

/**
 * Judges the clothing from the front photo (decoded at any size; the face box and keypoints in the
 * photo's own pixels).
 */
export function judgeClothing(image: DecodedImage, face: FaceBox | undefined, keypoints: readonly BodyKeypoint[]): ClothingJudgement {
  const regular = (why: string): ClothingJudgement => ({ clothing: 'regular', reason: why });
  const toImageX = (x: number): number => (x - image.originX) * image.scale;
  const toImageY = (y: number): number => (y - image.originY) * image.scale;
  const point = (part: BlazePosePart): BodyKeypoint | undefined => {
    const found = keypoints.find((keypoint) => keypoint.part === part && keypoint.score >= minKeypointScore);
    return found && { ...found, x: toImageX(found.x), y: toImageY(found.y) };
  };
  const [leftShoulder, rightShoulder, leftHip, rightHip, leftKnee, rightKnee] = (
    ['leftShoulder', 'rightShoulder', 'leftHip', 'rightHip', 'leftKnee', 'rightKnee'] as const
  ).map(point);
  if (!face || !leftShoulder || !rightShoulder || !leftHip || !rightHip || !leftKnee || !rightKnee)
    return regular('the face, shoulders, hips or knees were not found surely enough to judge it');
  // The cheeks and mouth: inside the box, below the eyes and clear of the hair and the box's edges.
  const facePoint = (across: number, down: number): BodyKeypoint => ({
    part: 'face',
    x: toImageX(face.x + across * face.width),
    y: toImageY(face.y + down * face.height),
    z: null,
    score: 1,
  });
  const facePoints = quadGrid(
    facePoint(0.3, 0.45),
    facePoint(0.7, 0.45),
    facePoint(0.3, 0.75),
    facePoint(0.7, 0.75),
    shares(0, 1, 7),
    shares(0, 1, 7),
  );
  // The trunk between the shoulders and hips, away from its sides (arms) and from the neckline and waistband.
  const trunkPoints = quadGrid(leftShoulder, rightShoulder, leftHip, rightHip, shares(0.3, 0.7, 9), shares(0.25, 0.85, 13));
  const thighPoints = [
    ...quadGrid(leftHip, leftHip, leftKnee, leftKnee, [0], shares(0.3, 0.7, 9)),
    ...quadGrid(rightHip, rightHip, rightKnee, rightKnee, [0], shares(0.3, 0.7, 9)),
  ];
  const faceColour = medianColour(image, facePoints);
  const trunk = medianColour(image, trunkPoints);
  const thighs = medianColour(image, thighPoints);
  if (!faceColour || !trunk || !thighs) return regular('the face, trunk or thighs lie outside the photo');
  const trunkDifference = colourDifference(faceColour, trunk);
  const thighDifference = colourDifference(faceColour, thighs);
  const skin = (difference: { chroma: number; brightness: number }): boolean =>
    difference.chroma <= skinChromaDistance && difference.brightness <= skinBrightnessLogRatio;
  const [trunkFigure, thighFigure] = [trunkDifference, thighDifference].map((difference) => difference.chroma.toFixed(1));
  const figures = `colour difference from the face: trunk ${trunkFigure}, thighs ${thighFigure}`;
  if (skin(trunkDifference) && skin(thighDifference))
    return { clothing: 'tight', reason: `the trunk and thighs are the face's colour, bare skin (${figures})` };
  return regular(`the trunk or thighs are not the face's colour (${figures})`);
}

/** Decodes the photo small enough to sample its colours (upright by its EXIF orientation, as the models see it). */
export function photoForColours(imageBytes: Uint8Array): Promise<DecodedImage> {
  return decodeImage(imageBytes, { maxSidePx: sampleSidePx });
}
