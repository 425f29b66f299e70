import { personColumns } from '../../calibration/background-horizon.js';
import type { ScanCalibration } from '../../calibration/calibration-record.js';
import { horizonTilt } from '../../calibration/horizon-tilt.js';
import { cameraRowsOf } from '../../calibration/camera-rows.js';
import { scanStature, type CameraStatureStep } from '../../calibration/scan-stature.js';
import type { GrayImage } from '../capture-checks/image-statistics.js';
import type { PersonSilhouette } from '../capture-checks/person-silhouette.js';
import type { FrameObservation, PhotoOutlineRows } from '../capture-checks/types.js';
import type { BodyPose } from '../human/human-runtime.js';

/**
 * The embedded pipeline's use of the kiosk camera's calibration (calibration/scan-stature.ts says
 * what a scan takes from it): each photo's crown and floor line, read on the photo's outline where
 * it shows them and otherwise from its person mask and keypoints (camera-rows.ts), less the sole.
 */

export interface CameraView {
  view: 'front' | 'side';
  imageWidth: number;
  imageHeight: number;
  silhouette: PersonSilhouette;
  body: BodyPose | null;
  /** The crown's row (vertical-extent.ts). */
  topY: number;
  /** The crown's and soles' rows on the photo's outline (calibration/edge-rows.ts); absent: the mask's rows. */
  outline?: PhotoOutlineRows | null;
}

export function cameraStatureStep(input: {
  calibration: ScanCalibration | null;
  typedHeightCm: number | null;
  /** The scan's photos with a person mask; the front one is required for a reading. */
  views: readonly CameraView[];
  /** The shoe sole under the customer (cm): given by staff, or assumed (shoe-sole.ts). */
  soleCm: number;
}): CameraStatureStep {
  const front = input.views.find((view) => view.view === 'front');
  if (!input.calibration || !front) return { statureCm: null, readCm: null, notes: [], warnings: [], check: null };
  const rows = input.views.map((view) => ({
    view: view.view,
    imageWidth: view.imageWidth,
    imageHeight: view.imageHeight,
    ...cameraRowsOf(view.silhouette, view.body, view.topY, view.view, view.outline ?? null),
  }));
  return scanStature({ calibration: input.calibration, typedHeightCm: input.typedHeightCm, views: rows, soleCm: input.soleCm });
}

/**
 * The calibration as the front photo shown to the customer finds the camera: its tilt read again
 * from the background's edge beside the customer (calibration/horizon-tilt.ts), once per scan (a
 * burst's frames come from the same moment). `gray`: that photo's grayscale copy, as the capture
 * checks made it (observe-frame.ts).
 */
export function calibrationAsSeen(
  calibration: ScanCalibration | null,
  gray: GrayImage,
  front: FrameObservation,
): { calibration: ScanCalibration | null; changeDeg: number | null; note: string | null } {
  if (!calibration) return { calibration, changeDeg: null, note: null };
  return horizonTilt(calibration, gray, front.silhouette ? personColumns(front.silhouette, gray) : null);
}
