import { loadShapeStats } from '../body/shape-stats.js';
import { observeFrame, type ObservingRuntime } from '../inference/capture-checks/observe-frame.js';
import { checkFrame } from '../inference/capture-checks/rules.js';
import type { CaptureView } from '../inference/capture-checks/types.js';
import { tragionColumns, tragionShare, verticalExtent } from '../inference/embedded/vertical-extent.js';
import { findReferenceHorizon, personColumns } from './background-horizon.js';
import { cameraRowsOf } from './camera-rows.js';
import { fullSizeGray, photoOutlineRows } from './edge-rows.js';
import { CalibrationError } from './errors.js';
import type { PersonPhotoReading } from './solve-person.js';

/**
 * The crown and the floor line of the person in a calibration photo, found exactly as a scan
 * finds a customer's for the camera (Human's mask and keypoints; the crown of vertical-extent.ts,
 * the floor of camera-rows.ts), so that whatever that reading does to the rows is the same at
 * calibration and at every scan.
 */

/** Capture errors that leave the crown and floor rows sound: arms held against the body do not move them. */
const harmlessForRows = new Set(['arms_against_body']);

/**
 * Of the person's height in the photo, the share from the crown down searched for the background's
 * edge: above the ankles (a wall's foot behind the customer lies a little above their feet).
 */
const feetClearanceShare = 0.92;

let earShare: Promise<number> | null = null;

/** The ear's height as a share of stature from the survey's adults (the neutral model's statistics). */
function neutralTragionShare(): Promise<number> {
  earShare ??= loadShapeStats('neutral').then((stats) =>
    tragionShare((column: (typeof tragionColumns)[number]) => {
      const index = stats.columns.indexOf(column);
      if (index < 0) throw new Error(`the survey statistics lack ${column}, needed for the ear's height`);
      return stats.mean[index]!;
    }),
  );
  return earShare;
}

export async function readPersonPhoto(runtime: ObservingRuntime, imageBytes: Uint8Array, view: CaptureView): Promise<PersonPhotoReading> {
  const { observation, gray } = await observeFrame(runtime, imageBytes, view);
  const error = checkFrame(observation).find((issue) => issue.severity === 'error' && !harmlessForRows.has(issue.code));
  if (error)
    throw new CalibrationError(
      'calibration_photo_rejected',
      `The ${view} photo cannot calibrate the camera (${error.code}): ${error.message}`,
    );
  if (!observation.silhouette)
    throw new CalibrationError(
      'calibration_photo_rejected',
      `The ${view} photo cannot calibrate the camera (no_person): nobody was outlined in it`,
    );
  const extent = verticalExtent(observation.silhouette, observation.body, await neutralTragionShare());
  const outline = photoOutlineRows(await fullSizeGray(imageBytes), observation.silhouette, observation.imageHeight);
  const { topY, floorY } = cameraRowsOf(observation.silhouette, observation.body, extent.topY, view, outline);
  // The edge is looked for above the feet, beside the person.
  const horizon = findReferenceHorizon(gray, {
    maxShare: topY / observation.imageHeight + feetClearanceShare * ((floorY - topY) / observation.imageHeight),
    person: personColumns(observation.silhouette, gray),
  });
  return { view, imageWidth: observation.imageWidth, imageHeight: observation.imageHeight, topY, floorY, horizon };
}
