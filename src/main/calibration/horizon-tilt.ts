import type { GrayImage } from '../inference/capture-checks/image-statistics.js';
import { findHorizonNear, type ColumnSpan } from './background-horizon.js';
import type { ScanCalibration } from './calibration-record.js';
import { degrees, rowAngleBelowHorizon } from './camera-geometry.js';
import { cameraForPhoto } from './camera-stature.js';

/**
 * A scan's camera tilt, read again from the background's horizontal edge: a bolted camera still
 * droops or gets nudged by a few tenths of a degree between calibration and a scan, and each tenth
 * moves a stature read through it by about a centimetre. The edge lies far behind the customer,
 * so its rows move with the tilt alone (the camera's height changes them by millimetres).
 */

export interface HorizonTilt {
  /** The calibration with the tilt this photo shows; the calibration itself when it could not be read. */
  calibration: ScanCalibration;
  /** The change of tilt read (degrees, + up); null when not read. */
  changeDeg: number | null;
  /** What the scan's notes say about it; null when the calibration has no edge to look for. */
  note: string | null;
}

export function horizonTilt(calibration: ScanCalibration, image: GrayImage, person: ColumnSpan | null): HorizonTilt {
  const reference = calibration.horizon;
  // A photo of another shape is not read through this calibration at all (camera-stature.ts says so).
  const camera = cameraForPhoto(calibration.camera, image.width, image.height);
  if (!reference || !camera) return { calibration, changeDeg: null, note: null };
  const share = findHorizonNear(image, reference, person);
  if (share === null)
    return {
      calibration,
      changeDeg: null,
      note:
        "The background's horizontal edge seen at calibration was not found beside the customer: the height is read " +
        "with the camera's tilt as calibrated.",
    };
  // A line far away keeps its angle below the horizon, so the tilt turns by the difference of the two rows' angles.
  const level = { ...camera, tiltDeg: 0 };
  const changeDeg = degrees(
    rowAngleBelowHorizon(level, share * camera.imageHeight) - rowAngleBelowHorizon(level, reference.share * camera.imageHeight),
  );
  return {
    calibration: { ...calibration, camera: { ...calibration.camera, tiltDeg: calibration.camera.tiltDeg + changeDeg } },
    changeDeg,
    note:
      `The camera's tilt is read from the background's horizontal edge: ${Math.abs(changeDeg).toFixed(2)}° ` +
      `${changeDeg >= 0 ? 'up' : 'down'} from calibration, taken into the height.`,
  };
}
