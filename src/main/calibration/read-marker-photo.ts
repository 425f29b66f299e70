import sharp from 'sharp';
import { grayscaleCopy } from '../inference/capture-checks/image-statistics.js';
import { findReferenceHorizon, type HorizonReference } from './background-horizon.js';
import { detectFloorMarker } from './detect-floor-marker.js';
import { CalibrationError } from './errors.js';
import type { PhotoPoint } from './marker-pose.js';

/**
 * The floor marker's corners in a calibration photo (method 2), decoded upright as a scan's photo
 * is (EXIF orientation applied), or a refusal that tells staff what to change.
 */

/**
 * The marker's shortest side in the photo (px) below which it is refused: its far edge then lies
 * within a few pixels of its near edge, and a tenth of a pixel on its corners moves the tilt by
 * more than the 0.2° a stature reading can bear. At 3 m a 22 cm marker on a 1280-row photo is
 * about 30 px deep.
 */
export const minMarkerSidePx = 24;

/** Rows above the marker (share of the photo's height) left out of the search for the background's edge. */
const markerClearanceShare = 0.02;

export interface MarkerPhotoReading {
  view: 'marker';
  imageWidth: number;
  imageHeight: number;
  /** The black square's corners, sub-pixel, in order round it from the corner printed top-left. */
  corners: PhotoPoint[];
  /** The background's horizontal edge above the marker (background-horizon.ts); null where none was found. */
  horizon: HorizonReference | null;
}

export async function readMarkerPhoto(imageBytes: Uint8Array): Promise<MarkerPhotoReading> {
  const { data, info } = await sharp(imageBytes).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const detection = detectFloorMarker({
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  });
  if (detection.kind === 'none')
    throw new CalibrationError(
      'calibration_marker_not_found',
      'No Perfit floor marker was found in the photo: lay the printed marker flat on the floor markers, whole in the picture, ' +
        'with nothing on it and no strong shadow across it',
    );
  if (detection.kind === 'unclear')
    throw new CalibrationError(
      'calibration_marker_not_found',
      "The floor marker was found but its black square's edges are not clean straight lines: make sure it lies flat and whole " +
        'in the picture, not folded or half in a shadow',
    );
  const sides = detection.corners.map((corner, i) => {
    const next = detection.corners[(i + 1) % 4]!;
    return Math.hypot(next.x - corner.x, next.y - corner.y);
  });
  const shortestPx = Math.min(...sides);
  if (shortestPx < minMarkerSidePx)
    throw new CalibrationError(
      'calibration_marker_too_small',
      `The floor marker is only ${shortestPx.toFixed(0)} px deep in the photo (at least ${minMarkerSidePx}): print it larger ` +
        "(docs/calibration.md) or check that the photo is the camera's full size",
    );
  // The edge is looked for above the marker: its own black square's edges are not in a scan's photo.
  const markerTopShare = Math.min(...detection.corners.map((corner) => corner.y)) / info.height;
  const horizon = findReferenceHorizon(await grayscaleCopy(imageBytes), {
    maxShare: markerTopShare - markerClearanceShare,
    person: null,
  });
  return { view: 'marker', imageWidth: info.width, imageHeight: info.height, corners: detection.corners, horizon };
}
