import { describe, expect, it } from 'vitest';
import { floorDistanceM, focalFromFov, heightFromPerson, uprightHeightM } from '../../../src/main/calibration/camera-geometry.js';

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

  it("puts a small tilt into the height, exact on the person's own height and within 1.5 cm for customers 25 cm taller or shorter", () => {
    const tilted = { focalPx, imageWidth: 720, imageHeight, heightM: 1.19, tiltDeg: -4 };
    const rowsAt = (statureM: number, d: number) => ({ topY: row(tilted, { y: statureM, d }), floorY: row(tilted, { y: 0, d }) });
    const level = {
      ...tilted,
      tiltDeg: 0,
      heightM: heightFromPerson({ focalPx, imageHeight, tiltDeg: 0, ...rowsAt(1.75, 3), personM: 1.75 }),
    };
    expect(uprightHeightM(level, rowsAt(1.75, 3))).toBeCloseTo(1.75, 9);
    for (const statureM of [1.5, 2.0]) expect(Math.abs(uprightHeightM(level, rowsAt(statureM, 3)) - statureM)).toBeLessThan(0.015);
  });

  it('reads a person whose crown stands behind the point of the floor row (the toes) by a share of their height', () => {
    const camera = { focalPx, imageWidth: 720, imageHeight, heightM: 1.08, tiltDeg: 3 };
    for (const statureM of [1.55, 1.95]) {
      const toesM = 3.0;
      const rows = { topY: row(camera, { y: statureM, d: toesM + 0.11 * statureM }), floorY: row(camera, { y: 0, d: toesM }) };
      expect(uprightHeightM(camera, rows, 0.11)).toBeCloseTo(statureM, 9);
      // Read as if the crown stood over the toes, the head seen further away reads short, by centimetres.
      expect(uprightHeightM(camera, rows)).toBeLessThan(statureM - 0.02);
      expect(heightFromPerson({ focalPx, imageHeight, tiltDeg: 3, ...rows, personM: statureM, crownBehindShare: 0.11 })).toBeCloseTo(
        1.08,
        9,
      );
    }
  });

  it('says NaN for a floor row at or above the horizon', () => {
    const camera = { focalPx, imageWidth: 720, imageHeight, heightM: 1.2, tiltDeg: 0 };
    expect(uprightHeightM(camera, { topY: 100, floorY: 600 })).toBeNaN();
  });
});
