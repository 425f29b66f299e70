import { kioskVerticalFovDeg } from '../inference/embedded/kiosk-camera.js';
import type { CalibrationRecord } from './calibration-record.js';
import type { CalibrationStore } from './calibration-store.js';
import { CalibrationError } from './errors.js';
import type { CalibrationPhotoReader } from './photo-reader.js';
import { solveMarkerCalibration } from './solve-marker.js';

export interface MarkerCalibrationRequest {
  photo: Uint8Array;
  /** The printed black square's side as measured on the print (cm). */
  markerSizeCm: number;
}

/** Method 2 end to end: find the marker in the photo (in the reader's thread), solve the camera, store it (replacing any calibration). */
export async function calibrateWithMarker(
  request: MarkerCalibrationRequest,
  deps: { readPhotos: CalibrationPhotoReader; store: Pick<CalibrationStore, 'save'> },
): Promise<CalibrationRecord> {
  const [reading] = await deps.readPhotos([{ view: 'marker', bytes: request.photo }]);
  if (reading?.view !== 'marker') throw new CalibrationError('calibration_worker_failed', 'The photo reader did not read the marker photo');
  const solved = solveMarkerCalibration({
    reading,
    markerSizeCm: request.markerSizeCm,
    // The same lens as method 1's: four floor points fix the pose once the focal length is known.
    verticalFovDeg: kioskVerticalFovDeg,
  });
  return deps.store.save(solved);
}
