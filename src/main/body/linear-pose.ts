import type { BodyModel } from './model.js';
import { axisAngleToMatrix, multiply3 } from './pose.js';
import { regressJoints } from './shape.js';

/**
 * A posed body as an affine function of its betas. For fixed joint rotations SMPL's forward pass
 * is linear in the shape: the rest vertices are v_template + shapedirs·β, the rest joints are the
 * regressor of those, and each skinning transform's translation is linear in the rest joints. So
 * posed(β) = base + directions·β exactly; a silhouette fit can relinearise without re-skinning.
 */
export interface LinearPosedBody {
  vertexCount: number;
  betaCount: number;
  /** V×3 posed vertices at β = 0 (metres). */
  base: Float64Array;
  /** V×3×B: change of each posed coordinate per unit beta. */
  directions: Float64Array;
}

export interface PoseAngles {
  /** 23×3 axis-angle rotations of joints 1..23 (SMPL's body_pose), radians. */
  bodyPose: ArrayLike<number>;
  /** Axis-angle rotation of the root (SMPL's global_orient). */
  globalOrient: ArrayLike<number>;
}

/** World rotation of every joint (row-major 3×3) for the pose. */
function worldRotations(model: BodyModel, pose: PoseAngles): Float64Array[] {
  const world: Float64Array[] = [];
  for (let joint = 0; joint < model.jointCount; joint++) {
    const source = joint === 0 ? pose.globalOrient : pose.bodyPose;
    const offset = joint === 0 ? 0 : (joint - 1) * 3;
    const local = axisAngleToMatrix(source[offset] ?? 0, source[offset + 1] ?? 0, source[offset + 2] ?? 0);
    const parent = model.parents[joint]!;
    world.push(parent < 0 ? local : multiply3(world[parent]!, local));
  }
  return world;
}

/**
 * Skinning translations t_j = T_j − G_j·j_j for rest joints `joints` (J×3), where T_j is the
 * joint's posed position (the root stays where it rests). Linear and homogeneous in `joints`.
 */
function skinTranslations(model: BodyModel, rotations: Float64Array[], joints: ArrayLike<number>): Float64Array {
  const J = model.jointCount;
  const posed = new Float64Array(J * 3);
  const out = new Float64Array(J * 3);
  for (let joint = 0; joint < J; joint++) {
    const parent = model.parents[joint]!;
    if (parent < 0) {
      for (let r = 0; r < 3; r++) posed[joint * 3 + r] = joints[joint * 3 + r]!;
    } else {
      const pr = rotations[parent]!;
      const l = [0, 1, 2].map((r) => joints[joint * 3 + r]! - joints[parent * 3 + r]!);
      for (let r = 0; r < 3; r++)
        posed[joint * 3 + r] = pr[r * 3]! * l[0]! + pr[r * 3 + 1]! * l[1]! + pr[r * 3 + 2]! * l[2]! + posed[parent * 3 + r]!;
    }
    const g = rotations[joint]!;
    for (let r = 0; r < 3; r++) {
      out[joint * 3 + r] =
        posed[joint * 3 + r]! -
        (g[r * 3]! * joints[joint * 3]! + g[r * 3 + 1]! * joints[joint * 3 + 1]! + g[r * 3 + 2]! * joints[joint * 3 + 2]!);
    }
  }
  return out;
}

/**
 * What `linearPosedBody` needs of a model whatever the pose: the rest joints of the mean shape and
 * of each unit beta (the joint regressor applied to them), and each vertex's non-zero skinning
 * weights (about 7 of the 24 joints per vertex on the open body model).
 */
interface PoseFreeParts {
  /** regressJoints of vTemplate, then of each beta's shape direction (J×3 each). */
  restJoints: Float32Array[];
  /** Vertex v's weights are `weightValues[weightStart[v] .. weightStart[v + 1])`, for the joints in `weightJoints`, ascending. */
  weightStart: Int32Array;
  weightJoints: Int32Array;
  weightValues: Float64Array;
}

const poseFreeParts = new WeakMap<BodyModel, PoseFreeParts>();

function poseFreePartsOf(model: BodyModel): PoseFreeParts {
  let parts = poseFreeParts.get(model);
  if (parts) return parts;
  const V = model.vertexCount;
  const J = model.jointCount;
  const B = model.betaCount;
  const restJoints = [regressJoints(model, model.vTemplate)];
  const direction = new Float32Array(V * 3);
  for (let b = 0; b < B; b++) {
    for (let row = 0; row < V * 3; row++) direction[row] = model.shapedirs[row * B + b]!;
    restJoints.push(regressJoints(model, direction));
  }
  const weightStart = new Int32Array(V + 1);
  const joints: number[] = [];
  const values: number[] = [];
  for (let vertex = 0; vertex < V; vertex++) {
    for (let joint = 0; joint < J; joint++) {
      const weight = model.weights[vertex * J + joint]!;
      if (weight === 0) continue;
      joints.push(joint);
      values.push(weight);
    }
    weightStart[vertex + 1] = joints.length;
  }
  parts = { restJoints, weightStart, weightJoints: Int32Array.from(joints), weightValues: Float64Array.from(values) };
  poseFreeParts.set(model, parts);
  return parts;
}

