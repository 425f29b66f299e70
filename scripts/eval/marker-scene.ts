/**
 * The photo staff take for calibration method 2 (docs/calibration.md): the printed floor marker,
 * the design `perfit calibrate --marker-svg` prints (docs/calibration-marker.svg), lying flat at the
 * floor markers with its arrow towards the camera and its black square's far edge on the line of
 * the footprints' toes, centred between them, nobody in the picture; photographed by the kiosk's
 * camera through the evaluation's renderer (lens distortion, light, noise and JPEG as for a scan).
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { floorMarkerSvg } from '../../src/main/calibration/marker-svg.js';
import type { FloorDecal, MeshPhotoRequest } from '../render/mesh-photo-renderer.js';
import { buildBodyPlan, type ShapeVariation } from './body-plan.js';
import { viewPose } from './body-scene.js';
import type { CaptureCondition, PhotoLook } from './capture-conditions.js';
import { shoeItems } from './garments.js';
import type { EvalSeed, Subject } from './population.js';
import { randomFor } from './random.js';

/** The procedure's print: a 22 cm square fits A3 and is the size it asks for up to 3.5 m and 1280 rows. */
export const markerSizeCm = 22;

/** How far an office printer's "100%" scales the sheet: the reason the procedure has staff measure the square. */
const printScaleSpread = 0.01;

/** Raster of the print (px per mm): the square's 27.5 mm cells land on whole pixels, and mipmaps filter it down to the photo. */
const printPxPerMm = 4;

/**
 * What the print reflects, as sRGB grey levels: matt paper and toner, not the file's pure white
 * and black (toner reflects a few percent, office paper 80–90%).
 */
const paperGrey = 235;
const inkGrey = 30;
/** Matt paper: almost no sheen for the key light to put on it. */
const paperRoughness = 0.9;

export interface MarkerPrint {
  /** The black square's side as printed (cm). */
  printedCm: number;
  /** What staff give: the square measured with a ruler, to the millimetre. */
  givenCm: number;
}

/** This kiosk's print of the marker: the printer's scale drawn from the seed, the figure staff read off a ruler. */
export function drawMarkerPrint(seed: EvalSeed, kioskId: string): MarkerPrint {
  const random = randomFor(seed, kioskId, 'marker-print');
  const printedCm = markerSizeCm * (1 + random.uniform(-printScaleSpread, printScaleSpread));
  return { printedCm, givenCm: Math.round(printedCm * 10) / 10 };
}

/**
 * Distance (m) from the body's axis to the line through the toes of the subject's feet (shoes
 * included), standing on the markers facing the camera: where the procedure lays the marker's far
 * edge, and where a customer's floor line (the sole point nearest the camera) stands.
 */
export function toeLineZM(subject: Subject, variation: ShapeVariation, condition: CaptureCondition): number {
  const plan = buildBodyPlan(subject.dims, variation, viewPose(condition, 'front'), condition.soleMm);
  const feet = [...plan.items, ...shoeItems(plan, subject.dims, condition.soleMm)].filter(
    (item) => item.name.startsWith('foot_') || item.name.startsWith('shoe_'),
  );
  return Math.max(...feet.map((item) => item.box.max[2])) / 1000;
}

/** What makes the marker photo (everything its cache key needs besides the camera and the light). */
export interface MarkerPlacement {
  print: MarkerPrint;
  toeLineZM: number;
}

/** The print's design, so that a change to marker-svg.ts renders the marker photos again. */
export function markerDesignHash(): string {
  return createHash('sha256').update(floorMarkerSvg(markerSizeCm)).digest('hex').slice(0, 16);
}

/** The print as a sheet on the floor, the arrow towards the camera (+z): the image's top is the side nearest the camera. */
async function markerSheet(placement: MarkerPlacement): Promise<FloorDecal> {
  const svg = floorMarkerSvg(markerSizeCm);
  const sizeMm = (name: 'width' | 'height'): number => Number(new RegExp(`${name}="([0-9.]+)mm"`).exec(svg)![1]);
  const sheetWidthMm = sizeMm('width');
  const sheetHeightMm = sizeMm('height');
  const sideMm = markerSizeCm * 10;
  // The square is centred across the sheet, its margin as wide above it as at its sides.
  const marginMm = (sheetWidthMm - sideMm) / 2;
  const squareBottomMm = marginMm + sideMm;
  const { data, info } = await sharp(Buffer.from(svg), { density: printPxPerMm * 25.4 })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rgba = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c += 1) rgba[i + c] = Math.round(inkGrey + ((paperGrey - inkGrey) * data[i + c]!) / 255);
    rgba[i + 3] = 255;
  }
  const metresPerMm = placement.print.printedCm / markerSizeCm / 1000;
  // Turned half round from the way the file reads (its top towards the camera): the file's left
  // lies to the camera's right, and the square's bottom edge (in the file) is its far edge.
  const at = (xMm: number, yMm: number) => ({
    xM: -(xMm - sheetWidthMm / 2) * metresPerMm,
    zM: placement.toeLineZM + (squareBottomMm - yMm) * metresPerMm,
  });
  return {
    rgba,
    widthPx: info.width,
    heightPx: info.height,
    topLeft: at(0, 0),
    topRight: at(sheetWidthMm, 0),
    bottomLeft: at(0, sheetHeightMm),
    roughness: paperRoughness,
  };
}

/** The marker photo: the kiosk's camera, the light of a calibration session, an empty floor but for the print. */
export async function markerPhotoRequest(
  placement: MarkerPlacement,
  camera: CaptureCondition['camera'],
  look: PhotoLook,
  noiseSeed: number,
): Promise<MeshPhotoRequest> {
  return {
    positions: new Float32Array(0),
    indices: new Uint32Array(0),
    colours: new Uint8Array(0),
    yawDeg: 0,
    camera,
    look,
    noiseSeed,
    floorDecals: [await markerSheet(placement)],
  };
}
