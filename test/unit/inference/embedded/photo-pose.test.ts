import { describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../../src/main/body/load-model.js';
import { jointIndex } from '../../../../src/main/body/skeleton.js';
import { photoPose, profileFacing } from '../../../../src/main/inference/embedded/photo-pose.js';
import type { BlazePosePart } from '../../../../src/main/inference/human/blazepose-landmarks.js';
import type { BodyPose } from '../../../../src/main/inference/human/human-runtime.js';
import { frontLegLines } from '../../../../src/main/inference/embedded/silhouette-edges.js';
import { armsDown, photographBody } from './synthetic-photo.js';

const degrees = (radians: number): number => (radians * 180) / Math.PI;

describe("the model's pose from a photo's keypoints", () => {
  it("reads the arms' angle of a front photo, and a mirrored photo gives the same pose", async () => {
    const model = await loadOpenBodyModel('female');
    const photo = photographBody(model, new Array<number>(20).fill(0), armsDown(25), 0);
    const staturePx = photo.silhouette.bottom / photo.silhouette.scale - photo.silhouette.top / photo.silhouette.scale;
    const pose = photoPose(model, photo.body, 'front', frontLegLines(photo.silhouette, photo.body, staturePx));
    const shoulderZ = (bodyPose: Float64Array, side: 'left' | 'right'): number =>
      degrees(bodyPose[(jointIndex(`${side}_shoulder`) - 1) * 3 + 2]!);
    // Perspective tilts the projected arm a little: within 3°.
    expect(Math.abs(shoulderZ(pose.bodyPose, 'left') + 25)).toBeLessThan(3);
    expect(Math.abs(shoulderZ(pose.bodyPose, 'right') - 25)).toBeLessThan(3);
    expect(pose.poseDeviationDeg).toBeLessThan(5);

    const mirrored = { ...photo.body, keypoints: photo.body.keypoints.map((point) => ({ ...point, x: photo.imageWidth - point.x })) };
    const mirroredPose = photoPose(model, mirrored, 'front', null);
    for (const side of ['left', 'right'] as const)
      expect(shoulderZ(mirroredPose.bodyPose, side)).toBeCloseTo(shoulderZ(pose.bodyPose, side), 1);
  });

  it("faces the profile the way the nose points, and counts the arms' swing as the stance's deviation", async () => {
    const model = await loadOpenBodyModel('male');
    const swung = armsDown(75);
    // Both arms swung 25° forward (a turn about x of the shoulder, after lowering them).
    swung[(jointIndex('left_shoulder') - 1) * 3] = -0.44;
    swung[(jointIndex('right_shoulder') - 1) * 3] = -0.44;
    const hanging = photoPose(model, photographBody(model, new Array<number>(20).fill(0), armsDown(75), 90).body, 'side');
    const forward = photoPose(model, photographBody(model, new Array<number>(20).fill(0), swung, 90).body, 'side');
    expect(hanging.facing).toBe(1);
    expect(degrees(hanging.globalOrient[1]!)).toBeCloseTo(90, 5);
    expect(hanging.poseDeviationDeg).toBeLessThan(5);
    expect(forward.poseDeviationDeg).toBeGreaterThan(12);
  });
});

describe('which way a profile faces', () => {
  const profile = (points: Array<[BlazePosePart, number]>): BodyPose => ({
    score: 0.9,
    box: { x: 0, y: 0, width: 200, height: 1000 },
    keypoints: points.map(([part, x]) => ({ part, x, y: 500, z: null, score: 0.9 })),
  });

  it('reads the nose against the ears', () => {
    expect(
      profileFacing(
        profile([
          ['nose', 120],
          ['leftEar', 100],
          ['rightEar', 98],
        ]),
      ),
    ).toBe(1);
    expect(
      profileFacing(
        profile([
          ['nose', 80],
          ['leftEar', 100],
        ]),
      ),
    ).toBe(-1);
  });

  it('reads the toes against the heels when the head is not seen', () => {
    expect(
      profileFacing(
        profile([
          ['leftFoot', 130],
          ['leftHeel', 100],
        ]),
      ),
    ).toBe(1);
    expect(
      profileFacing(
        profile([
          ['rightFoot', 70],
          ['rightHeel', 100],
        ]),
      ),
    ).toBe(-1);
  });
});
