import type { AvatarWarning } from '../../avatars/types.js';
import type { ScanCalibration } from '../../calibration/calibration-record.js';
import { statureFromCamera, typedHeightCheck } from '../../calibration/camera-stature.js';
import type { Shoes } from '../../scans/capture-conditions.js';
import type { BodyPose } from '../human/human-runtime.js';
import { shoeSole } from './shoe-sole.js';

/**
 * The embedded pipeline's use of the kiosk camera's calibration (issue 12): with no typed height,
 * the stature read from the front photo through the calibrated camera; with a typed height, a flag
 * when the camera reads it more than 4 cm off (the typed height still wins). Either way the floor
 * line's place is handed back, so the service notices a camera that has moved.
 */
export interface CameraStatureStep {
  /** The stature to scale the body by when none was typed; null: the camera gives none. */
  statureCm: number | null;
  notes: string[];
  warnings: AvatarWarning[];
  check: { calibrationId: string; floorShare: number } | null;
}

export function cameraStatureStep(input: {
  calibration: ScanCalibration | null;
  typedHeightCm: number | null;
  /** The front photo's size and its crown and floor rows (vertical-extent.ts); undefined when the mask found nobody. */
  front: { imageWidth: number; imageHeight: number; topY: number; floorY: number } | undefined;
  body: BodyPose | null;
  shoes: Shoes | null;
  ankleShare: number;
}): CameraStatureStep {
  const { calibration, front } = input;
  if (!calibration || !front) return { statureCm: null, notes: [], warnings: [], check: null };
  const reading = statureFromCamera({
    calibration,
    imageWidth: front.imageWidth,
    imageHeight: front.imageHeight,
    topY: front.topY,
    floorY: front.floorY,
    soleCm: (statureCm) => shoeSole({ shoes: input.shoes, body: input.body, topY: front.topY, floorY: front.floorY, statureCm, ankleShare: input.ankleShare }).soleCm,
  });
  const check = reading.floorShare === null ? null : { calibrationId: calibration.id, floorShare: reading.floorShare };
  if (reading.kind === 'unusable') return { statureCm: null, notes: [reading.message], warnings: [{ code: reading.code, message: reading.message }], check };
  const measured = `The calibrated camera measures ${reading.statureCm.toFixed(1)} cm from the floor line to the top of the head, less a ${reading.soleCm.toFixed(1)} cm sole.`;
  if (input.typedHeightCm === null) return { statureCm: reading.statureCm, notes: [`Height not given: ${measured}`], warnings: [], check };
  const flag = typedHeightCheck(input.typedHeightCm, reading.statureCm);
  return { statureCm: null, notes: [flag ? flag.message : `${measured} The typed height agrees within 4 cm.`], warnings: flag ? [flag] : [], check };
}
