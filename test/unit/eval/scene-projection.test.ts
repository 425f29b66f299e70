import { describe, expect, it } from 'vitest';
import { rowAngleBelowHorizon, uprightHeightM } from '../../../src/main/calibration/camera-geometry.js';
import { projectedRows } from '../../../scripts/eval/scene-projection.js';

const camera = { widthPx: 720, heightPx: 1280, fovDeg: 60, heightM: 1.25, distanceM: 3, tiltDeg: -3, lensK1: 0 };
const focalPx = camera.heightPx / 2 / Math.tan((camera.fovDeg * Math.PI) / 360);
const pose = { focalPx, imageWidth: camera.widthPx, imageHeight: camera.heightPx, heightM: camera.heightM, tiltDeg: camera.tiltDeg };

/** A vertical pole of this height at the origin (the markers), facing the camera: its foot and its top. */
const pole = (heightM: number): Float32Array => new Float32Array([0, 0, 0, 0, heightM, 0]);

describe('where a scene projects in the evaluation photos (scene-projection.ts)', () => {
  it('puts each point at the angle below the horizon that its height and distance give', () => {
    const { top, bottom } = projectedRows({ positions: pole(1.8), yawDeg: 0, camera });
    // The pixel centres' convention of the renderer (the centre at (h − 1) / 2) against the geometry's (h / 2): half a pixel.
    expect(rowAngleBelowHorizon(pose, bottom + 0.5)).toBeCloseTo(Math.atan(1.25 / 3), 6);
    expect(rowAngleBelowHorizon(pose, top + 0.5)).toBeCloseTo(Math.atan((1.25 - 1.8) / 3), 6);
  });

  it("reads back the pole's height through the product's camera geometry", () => {
    const { top, bottom } = projectedRows({ positions: pole(1.72), yawDeg: 0, camera });
    expect(uprightHeightM(pose, { topY: top + 0.5, floorY: bottom + 0.5 })).toBeCloseTo(1.72, 6);
  });

  it('turns the body about the vertical axis: a point 20 cm in front of the markers, turned a quarter, stands beside them', () => {
    const ahead = new Float32Array([0, 0, 0.2]);
    const turned = projectedRows({ positions: ahead, yawDeg: 90, camera });
    const atMarkers = projectedRows({ positions: new Float32Array([0, 0, 0]), yawDeg: 0, camera });
    expect(turned.bottom).toBeCloseTo(atMarkers.bottom, 6);
  });

  it('bends rows as the renderer samples them: the pixel shows the pinhole image at d·(1 + k1·|d|²/R²)', () => {
    const lens = { ...camera, lensK1: -0.05 };
    const pinhole = projectedRows({ positions: pole(1.8), yawDeg: 0, camera });
    const bent = projectedRows({ positions: pole(1.8), yawDeg: 0, camera: lens });
    const cy = (camera.heightPx - 1) / 2;
    const halfDiagonal2 = ((camera.widthPx - 1) / 2) ** 2 + cy ** 2;
    for (const [pinholeRow, bentRow] of [
      [pinhole.top, bent.top],
      [pinhole.bottom, bent.bottom],
    ] as const) {
      const d = bentRow - cy;
      expect(cy + d * (1 + (lens.lensK1 * d * d) / halfDiagonal2)).toBeCloseTo(pinholeRow, 6);
      // With k1 < 0 a pixel samples nearer the centre, so the point shows further out than the pinhole's.
      expect(Math.abs(d)).toBeGreaterThan(Math.abs(pinholeRow - cy));
    }
  });
});
