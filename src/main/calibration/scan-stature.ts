import type { AvatarWarning } from '../avatars/types.js';
import type { ScanCalibration } from './calibration-record.js';
import { statureFromCamera, typedHeightCheck } from './camera-stature.js';

/**
 * A scan's use of the kiosk camera's calibration, from the rows a pipeline read in its photos:
 * with no typed height, the stature read through the calibrated camera (the front photo, and the
 * side photo when both the scan and the calibration have one: the mean of the two, unless they
 * disagree by more than `maxViewDisagreementCm`); with a typed height, a flag when the camera reads
 * it more than 4 cm off (the typed height still wins). Either way the front floor line's place is
 * handed back, so the service notices a camera that has moved.
 */

/**
 * Front and side readings further apart than this (cm) mean one of them failed: then the front
 * alone counts. The two differ by an SD of about 3 cm when both are sound (each about 2 cm), and in
 * profile the mask loses a shoe against the floor more often; on the dev seed two of 40 side
 * readings were 18 and 24 cm off. Any limit from 4 to 10 cm gave the same dev figures.
 */
const maxViewDisagreementCm = 6;

export interface CameraStatureStep {
  /** The stature to scale the body by when none was typed; null: the camera gives none, or a height was typed. */
  statureCm: number | null;
  /** What the camera read (cm), whether it scales the body or checks a typed height; null: no reading. */
  readCm: number | null;
  notes: string[];
  warnings: AvatarWarning[];
  check: { calibrationId: string; floorShare: number } | null;
}

/** Where a photo shows the customer: the crown's row (hair included) and the floor line's. */
export interface PhotoRows {
  view: 'front' | 'side';
  imageWidth: number;
  imageHeight: number;
  topY: number;
  floorY: number;
}

export function scanStature(input: {
  calibration: ScanCalibration | null;
  typedHeightCm: number | null;
  /** The scan's photos; the front one is required for a reading. */
  views: readonly PhotoRows[];
  /** The shoe sole (cm), whichever photo is read. */
  soleCm: number;
}): CameraStatureStep {
  const { calibration } = input;
  const front = input.views.find((view) => view.view === 'front');
  if (!calibration || !front) return { statureCm: null, readCm: null, notes: [], warnings: [], check: null };
  const read = (view: PhotoRows) => statureFromCamera({ calibration, ...view, soleCm: input.soleCm });
  const reading = read(front);
  const check = reading.floorShare === null ? null : { calibrationId: calibration.id, floorShare: reading.floorShare };
  if (reading.kind === 'unusable')
    return {
      statureCm: null,
      readCm: null,
      notes: [reading.message],
      warnings: [{ code: reading.code, message: reading.message }],
      check,
    };
  const sideView = input.views.find((view) => view.view === 'side');
  const side = sideView && calibration.sideHeightM !== null ? read(sideView) : null;
  const sideAgrees = side?.kind === 'measured' && Math.abs(side.statureCm - reading.statureCm) <= maxViewDisagreementCm;
  const statureCm = sideAgrees ? (reading.statureCm + side.statureCm) / 2 : reading.statureCm;
  const perView =
    side?.kind !== 'measured'
      ? `front ${reading.statureCm.toFixed(1)}`
      : `front ${reading.statureCm.toFixed(1)}, side ${side.statureCm.toFixed(1)}` +
        (sideAgrees ? '' : `; the side photo's reading is more than ${maxViewDisagreementCm} cm off the front's and is left out`);
  const measured =
    `The calibrated camera measures ${statureCm.toFixed(1)} cm (${perView}), ` +
    `floor line to the top of the head less a ${reading.soleCm.toFixed(1)} cm sole and ${reading.hairCm.toFixed(1)} cm of hair.`;
  if (input.typedHeightCm === null) return { statureCm, readCm: statureCm, notes: [`Height not given: ${measured}`], warnings: [], check };
  const flag = typedHeightCheck(input.typedHeightCm, statureCm);
  return {
    statureCm: null,
    readCm: statureCm,
    notes: [flag ? flag.message : `${measured} The typed height agrees within 4 cm.`],
    warnings: flag ? [flag] : [],
    check,
  };
}
