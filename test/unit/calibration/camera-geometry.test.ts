import { describe, expect, it } from 'vitest';
import { floorDistanceM, focalFromFov, heightFromPerson, tiltAndHeightFromPerson, uprightHeightM } from '../../../src/main/calibration/camera-geometry.js';

/**
 * The photo row of a point seen by a camera `heightM` above the floor, pitched up by `tiltDeg`,
 * written independently of the module: the point rotated into the camera's frame, then projected.
 */
function row(camera: { focalPx: number; imageHeight: number; heightM: number; tiltDeg: number }, point: { y: number; d: number }): number {
  const tilt = (camera.tiltDeg * Math.PI) / 180;
  const up = point.y - camera.heightM;
  const forward = point.d;
  const depth = forward * Math.cos(tilt) + up * Math.sin(tilt);
  const upInCamera = -forward * Math.sin(tilt) + up * Math.cos(tilt);
  return camera.imageHeight / 2 - (camera.focalPx * upInCamera) / depth;
}

const imageHeight = 1280;
const focalPx = focalFromFov(imageHeight, 50);

describe('the calibrated camera as a pinhole', () => {
  it('gives the focal length of a 50° lens on a 1280-row photo', () => {
    expect(focalPx).toBeCloseTo(640 / Math.tan((25 * Math.PI) / 180), 6);
  });

  for (const tiltDeg of [-5, 0, 4]) {
    it(`reads the height of an upright body wherever it stands, camera tilted ${tiltDeg}°`, () => {
      const camera = { focalPx, imageWidth: 720, imageHeight, heightM: 1.23, tiltDeg };
      for (const d of [2.6, 3.0, 3.4]) {
        for (const statureM of [1.52, 1.71, 1.93]) {
          const rows = { topY: row(camera, { y: statureM, d }), floorY: row(camera, { y: 0, d }) };
          expect(uprightHeightM(camera, rows)).toBeCloseTo(statureM, 9);
          expect(floorDistanceM(camera, rows.floorY)).toBeCloseTo(d, 9);
        }
      }
    });
  }

  it('finds the height of a level camera from a person of known height', () => {
    const camera = { focalPx, imageHeight, heightM: 1.31, tiltDeg: 0 };
    const rows = { topY: row(camera, { y: 1.68, d: 2.9 }), floorY: row(camera, { y: 0, d: 2.9 }) };
    expect(heightFromPerson({ focalPx, imageHeight, tiltDeg: 0, ...rows, personM: 1.68 })).toBeCloseTo(1.31, 9);
  });

  it('finds height and tilt from a person of known height at a measured distance', () => {
    for (const tiltDeg of [-5, -1.5, 0, 3, 5]) {
      const camera = { focalPx, imageHeight, heightM: 1.12, tiltDeg };
      const rows = { topY: row(camera, { y: 1.8, d: 3.1 }), floorY: row(camera, { y: 0, d: 3.1 }) };
      const solved = tiltAndHeightFromPerson({ focalPx, imageHeight, ...rows, personM: 1.8, distanceM: 3.1 })!;
      expect(solved.tiltDeg).toBeCloseTo(tiltDeg, 6);
      expect(solved.heightM).toBeCloseTo(1.12, 6);
    }
  });

  it('finds no tilt when the measured distance cannot hold the person in the photo', () => {
    const camera = { focalPx, imageHeight, heightM: 1.2, tiltDeg: 0 };
    const rows = { topY: row(camera, { y: 1.7, d: 3 }), floorY: row(camera, { y: 0, d: 3 }) };
    expect(tiltAndHeightFromPerson({ focalPx, imageHeight, ...rows, personM: 1.7, distanceM: 0.4 })).toBeNull();
  });

  it('says NaN for a floor row at or above the horizon', () => {
    const camera = { focalPx, imageWidth: 720, imageHeight, heightM: 1.2, tiltDeg: 0 };
    expect(uprightHeightM(camera, { topY: 100, floorY: 600 })).toBeNaN();
  });
});
