import { describe, expect, it } from 'vitest';
import { axisAngleToMatrix } from '../../../../src/main/body/pose.js';
import { matrixToAxisAngle, rot6dToMatrix } from '../../../../src/main/inference/hmr2/rotations.js';
import { smplParametersFromOutputs } from '../../../../src/main/inference/hmr2/smpl-outputs.js';

const close = (values: ArrayLike<number>, digits = 12) => Array.from(values, (value) => expect.closeTo(value, digits));

describe('rotation matrix → axis-angle', () => {
  it('the identity is no rotation', () => {
    expect(matrixToAxisAngle([1, 0, 0, 0, 1, 0, 0, 0, 1])).toEqual([0, 0, 0]);
  });

  it('90° about z', () => {
    expect(matrixToAxisAngle([0, -1, 0, 1, 0, 0, 0, 0, 1])).toEqual(close([0, 0, Math.PI / 2]));
  });

  it("180° about x (SMPL's upright global orientation in camera coordinates)", () => {
    expect(matrixToAxisAngle([1, 0, 0, 0, -1, 0, 0, 0, -1])).toEqual(close([Math.PI, 0, 0]));
  });

  it('180° about the diagonal (1, 1, 0)/√2: R = 2nnᵀ − I', () => {
    const [x, y, z] = matrixToAxisAngle([0, 1, 0, 1, 0, 0, 0, 0, -1]);
    expect(Math.hypot(x, y, z)).toBeCloseTo(Math.PI, 12);
    expect(Math.abs(x)).toBeCloseTo(Math.PI / Math.SQRT2, 12);
    expect(y).toBeCloseTo(x, 12);
    expect(z).toBeCloseTo(0, 12);
  });

  it('1e−7 rad about y keeps its precision', () => {
    const angle = 1e-7;
    const [x, y, z] = matrixToAxisAngle([Math.cos(angle), 0, Math.sin(angle), 0, 1, 0, -Math.sin(angle), 0, Math.cos(angle)]);
    expect([x, z]).toEqual([0, 0]);
    expect(y / angle).toBeCloseTo(1, 9);
  });

  it("inverts Rodrigues' formula (src/main/body/pose.ts) for rotations up to π", () => {
    const vectors = [
      [0.3, -0.2, 0.1],
      [-1.2, 0.4, 2.0],
      [0, 0, -3.1],
      [2.2, 1.9, -0.7],
    ];
    for (const [x, y, z] of vectors) {
      expect(matrixToAxisAngle(axisAngleToMatrix(x!, y!, z!))).toEqual(close([x!, y!, z!], 10));
    }
  });
});

describe('6-D rotation → matrix (4D-Humans rot6d_to_rotmat)', () => {
  it('(a1, a2) = ((1, 0, 0), (0, 1, 0)) is the identity', () => {
    expect(Array.from(rot6dToMatrix([1, 0, 0, 0, 1, 0]))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('Gram–Schmidt: lengths and the a1 component of a2 do not matter', () => {
    expect(Array.from(rot6dToMatrix([2, 0, 0, 1, 3, 0]))).toEqual(close([1, 0, 0, 0, 1, 0, 0, 0, 1]));
  });

  it('a1 and a2 are the first two columns: ((0, 1, 0), (−5, 0, 0)) is 90° about z', () => {
    const matrix = rot6dToMatrix([0, 1, 0, -5, 0, 0]);
    expect(Array.from(matrix)).toEqual(close([0, -1, 0, 1, 0, 0, 0, 0, 1]));
    expect(matrixToAxisAngle(matrix)).toEqual(close([0, 0, Math.PI / 2]));
  });

  it("reads a rotation matrix's first two columns back to the same matrix", () => {
    const m = axisAngleToMatrix(0.4, -1.1, 0.8);
    const six = [m[0]!, m[3]!, m[6]!, m[1]!, m[4]!, m[7]!];
    expect(Array.from(rot6dToMatrix(six))).toEqual(close(m, 12));
  });
});

describe('HMR 2.0 outputs → SMPL parameters', () => {
  const rotZ = (angle: number): number[] => [Math.cos(angle), -Math.sin(angle), 0, Math.sin(angle), Math.cos(angle), 0, 0, 0, 1];
  const betas = { dims: [1, 10], data: Array.from({ length: 10 }, (_, k) => k / 10) };
  const camera = { dims: [1, 3], data: [0.9, 0.01, -0.02] };

  it('rotation matrices (B, 1, 3, 3) and (B, 23, 3, 3) become 3 and 69 axis-angle values', () => {
    const params = smplParametersFromOutputs({
      betas,
      camera,
      globalOrient: { dims: [1, 1, 3, 3], data: [1, 0, 0, 0, -1, 0, 0, 0, -1] },
      bodyPose: { dims: [1, 23, 3, 3], data: Array.from({ length: 23 }, (_, joint) => rotZ(0.05 * joint)).flat() },
    });
    expect(params.betas).toEqual(betas.data);
    expect(params.camera).toEqual(camera.data);
    expect(params.globalOrient).toEqual(close([Math.PI, 0, 0]));
    expect(params.bodyPose).toHaveLength(69);
    expect(params.bodyPose.slice(3 * 7, 3 * 7 + 3)).toEqual(close([0, 0, 0.35]));
  });

  it('6-D rotations (B, 1, 6) and (B, 23, 6) give the same parameters', () => {
    const params = smplParametersFromOutputs({
      betas,
      camera,
      globalOrient: { dims: [1, 1, 6], data: [1, 0, 0, 0, -1, 0] },
      bodyPose: {
        dims: [1, 23, 6],
        data: Array.from({ length: 23 }, (_, joint) => [
          Math.cos(0.05 * joint),
          Math.sin(0.05 * joint),
          0,
          -Math.sin(0.05 * joint),
          Math.cos(0.05 * joint),
          0,
        ]).flat(),
      },
    });
    expect(params.globalOrient).toEqual(close([Math.PI, 0, 0]));
    expect(params.bodyPose.slice(3 * 7, 3 * 7 + 3)).toEqual(close([0, 0, 0.35]));
  });

  it('refuses non-finite numbers and shapes that are not rotations', () => {
    const identity = { dims: [1, 1, 3, 3], data: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const pose = { dims: [1, 23, 3, 3], data: Array.from({ length: 23 }, () => identity.data).flat() };
    expect(() =>
      smplParametersFromOutputs({
        betas: { dims: [1, 10], data: [Number.NaN, ...betas.data.slice(1)] },
        camera,
        globalOrient: identity,
        bodyPose: pose,
      }),
    ).toThrow(/non-finite betas/);
    expect(() =>
      smplParametersFromOutputs({ betas, camera, globalOrient: { dims: [1, 1, 4], data: [1, 0, 0, 0] }, bodyPose: pose }),
    ).toThrow(/global_orient has shape \[1, 1, 4\]/);
  });
});
