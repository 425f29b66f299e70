import { kioskVerticalFovDeg } from '../inference/embedded/kiosk-camera.js';
import type { CalibrationRecord } from './calibration-record.js';
import type { CalibrationStore } from './calibration-store.js';
import type { CalibrationPhotoReader } from './photo-reader.js';
import type { PersonPhotoReading } from './solve-person.js';
import { solvePersonCalibration } from './solve-person.js';

/** Limits on what staff give (cm): a person of adult height, socks or shoes. */
export const personHeightRangeCm = [120, 220] as const;
export const maxCalibrationSoleCm = 15;

export interface PersonCalibrationRequest {
  front: Uint8Array;
  side: Uint8Array | null;
  personHeightCm: number;
  soleCm: number;
}

/** Method 1 end to end: read the photos, solve the camera, store it (replacing any calibration). */
export async function calibrateWithPerson(
  request: PersonCalibrationRequest,
  deps: { readPhotos: CalibrationPhotoReader; store: Pick<CalibrationStore, 'save'> },
): Promise<CalibrationRecord> {
  const readings = await deps.readPhotos([
    { view: 'front', bytes: request.front },
    ...(request.side ? [{ view: 'side' as const, bytes: request.side }] : []),
  ]);
  const solved = solvePersonCalibration({
    readings: readings.filter((reading): reading is PersonPhotoReading => reading.view !== 'marker'),
    personHeightCm: request.personHeightCm,
    soleCm: request.soleCm,
    // The kiosk webcam's lens (the setup guide's): one person cannot measure the focal length as well.
    verticalFovDeg: kioskVerticalFovDeg,
  });
  return deps.store.save(solved);
}
