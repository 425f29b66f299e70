import { readFile } from 'node:fs/promises';
import type { ScanCalibration } from '../../calibration/calibration-record.js';
import { horizonTilt, type HorizonTilt } from '../../calibration/horizon-tilt.js';
import { scanStature, type CameraStatureStep } from '../../calibration/scan-stature.js';
import { soleHeight, soleWhenNotGiven, type Shoes } from '../../scans/capture-conditions.js';
import { grayscaleCopy } from '../capture-checks/image-statistics.js';
import type { PixelBox } from './person-crop.js';

/**
 * The hmr2 pipeline's use of the kiosk camera's calibration (calibration/scan-stature.ts says what
 * a scan takes from it), read from the front photo's person box as ViTDet finds it: its top row is
 * the crown (hair included, as a person mask's top) and its bottom row the floor line (the sole
 * point nearest the camera). The sole is staff's shoes choice, or a flat shoe's when nobody said:
 * HMR 2.0's pipeline has no ankle keypoints to judge it from. How closely ViTDet's box edges follow
 * the person has not been measured (its weights are not on these machines), so the figures'
 * confidence is the embedded pipeline's reading's.
 */
export function boxCameraStature(input: {
  calibration: ScanCalibration | null;
  typedHeightCm: number | null;
  box: PixelBox;
  /** The photo as the detector saw it: the box's pixels. */
  imageWidth: number;
  imageHeight: number;
  shoes: Shoes | null;
}): CameraStatureStep {
  const given = soleHeight(input.shoes);
  const sole = given ?? soleWhenNotGiven;
  const step = scanStature({
    calibration: input.calibration,
    typedHeightCm: input.typedHeightCm,
    views: [{ view: 'front', imageWidth: input.imageWidth, imageHeight: input.imageHeight, topY: input.box.y1, floorY: input.box.y2 }],
    soleCm: sole.soleCm,
  });
  if (given || step.readCm === null) return step;
  return { ...step, notes: [...step.notes, `Shoes not given: the camera's reading assumes a street shoe's ${sole.soleCm} cm sole.`] };
}

/**
 * The calibration with the camera's tilt read again from the background's edge beside the
 * person's box in the front photo (calibration/horizon-tilt.ts); as calibrated when the
 * calibration has no edge to look for.
 */
export async function boxCalibrationAsSeen(
  calibration: ScanCalibration | null,
  photoPath: string,
  box: PixelBox,
  imageWidth: number,
): Promise<HorizonTilt | null> {
  if (!calibration?.horizon) return null;
  const gray = await grayscaleCopy(new Uint8Array(await readFile(photoPath)));
  const scale = gray.width / imageWidth;
  return horizonTilt(calibration, gray, { left: Math.floor(box.x1 * scale), right: Math.ceil(box.x2 * scale) });
}
