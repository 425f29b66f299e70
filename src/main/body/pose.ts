import type { BodyModel } from './model.js';
import { regressJoints, shapeBody } from './shape.js';

export interface BodyParams {
  betas: ArrayLike<number>;
  /** 23×3 axis-angle rotations of joints 1..23 (SMPL's body_pose), radians; zeros for the T-pose. */
  bodyPose?: ArrayLike<number>;
  /** Axis-angle rotation of the root (SMPL's global_orient). */
  globalOrient?: ArrayLike<number>;
  /** Rest vertices to pose instead of the betas' shape (a body edited outside the shape space); joints come from them. */
  restVertices?: Float32Array;
}

export interface PosedBody {
  vertices: Float32Array;
  joints: Float32Array;
}

/** Rotation matrix (row-major 3×3) of an axis-angle vector (Rodrigues). */
export function axisAngleToMatrix(x: number, y: number, z: number): Float64Array {
  const angle = Math.hypot(x, y, z);
  if (angle < 1e-12) return Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
  const kx = x / angle;
  const ky = y / angle;
  const kz = z / angle;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return Float64Array.of(
    c + kx * kx * t,
    kx * ky * t - kz * s,
    kx * kz * t + ky * s,
    ky * kx * t + kz * s,
    c + ky * ky * t,
    ky * kz * t - kx * s,
    kz * kx * t - ky * s,
    kz * ky * t + kx * s,
    c + kz * kz * t,
  );
}

/** The product of two row-major 3×3 matrices. */
export function multiply3(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  return out;
}

/**
 * Shape, then pose: SMPL's forward pass. Joints come from the regressor on the shaped T-pose,
 * rotations are applied down the kinematic tree, and vertices follow by linear blend skinning
 * (plus the pose-corrective offsets when the model has posedirs).
 */
export function poseBody(model: BodyModel, params: BodyParams): PosedBody {
  const J = model.jointCount;
  const shaped = params.restVertices ? Float32Array.from(params.restVertices) : shapeBody(model, params.betas);
  const restJoints = regressJoints(model, shaped);
  const rotations: Float64Array[] = [];
  for (let joint = 0; joint < J; joint++) {
    const source = joint === 0 ? params.globalOrient : params.bodyPose;
    const offset = joint === 0 ? 0 : (joint - 1) * 3;
    const x = source?.[offset] ?? 0;
    const y = source?.[offset + 1] ?? 0;
    const z = source?.[offset + 2] ?? 0;
    rotations.push(axisAngleToMatrix(x, y, z));
  }

  if (model.posedirs && model.posedirCount === 9 * (J - 1)) {
    const P = model.posedirCount;
    const features = new Float64Array(P);
    for (let joint = 1; joint < J; joint++) {
      const r = rotations[joint]!;
      for (let k = 0; k < 9; k++) features[(joint - 1) * 9 + k] = r[k]! - (k % 4 === 0 ? 1 : 0);
    }
    if (features.some((value) => value !== 0)) {
      for (let row = 0; row < shaped.length; row++) {
        let sum = 0;
        for (let p = 0; p < P; p++) sum += model.posedirs[row * P + p]! * features[p]!;
        shaped[row] = shaped[row]! + sum;
      }
    }
  }

  // World rotation and translation of each joint.
  const worldRotation: Float64Array[] = [];
  const worldTranslation = new Float64Array(J * 3);
  for (let joint = 0; joint < J; joint++) {
    const parent = model.parents[joint]!;
    const jx = restJoints[joint * 3]!;
    const jy = restJoints[joint * 3 + 1]!;
    const jz = restJoints[joint * 3 + 2]!;
    if (parent < 0) {
      worldRotation.push(rotations[joint]!);
      worldTranslation.set([jx, jy, jz], joint * 3);
      continue;
    }
    const pr = worldRotation[parent]!;
    const lx = jx - restJoints[parent * 3]!;
    const ly = jy - restJoints[parent * 3 + 1]!;
    const lz = jz - restJoints[parent * 3 + 2]!;
    worldRotation.push(multiply3(pr, rotations[joint]!));
    for (let r = 0; r < 3; r++)
      worldTranslation[joint * 3 + r] = pr[r * 3]! * lx + pr[r * 3 + 1]! * ly + pr[r * 3 + 2]! * lz + worldTranslation[parent * 3 + r]!;
  }
  // Skinning transforms: x ↦ R x + (t − R j_rest), as 3×4 row-major.
  const skin = new Float64Array(J * 12);
  for (let joint = 0; joint < J; joint++) {
    const r = worldRotation[joint]!;
    for (let row = 0; row < 3; row++) {
      const t =
        worldTranslation[joint * 3 + row]! -
        (r[row * 3]! * restJoints[joint * 3]! +
          r[row * 3 + 1]! * restJoints[joint * 3 + 1]! +
          r[row * 3 + 2]! * restJoints[joint * 3 + 2]!);
      skin.set([r[row * 3]!, r[row * 3 + 1]!, r[row * 3 + 2]!, t], joint * 12 + row * 4);
    }
  }
  const V = model.vertexCount;
  const vertices = new Float32Array(V * 3);
  const m = new Float64Array(12);
  for (let vertex = 0; vertex < V; vertex++) {
    m.fill(0);
    for (let joint = 0; joint < J; joint++) {
      const weight = model.weights[vertex * J + joint]!;
      if (weight === 0) continue;
      for (let k = 0; k < 12; k++) m[k] = m[k]! + weight * skin[joint * 12 + k]!;
    }
    const x = shaped[vertex * 3]!;
    const y = shaped[vertex * 3 + 1]!;
    const z = shaped[vertex * 3 + 2]!;
    for (let row = 0; row < 3; row++)
      vertices[vertex * 3 + row] = m[row * 4]! * x + m[row * 4 + 1]! * y + m[row * 4 + 2]! * z + m[row * 4 + 3]!;
  }
  return { vertices, joints: Float32Array.from(worldTranslation) };
}
