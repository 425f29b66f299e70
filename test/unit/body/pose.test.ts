import { describe, expect, it } from 'vitest';
import { loadOpenBodyModel } from '../../../src/main/body/load-model.js';
import { axisAngleToMatrix, poseBody } from '../../../src/main/body/pose.js';
import { regressJoints, shapeBody } from '../../../src/main/body/shape.js';
import { jointIndex } from '../../../src/main/body/skeleton.js';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const point = (array: ArrayLike<number>, index: number): [number, number, number] => [
  array[index * 3]!,
  array[index * 3 + 1]!,
  array[index * 3 + 2]!,
];
const distance = (a: number[], b: number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

describe('shapeBody and regressJoints', () => {
  it('give the template at betas = 0 and move linearly with betas', async () => {
    const model = await loadOpenBodyModel('neutral');
    expect(shapeBody(model, [])).toEqual(model.vTemplate);
    const one = shapeBody(model, [1]);
    const two = shapeBody(model, [2]);
    for (const row of [0, 100, 5000, model.vertexCount * 3 - 1]) {
      expect(two[row]! - model.vTemplate[row]!).toBeCloseTo(2 * (one[row]! - model.vTemplate[row]!), 5);
    }
    // A taller first component: the first beta is size.
    expect(Math.max(...one.filter((_, k) => k % 3 === 1))).not.toBeCloseTo(Math.max(...model.vTemplate.filter((_, k) => k % 3 === 1)), 3);
  });

  it('regress joints with affine weights (rows sum to 1) and skinning weights that sum to 1', async () => {
    const model = await loadOpenBodyModel('male');
    for (let joint = 0; joint < model.jointCount; joint++) {
      let sum = 0;
      for (let k = model.jRegressor.rowStart[joint]!; k < model.jRegressor.rowStart[joint + 1]!; k++) sum += model.jRegressor.values[k]!;
      expect(sum).toBeCloseTo(1, 4);
    }
    for (let vertex = 0; vertex < model.vertexCount; vertex += 97) {
      let sum = 0;
      for (let joint = 0; joint < 24; joint++) sum += model.weights[vertex * 24 + joint]!;
      expect(sum).toBeCloseTo(1, 5);
    }
    const joints = regressJoints(model, model.vTemplate);
    const left = point(joints, jointIndex('left_shoulder'));
    const right = point(joints, jointIndex('right_shoulder'));
    expect(left[0]).toBeGreaterThan(0); // SMPL: the body's left is +x
    expect(left[0]).toBeCloseTo(-right[0], 5);
    expect(point(joints, jointIndex('head'))[1]).toBeGreaterThan(point(joints, jointIndex('neck'))[1]);
  });
});

describe('poseBody (linear blend skinning)', () => {
  it('is the shaped T-pose when every rotation is zero', async () => {
    const model = await loadOpenBodyModel('female');
    const betas = [0.5, -1, 0.3];
    const posed = poseBody(model, { betas, bodyPose: zeros(69), globalOrient: zeros(3) });
    const shaped = shapeBody(model, betas);
    for (let k = 0; k < shaped.length; k += 101) expect(posed.vertices[k]).toBeCloseTo(shaped[k]!, 6);
    expect(Array.from(posed.joints)).toEqual(Array.from(regressJoints(model, shaped)).map((v) => expect.closeTo(v, 6)));
  });

  it('turns the whole body rigidly about the pelvis with global_orient', async () => {
    const model = await loadOpenBodyModel('male');
    const rotation = axisAngleToMatrix(0, Math.PI / 2, 0);
    const posed = poseBody(model, { betas: [], globalOrient: [0, Math.PI / 2, 0] });
    const pelvis = point(regressJoints(model, model.vTemplate), 0);
    for (const vertex of [0, 1234, 4321]) {
      const v = point(model.vTemplate, vertex).map((value, c) => value - pelvis[c]!);
      const expected = [0, 1, 2].map(
        (r) => rotation[r * 3]! * v[0]! + rotation[r * 3 + 1]! * v[1]! + rotation[r * 3 + 2]! * v[2]! + pelvis[r]!,
      );
      expect(
        point(posed.vertices, vertex)
          .map((value, c) => value - expected[c]!)
          .every((d) => Math.abs(d) < 1e-5),
      ).toBe(true);
    }
  });

  it('bends the left elbow: the wrist swings about the elbow, the forearm keeps its length, the other arm stays', async () => {
    const model = await loadOpenBodyModel('neutral');
    const bodyPose = zeros(69);
    const elbow = jointIndex('left_elbow');
    bodyPose[(elbow - 1) * 3 + 1] = -Math.PI / 2; // about y: the forearm turns towards +z (forward)
    const rest = poseBody(model, { betas: [] });
    const bent = poseBody(model, { betas: [], bodyPose });
    const wrist = jointIndex('left_wrist');
    const restForearm = distance(point(rest.joints, elbow), point(rest.joints, wrist));
    expect(distance(point(bent.joints, elbow), point(bent.joints, wrist))).toBeCloseTo(restForearm, 6);
    const swing = point(bent.joints, wrist).map((value, c) => value - point(bent.joints, elbow)[c]!);
    expect(swing[2]).toBeCloseTo(restForearm, 4);
    expect(Math.abs(swing[0]!)).toBeLessThan(1e-4);
    const rightWrist = jointIndex('right_wrist');
    expect(point(bent.joints, rightWrist)).toEqual(point(rest.joints, rightWrist));
    // The fingertip vertex (far end of the left arm) follows the hand.
    let tip = 0;
    for (let v = 0; v < model.vertexCount; v++) if (model.vTemplate[v * 3]! > model.vTemplate[tip * 3]!) tip = v;
    expect(bent.vertices[tip * 3 + 2]).toBeGreaterThan(rest.vertices[tip * 3 + 2]! + 0.2);
  });
});
