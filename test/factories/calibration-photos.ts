import type { PersonPhotoReading } from '../../src/main/calibration/solve-person.js';
import { focalFromFov } from '../../src/main/calibration/camera-geometry.js';

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

export function personReading(
  camera: KnownCamera,
  view: 'front' | 'side',
  person: { statureM: number; distanceM: number },
): PersonPhotoReading {
  return {
    view,
    imageWidth: camera.imageWidth,
    imageHeight: camera.imageHeight,
    topY: photoRow(camera, { y: person.statureM, d: person.distanceM }),
    floorY: photoRow(camera, { y: 0, d: person.distanceM }),
  };
}
