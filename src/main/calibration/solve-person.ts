import { floorDistanceM, focalFromFov, heightFromPerson } from './camera-geometry.js';
import { crownBehindFloorRow } from './camera-stature.js';
import type { SolvedCalibration } from './calibration-record.js';
import { CalibrationError } from './errors.js';
import type { HorizonReference } from './background-horizon.js';

/**
 * Method 1 of docs/calibration.md: a person of known height stands on the floor markers and is
 * photographed from the front (and in profile). Each photo's crown and floor line, found by the
 * same code a scan uses (vertical-extent.ts, camera-rows.ts), are two rays through the lens; with
 * the person's height they fix the camera's height, the camera taken as level (the setup guide's
 * mounting; why one person cannot give the tilt: camera-geometry.ts, heightFromPerson). Because a scan reads its customers the
 * same way, what the procedure does to the rows (the mask's edge, the toes in front of the heels)
 * is in the calibration too and cancels.
 */

/**
 * Front and side photos putting the camera further apart than this (metres) are refused. They
 * differ by a few centimetres even when all is well: the floor line is the lowest sole point, the
 * toes in front, the nearer foot in profile, which stand at different depths. So the camera is
 * solved from the front photo, the one a scan reads, and the side photo only catches a gross
 * error (a person who moved, or a mask that lost the feet or the head).
 */
export const maxViewDisagreementM = 0.08;

/** A kiosk camera outside these heights (metres) is a failed reading, not a mount. */
const cameraHeightRangeM = [0.3, 2.5] as const;

export interface PersonPhotoReading {
  view: 'front' | 'side';
  imageWidth: number;
  imageHeight: number;
  /** Photo rows of the crown and of the floor line (vertical-extent.ts, floorRow). */
  topY: number;
  floorY: number;
  /** The background's horizontal edge beside the person (background-horizon.ts); null where none was found. */
  horizon: HorizonReference | null;
}

export interface PersonCalibrationInput {
  readings: PersonPhotoReading[];
  personHeightCm: number;
  /** Sole under the person's feet (cm); the procedure asks for socks (0). */
  soleCm: number;
  verticalFovDeg: number;
}

export function solvePersonCalibration(input: PersonCalibrationInput): SolvedCalibration {
  const front = input.readings.find((reading) => reading.view === 'front');
  if (!front) throw new CalibrationError('calibration_photo_rejected', 'A front photo is needed');
  const { imageWidth, imageHeight } = front;
  for (const reading of input.readings) {
    if (reading.imageWidth !== imageWidth || reading.imageHeight !== imageHeight) {
      throw new CalibrationError(
        'calibration_photo_size',
        `The ${reading.view} photo is ${reading.imageWidth}×${reading.imageHeight}, the front photo ` +
          `${imageWidth}×${imageHeight}: take both with the kiosk's camera`,
      );
    }
  }
  const focalPx = focalFromFov(imageHeight, input.verticalFovDeg);
  const personM = (input.personHeightCm + input.soleCm) / 100;
  const views = input.readings.map((reading) => {
    const solved = {
      tiltDeg: 0,
      heightM: heightFromPerson({
        focalPx,
        imageHeight,
        tiltDeg: 0,
        topY: reading.topY,
        floorY: reading.floorY,
        personM,
        crownBehindShare: crownBehindFloorRow[reading.view],
      }),
    };
    if (!Number.isFinite(solved.heightM)) {
      throw new CalibrationError(
        'calibration_unsolvable',
        `The ${reading.view} photo's floor line is not below its centre: a level camera cannot see it so; mount the camera ` +
          `above the floor and level`,
      );
    }
    return { view: reading.view, topY: reading.topY, floorY: reading.floorY, ...solved };
  });
  const heights = views.map((view) => view.heightM);
  const spread = Math.max(...heights) - Math.min(...heights);
  if (spread > maxViewDisagreementM) {
    throw new CalibrationError(
      'calibration_views_disagree',
      `The front and side photos put the camera ${(spread * 100).toFixed(1)} cm apart in height (at most ` +
        `${maxViewDisagreementM * 100} cm): the person moved between them or was not found whole; take both again`,
    );
  }
  const { heightM, tiltDeg } = views.find((view) => view.view === 'front')!;
  if (heightM < cameraHeightRangeM[0] || heightM > cameraHeightRangeM[1]) {
    throw new CalibrationError(
      'calibration_out_of_range',
      `The photos put the camera ${(heightM * 100).toFixed(0)} cm above the floor, outside ` +
        `${cameraHeightRangeM[0] * 100}–${cameraHeightRangeM[1] * 100} cm: check the person's height`,
    );
  }
  const camera = { focalPx, imageWidth, imageHeight, heightM, tiltDeg };
  return {
    method: 'person',
    camera: { ...camera, tiltSource: 'assumed_level', verticalFovDeg: input.verticalFovDeg },
    reference: {
      personHeightCm: input.personHeightCm,
      soleCm: input.soleCm,
      floorDistanceM: floorDistanceM(camera, front.floorY),
      floorShare: front.floorY / imageHeight,
      horizon: front.horizon,
      views: views.map(({ view, topY, floorY, heightM: viewHeight }) => ({ view, topY, floorY, heightM: viewHeight })),
    },
  };
}
