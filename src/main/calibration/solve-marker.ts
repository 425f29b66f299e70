import { focalFromFov } from './camera-geometry.js';
import type { SolvedCalibration } from './calibration-record.js';
import { CalibrationError } from './errors.js';
import { floorMarkerId } from './floor-marker.js';
import { projectFloorPoint, solveMarkerPose, squareCornersOnFloor } from './marker-pose.js';
import type { MarkerPhotoReading } from './read-marker-photo.js';

/**
 * Method 2 of docs/calibration.md: the printed floor marker lies at the floor markers and one
 * photo of it gives the camera's height, tilt and roll (marker-pose.ts), the focal length taken
 * from the lens's field of view as method 1 takes it.
 */

/** Corners further than this (RMS px) from the best square of the given size fit no camera: not flat, or a wrong size or lens. */
const maxReprojectionErrorPx = 1.5;
/** What a kiosk mount allows: outside it the reading or the size given is wrong. */
const cameraHeightRangeM = [0.3, 2.5] as const;
const maxTiltDeg = 25;
const maxRollDeg = 10;

export function solveMarkerCalibration(input: {
  reading: MarkerPhotoReading;
  markerSizeCm: number;
  verticalFovDeg: number;
}): SolvedCalibration {
  const { reading } = input;
  const focalPx = focalFromFov(reading.imageHeight, input.verticalFovDeg);
  const pose = solveMarkerPose({
    corners: reading.corners,
    sideM: input.markerSizeCm / 100,
    focalPx,
    imageWidth: reading.imageWidth,
    imageHeight: reading.imageHeight,
  });
  if (!pose || pose.square.centreZM <= 0) {
    throw new CalibrationError(
      'calibration_unsolvable',
      'No camera above the floor sees the marker as it appears in the photo: check that it lies flat on the floor',
    );
  }
  if (pose.reprojectionErrorPx > maxReprojectionErrorPx) {
    throw new CalibrationError(
      'calibration_unsolvable',
      `The marker's corners are ${pose.reprojectionErrorPx.toFixed(1)} px from any flat square of ${input.markerSizeCm} cm seen ` +
        `through the kiosk's ${input.verticalFovDeg}° lens (at most ${maxReprojectionErrorPx}): flatten the print, check the ` +
        'size given, or the lens',
    );
  }
  const { heightM, tiltDeg, rollDeg } = pose.camera;
  if (
    heightM < cameraHeightRangeM[0] ||
    heightM > cameraHeightRangeM[1] ||
    Math.abs(tiltDeg) > maxTiltDeg ||
    Math.abs(rollDeg) > maxRollDeg
  ) {
    throw new CalibrationError(
      'calibration_out_of_range',
      `The marker puts the camera ${(heightM * 100).toFixed(0)} cm above the floor, tilted ${tiltDeg.toFixed(1)}° and rolled ` +
        `${rollDeg.toFixed(1)}°, outside what a kiosk mount allows (${cameraHeightRangeM[0] * 100}–${cameraHeightRangeM[1] * 100} cm, ` +
        `±${maxTiltDeg}°, ±${maxRollDeg}°): check the marker size given`,
    );
  }
  // The reference floor line: the middle of the marker's far edge, which the procedure lays on the
  // line of the floor markers' toes, where a customer's floor line stands.
  const [a, b] = squareCornersOnFloor(pose.square).sort((p, q) => q.zM - p.zM);
  const far = { xM: (a!.xM + b!.xM) / 2, zM: (a!.zM + b!.zM) / 2 };
  const farInPhoto = projectFloorPoint(pose.camera, far)!;
  return {
    method: 'marker',
    camera: {
      focalPx,
      imageWidth: reading.imageWidth,
      imageHeight: reading.imageHeight,
      heightM,
      tiltDeg,
      tiltSource: 'measured',
      verticalFovDeg: input.verticalFovDeg,
    },
    reference: {
      markerSizeCm: input.markerSizeCm,
      markerId: floorMarkerId,
      corners: reading.corners,
      rollDeg,
      reprojectionErrorPx: pose.reprojectionErrorPx,
      floorDistanceM: far.zM,
      floorShare: Math.min(1, Math.max(0, farInPhoto.y / reading.imageHeight)),
      horizon: reading.horizon,
    },
  };
}
