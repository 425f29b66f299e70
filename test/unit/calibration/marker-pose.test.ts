import { describe, expect, it } from 'vitest';
import { focalFromFov } from '../../../src/main/calibration/camera-geometry.js';
import { solveMarkerPose } from '../../../src/main/calibration/marker-pose.js';
import { floorSquare, projectThroughCamera } from '../../factories/calibration-photos.js';

const width = 720;
const height = 1280;
const focalPx = focalFromFov(height, 50);

describe('solveMarkerPose', () => {
  const cameras = [];
  for (const heightM of [1.0, 1.25, 1.5])
    for (const tiltDeg of [-5, 0, 3.7, 5]) for (const rollDeg of [-2, 0, 1.3, 2]) cameras.push({ heightM, tiltDeg, rollDeg });

  it.each(cameras)('recovers height $heightM m, tilt $tiltDeg°, roll $rollDeg° from exactly projected corners', (truth) => {
    const project = (x: number, z: number) => projectThroughCamera({ ...truth, imageWidth: width, imageHeight: height }, { x, z });
    for (const [distanceM, yawDeg, sideM] of [
      [2.6, 0, 0.3],
      [3.0, 12, 0.22],
      [3.4, -30, 0.4],
    ] as const) {
      const corners = floorSquare({ x: 0.1, z: distanceM, yawDeg, sideM }).map(({ x, z }) => project(x, z));
      const pose = solveMarkerPose({ corners, sideM, focalPx, imageWidth: width, imageHeight: height });
      expect(pose).not.toBeNull();
      expect(pose!.camera.heightM).toBeCloseTo(truth.heightM, 6);
      expect(pose!.camera.tiltDeg).toBeCloseTo(truth.tiltDeg, 5);
      expect(pose!.camera.rollDeg).toBeCloseTo(truth.rollDeg, 5);
      expect(pose!.square.centreZM).toBeCloseTo(distanceM, 6);
      expect(pose!.reprojectionErrorPx).toBeLessThan(1e-4);
    }
  });

  it('gives the same camera whichever corner comes first and whichever way they run', () => {
    const camera = { heightM: 1.2, tiltDeg: -3, rollDeg: 1, imageWidth: width, imageHeight: height };
    const corners = floorSquare({ x: 0, z: 3, yawDeg: 5, sideM: 0.3 }).map((corner) => projectThroughCamera(camera, corner));
    for (const order of [corners, [...corners.slice(2), ...corners.slice(0, 2)], [...corners].reverse()]) {
      const pose = solveMarkerPose({ corners: order, sideM: 0.3, focalPx, imageWidth: width, imageHeight: height })!;
      expect(pose.camera.heightM).toBeCloseTo(1.2, 6);
      expect(pose.camera.tiltDeg).toBeCloseTo(-3, 5);
      expect(pose.camera.rollDeg).toBeCloseTo(1, 5);
    }
  });

  it('keeps the error of corners read a quarter pixel off within a centimetre and a fifth of a degree', () => {
    const camera = { heightM: 1.4, tiltDeg: 4, rollDeg: -1.5, imageWidth: width, imageHeight: height };
    const corners = floorSquare({ x: 0, z: 3, yawDeg: 0, sideM: 0.3 }).map((corner) => projectThroughCamera(camera, corner));
    const offsets = [
      [0.25, -0.25],
      [-0.25, -0.25],
      [0.25, 0.25],
      [-0.25, 0.25],
    ];
    const pose = solveMarkerPose({
      corners: corners.map((corner, i) => ({ x: corner.x + offsets[i]![0]!, y: corner.y + offsets[i]![1]! })),
      sideM: 0.3,
      focalPx,
      imageWidth: width,
      imageHeight: height,
    })!;
    expect(Math.abs(pose.camera.heightM - 1.4)).toBeLessThan(0.01);
    expect(Math.abs(pose.camera.tiltDeg - 4)).toBeLessThan(0.2);
    expect(pose.reprojectionErrorPx).toBeGreaterThan(0.05);
  });

  it('finds no pose for corners that are not four', () => {
    expect(solveMarkerPose({ corners: [{ x: 0, y: 0 }], sideM: 0.3, focalPx, imageWidth: width, imageHeight: height })).toBeNull();
  });
});
