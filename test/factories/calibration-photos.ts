import type { PersonPhotoReading } from '../../src/main/calibration/solve-person.js';
import type { MarkerPhotoReading } from '../../src/main/calibration/read-marker-photo.js';
import { focalFromFov } from '../../src/main/calibration/camera-geometry.js';
import { crownBehindFloorRow } from '../../src/main/calibration/camera-stature.js';

/**
 * Where a kiosk camera puts a standing person's crown and floor line in its photo, computed
 * independently of the calibration code: the point rotated into a camera pitched up by `tiltDeg`
 * `heightM` above the floor, then projected through a pinhole with a 50° vertical field of view.
 */
export interface KnownCamera {
  imageWidth: number;
  imageHeight: number;
  heightM: number;
  tiltDeg: number;
  fovDeg?: number;
}

export function photoRow(camera: KnownCamera, point: { y: number; d: number }): number {
  const focalPx = focalFromFov(camera.imageHeight, camera.fovDeg ?? 50);
  const tilt = (camera.tiltDeg * Math.PI) / 180;
  const up = point.y - camera.heightM;
  const depth = point.d * Math.cos(tilt) + up * Math.sin(tilt);
  const upInCamera = -point.d * Math.sin(tilt) + up * Math.cos(tilt);
  return camera.imageHeight / 2 - (focalPx * upInCamera) / depth;
}

/**
 * A person's crown and floor rows: the floor row is their sole point nearest the camera (the toes
 * in a front photo, `distanceM` away) and the crown stands behind it by the share of their height
 * the product assumes for the view (camera-stature.ts, crownBehindFloorRow).
 */
export function personReading(
  camera: KnownCamera,
  view: 'front' | 'side',
  person: { statureM: number; distanceM: number },
): PersonPhotoReading {
  return { view, imageWidth: camera.imageWidth, imageHeight: camera.imageHeight, ...personRows(camera, view, person), horizon: null };
}

export function personRows(
  camera: KnownCamera,
  view: 'front' | 'side',
  person: { statureM: number; distanceM: number },
): { topY: number; floorY: number } {
  const crownDistanceM = person.distanceM + crownBehindFloorRow[view] * person.statureM;
  return { topY: photoRow(camera, { y: person.statureM, d: crownDistanceM }), floorY: photoRow(camera, { y: 0, d: person.distanceM }) };
}

export interface TurnedCamera {
  imageWidth: number;
  imageHeight: number;
  heightM: number;
  tiltDeg: number;
  /** Positive turns the picture clockwise. */
  rollDeg: number;
  fovDeg?: number;
}

/**
 * Where a camera puts a point of the floor's frame (x right, y up, z forward; the lens at
 * (0, heightM, 0)), computed apart from marker-pose.ts: the camera's right, down and forward axes
 * as vectors, pitched up by the tilt, then turned about the forward axis by the roll.
 */
export function projectThroughCamera(camera: TurnedCamera, point: { x: number; y?: number; z: number }): { x: number; y: number } {
  const focalPx = focalFromFov(camera.imageHeight, camera.fovDeg ?? 50);
  const t = (camera.tiltDeg * Math.PI) / 180;
  const r = (camera.rollDeg * Math.PI) / 180;
  const forward = [0, Math.sin(t), Math.cos(t)];
  const right = [Math.cos(r), Math.sin(r) * Math.cos(t), -Math.sin(r) * Math.sin(t)];
  const down = [Math.sin(r), -Math.cos(r) * Math.cos(t), Math.cos(r) * Math.sin(t)];
  const p = [point.x, (point.y ?? 0) - camera.heightM, point.z];
  const along = (axis: number[]): number => axis[0]! * p[0]! + axis[1]! * p[1]! + axis[2]! * p[2]!;
  return {
    x: camera.imageWidth / 2 + (focalPx * along(right)) / along(forward),
    y: camera.imageHeight / 2 + (focalPx * along(down)) / along(forward),
  };
}

/** A square on the floor, centred at (x, z) and turned by `yawDeg`: its corners from the far left one round, as the marker is printed when it points at the camera. */
export function floorSquare(square: { x: number; z: number; yawDeg: number; sideM: number }): Array<{ x: number; z: number }> {
  const yaw = (square.yawDeg * Math.PI) / 180;
  return [
    [-1, 1],
    [1, 1],
    [1, -1],
    [-1, -1],
  ].map(([a, b]) => {
    const u = (a! * square.sideM) / 2;
    const v = (b! * square.sideM) / 2;
    return { x: square.x + Math.cos(yaw) * u - Math.sin(yaw) * v, z: square.z + Math.sin(yaw) * u + Math.cos(yaw) * v };
  });
}

/** What the marker reader answers for a square marker lying flat at the markers, seen by this camera. */
export function markerReading(camera: TurnedCamera, marker: { sideM: number; distanceM: number }): MarkerPhotoReading {
  return {
    view: 'marker',
    imageWidth: camera.imageWidth,
    imageHeight: camera.imageHeight,
    corners: floorSquare({ x: 0, z: marker.distanceM, yawDeg: 0, sideM: marker.sideM }).map((corner) =>
      projectThroughCamera(camera, corner),
    ),
    horizon: null,
  };
}
