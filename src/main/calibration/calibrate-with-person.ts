import { kioskVerticalFovDeg } from '../inference/embedded/kiosk-camera.js';
import type { CalibrationRecord } from './calibration-record.js';
import type { CalibrationStore } from './calibration-store.js';
import type { PersonPhotoReader } from './photo-reader.js';
import { solvePersonCalibration } from './solve-person.js';

/** Limits on what staff give (cm, metres): a person of adult height, socks or shoes, a kiosk-sized room. */
export const personHeightRangeCm = [120, 220] as const;
export const maxCalibrationSoleCm = 15;
export const markerDistanceRangeM = [1, 8] as const;

export interface PersonCalibrationRequest {
  front: Uint8Array;
  side: Uint8Array | null;
  personHeightCm: number;
  soleCm: number;
  markerDistanceM: number | null;
}

/** Method 1 end to end: read the photos, solve the camera, store it (replacing any calibration). */
export async function calibrateWithPerson(request: PersonCalibrationRequest, deps: { readPhotos: PersonPhotoReader; store: Pick<CalibrationStore, 'save'> }): Promise<CalibrationRecord> {
  const readings = await deps.readPhotos([
    { view: 'front', bytes: request.front },
    ...(request.side ? [{ view: 'side' as const, bytes: request.side }] : []),
  ]);
  const solved = solvePersonCalibration({
    readings,
    personHeightCm: request.personHeightCm,
    soleCm: request.soleCm,
    // The kiosk webcam's lens (the setup guide's): one person cannot measure the focal length as well.
    verticalFovDeg: kioskVerticalFovDeg,
    markerDistanceM: request.markerDistanceM,
  });
  return deps.store.save(solved);
}
