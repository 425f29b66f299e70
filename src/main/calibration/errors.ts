import { CodedError } from '../errors.js';

/** A calibration that cannot be made or read, with a stable code (the API maps it to 400/422/503). */
export const calibrationErrorCodes = [
  /** A photo fails the capture checks (no person, feet out of frame, …); the message says which. */
  'calibration_photo_rejected',
  /** The front and side photos are of different sizes: not the same camera mode. */
  'calibration_photo_size',
  /**
   * No camera explains the photo (the floor above the horizon, a distance that does not fit, a
   * marker that is not a flat square of its size).
   */
  'calibration_unsolvable',
  /** The front and side photos put the camera at heights too far apart to trust either. */
  'calibration_views_disagree',
  /** No floor marker in the photo, or one whose square's edges cannot be traced (cut off, folded, shadowed). */
  'calibration_marker_not_found',
  /** The floor marker is too small in the photo to give the tilt precisely: print it larger. */
  'calibration_marker_too_small',
  /** The solved camera is outside what a kiosk mount allows. */
  'calibration_out_of_range',
  /** The calibration file cannot be read or does not parse. */
  'calibration_file_invalid',
  /** The thread that looks at the photos failed or took too long. */
  'calibration_worker_failed',
] as const;
export type CalibrationErrorCode = (typeof calibrationErrorCodes)[number];

export class CalibrationError extends CodedError<CalibrationErrorCode> {
  override readonly name = 'CalibrationError';
}
