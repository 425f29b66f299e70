import type { CameraPose } from './camera-geometry.js';
import { uprightHeightM } from './camera-geometry.js';
import type { ScanCalibration } from './calibration-record.js';

/**
 * A customer's stature read through the calibrated camera: the photo's crown and
 * floor line, both through the camera's height and tilt, give the height of what stands there,
 * shoes included; the sole comes off. Used by the pipeline when no height is typed, and to check
 * a typed height against the photo.
 */

/**
 * A floor line further than this share of the photo's height from the reference photo's means
 * the camera has moved (or the customer stands far off the markers): about 1.6° of tilt, or 20 cm
 * nearer or further, at the setup guide's 3 m. Customers on the markers stay within ±1.5%.
 */
export const floorDriftTolerance = 0.03;

/**
 * Hair (cm) a customer's crown in the photo stands above the skull's top, taken off a stature read
 * through the camera: the crown is the hair's (its outline on the photo, or the person mask's top),
 * while a stature is measured to the skull (a stadiometer's headboard presses the hair flat). Hair
 * runs from none (shaved) to several centimetres of volume; the evaluation's is 0–4 cm over the
 * skull, 4 mm of it even when flat. 2.5 cm is what left the camera's readings on the dev seed
 * without a bias (`npm run eval:calibration -- --seed dev --subjects 40`, rows read on the photo's
 * outline: mean error −0.04 cm with a person's calibration, +0.37 cm with the marker's).
 * The calibrating person is asked for flat hair, so the calibration has none.
 */
export const crownHairCm = 2.5;

/**
 * How far the crown stands behind the point of the floor row, as a share of the person's height:
 * the floor row is the sole point nearest the camera. In a front photo that is the toes, which
 * stand about three quarters of a foot's length (a foot is some 15% of stature) ahead of the
 * ankle the head stands above; in a profile, the side of the foot, half its breadth from the axis.
 */
export const crownBehindFloorRow: Record<'front' | 'side', number> = { front: 0.11, side: 0.03 };

/** A typed height this far (cm) from the camera's reading is flagged for staff. */
export const heightDisagreementCm = 4;

/**
 * SD of a stature read through a calibrated camera, as a share: the rows read from the photos at
 * calibration and at the scan, hair and the sole. About 2.2 cm on a 170 cm customer: the RMS error
 * of the calibrated-kiosk evaluation on 40 kiosks of the dev seed, the rows read on the photos'
 * outline (`npm run eval:calibration -- --seed dev --subjects 40`: 1.31% with a person's
 * calibration, 1.13% with the marker's); the survey's stature SD, used without a calibration, is
 * about 4%.
 */
export const cameraStatureRelativeSd = 0.013;

/** Photos of another shape than the calibration's come from another camera mode: the rows do not compare. */
const maxAspectDifference = 0.01;

export type CameraStature =
  | { kind: 'measured'; statureCm: number; soleCm: number; hairCm: number; spanCm: number; floorShare: number }
  | { kind: 'unusable'; code: 'calibration_floor_moved' | 'calibration_photo_size'; message: string; floorShare: number | null };

/** The calibrated camera scaled to a photo of this size (the kiosk may save a smaller copy), or null for another aspect ratio. */
export function cameraForPhoto(camera: CameraPose, imageWidth: number, imageHeight: number): CameraPose | null {
  const aspect = imageWidth / imageHeight;
  const calibrated = camera.imageWidth / camera.imageHeight;
  if (Math.abs(aspect - calibrated) / calibrated > maxAspectDifference) return null;
  const scale = imageHeight / camera.imageHeight;
  return { ...camera, focalPx: camera.focalPx * scale, imageWidth, imageHeight };
}

export function statureFromCamera(input: {
  calibration: ScanCalibration;
  /** Which photo: the front photo's floor line is watched for a moved camera; a side photo is read through the side's calibration. */
  view?: 'front' | 'side';
  imageWidth: number;
  imageHeight: number;
  /** Photo rows of the crown (vertical-extent.ts) and the floor line (camera-rows.ts). */
  topY: number;
  floorY: number;
  /** The shoe sole (cm): given by staff, or assumed (shoe-sole.ts). */
  soleCm: number;
}): CameraStature {
  const camera = cameraForPhoto(input.calibration.camera, input.imageWidth, input.imageHeight);
  if (!camera) {
    return {
      kind: 'unusable',
      code: 'calibration_photo_size',
      message:
        `The photo (${input.imageWidth}×${input.imageHeight}) is not of the shape the camera was calibrated at ` +
        `(${input.calibration.camera.imageWidth}×${input.calibration.camera.imageHeight}): the height is not read from the ` +
        `camera. Calibrate again if the camera's mode changed.`,
      floorShare: null,
    };
  }
  const floorShare = input.floorY / input.imageHeight;
  const driftShare = floorShare - input.calibration.referenceFloorShare;
  const side = input.view === 'side';
  if (side) camera.heightM = input.calibration.sideHeightM ?? Number.NaN;
  if (!side && Math.abs(driftShare) > floorDriftTolerance) {
    return {
      kind: 'unusable',
      code: 'calibration_floor_moved',
      message:
        `The floor line is ${(Math.abs(driftShare) * 100).toFixed(1)}% of the photo's height ` +
        `${driftShare > 0 ? 'below' : 'above'} where it was at calibration: the camera has moved or the customer stands off ` +
        `the markers, so the height is not read from the camera.`,
      floorShare,
    };
  }
  const spanCm = uprightHeightM(camera, { topY: input.topY, floorY: input.floorY }, crownBehindFloorRow[side ? 'side' : 'front']) * 100;
  if (side && !Number.isFinite(spanCm)) {
    return {
      kind: 'unusable',
      code: 'calibration_floor_moved',
      message:
        'The side photo is not read through the camera: the calibration had no side photo, or its floor line is not below the horizon.',
      floorShare: null,
    };
  }
  if (!Number.isFinite(spanCm) || spanCm <= 0) {
    return {
      kind: 'unusable',
      code: 'calibration_floor_moved',
      message: "The floor line is not below the calibrated camera's horizon: the camera has moved. Calibrate again.",
      floorShare,
    };
  }
  const { soleCm } = input;
  return { kind: 'measured', statureCm: spanCm - crownHairCm - soleCm, soleCm, hairCm: crownHairCm, spanCm, floorShare };
}

/** The flag a typed height gets when the camera reads it more than `heightDisagreementCm` off; null when they agree. */
export function typedHeightCheck(typedCm: number, cameraCm: number): { code: 'height_disagrees_with_camera'; message: string } | null {
  const difference = typedCm - cameraCm;
  if (Math.abs(difference) <= heightDisagreementCm) return null;
  return {
    code: 'height_disagrees_with_camera',
    message:
      `The typed height (${typedCm.toFixed(1)} cm) is ${Math.abs(difference).toFixed(1)} cm ` +
      `${difference > 0 ? 'above' : 'below'} what the calibrated camera measures (${cameraCm.toFixed(1)} cm): ask the ` +
      `customer to confirm it. The typed height was used.`,
  };
}