/** The posed body of `model` in `pose` as base + directions·β (same result as poseBody, for any β). */
export function linearPosedBody(model: BodyModel, pose: PoseAngles): LinearPosedBody {
  const V = model.vertexCount;
  const J = model.jointCount;
  const B = model.betaCount;
  const rotations = worldRotations(model, pose);
  const rest = Float64Array.from(model.vTemplate);
  if (model.posedirs && model.posedirCount === 9 * (J - 1)) {
    const P = model.posedirCount;
    const features = new Float64Array(P);
    for (let joint = 1; joint < J; joint++) {
      const source = pose.bodyPose;
      const local = axisAngleToMatrix(source[(joint - 1) * 3] ?? 0, source[(joint - 1) * 3 + 1] ?? 0, source[(joint - 1) * 3 + 2] ?? 0);
      for (let k = 0; k < 9; k++) features[(joint - 1) * 9 + k] = local[k]! - (k % 4 === 0 ? 1 : 0);
    }
    for (let row = 0; row < rest.length; row++) {
      let sum = 0;
      for (let p = 0; p < P; p++) sum += model.posedirs[row * P + p]! * features[p]!;
      rest[row] = rest[row]! + sum;
    }
  }
  const { restJoints, weightStart, weightJoints, weightValues } = poseFreePartsOf(model);
  // Every joint's skinning translation for the mean shape and per unit of each beta, side by side
  // (joint-major: T = B + 1 triples per joint), so that a vertex blends them in one pass.
  const T = B + 1;
  const translations = new Float64Array(J * 3 * T);
  for (let column = 0; column < T; column++) {
    const perJoint = skinTranslations(model, rotations, restJoints[column]!);
    for (let joint = 0; joint < J; joint++)
      for (let r = 0; r < 3; r++) translations[(joint * T + column) * 3 + r] = perJoint[joint * 3 + r]!;
  }
  // The joints' rotations side by side (J×9), read by index in the vertex loop.
  const jointRotations = new Float64Array(J * 9);
  for (let joint = 0; joint < J; joint++) jointRotations.set(rotations[joint]!, joint * 9);

  const base = new Float64Array(V * 3);
  const directions = new Float64Array(V * 3 * B);
  const blend = new Float64Array(9);
  const translation = new Float64Array(3 * T);
  const { shapedirs } = model;
  const width = 3 * T;
  for (let vertex = 0; vertex < V; vertex++) {
    blend.fill(0);
    translation.fill(0);
    for (let k = weightStart[vertex]!, end = weightStart[vertex + 1]!; k < end; k++) {
      const joint = weightJoints[k]!;
      const weight = weightValues[k]!;
      const g = joint * 9;
      for (let i = 0; i < 9; i++) blend[i] = blend[i]! + weight * jointRotations[g + i]!;
      const offset = joint * width;
      for (let i = 0; i < width; i++) translation[i] = translation[i]! + weight * translations[offset + i]!;
    }
    const x = rest[vertex * 3]!;
    const y = rest[vertex * 3 + 1]!;
    const z = rest[vertex * 3 + 2]!;
    const g0 = blend[0]!;
    const g1 = blend[1]!;
    const g2 = blend[2]!;
    const g3 = blend[3]!;
    const g4 = blend[4]!;
    const g5 = blend[5]!;
    const g6 = blend[6]!;
    const g7 = blend[7]!;
    const g8 = blend[8]!;
    base[vertex * 3] = g0 * x + g1 * y + g2 * z + translation[0]!;
    base[vertex * 3 + 1] = g3 * x + g4 * y + g5 * z + translation[1]!;
    base[vertex * 3 + 2] = g6 * x + g7 * y + g8 * z + translation[2]!;
    const rowX = vertex * 3 * B;
    for (let b = 0; b < B; b++) {
      const sx = shapedirs[rowX + b]!;
      const sy = shapedirs[rowX + B + b]!;
      const sz = shapedirs[rowX + 2 * B + b]!;
      const moved = (b + 1) * 3;
      directions[rowX + b] = g0 * sx + g1 * sy + g2 * sz + translation[moved]!;
      directions[rowX + B + b] = g3 * sx + g4 * sy + g5 * sz + translation[moved + 1]!;
      directions[rowX + 2 * B + b] = g6 * sx + g7 * sy + g8 * sz + translation[moved + 2]!;
    }
  }
  return { vertexCount: V, betaCount: B, base, directions };
}

/** Posed vertices (V×3, metres) of a linear posed body for `betas` (missing ones are zero). */
export function posedVertices(body: LinearPosedBody, betas: ArrayLike<number>): Float64Array {
  const B = body.betaCount;
  const count = Math.min(B, betas.length);
  const out = Float64Array.from(body.base);
  for (let row = 0; row < out.length; row++) {
    let sum = 0;
    for (let b = 0; b < count; b++) sum += body.directions[row * B + b]! * betas[b]!;
    out[row] = out[row]! + sum;
  }
  return out;
}
