import { matrixToAxisAngle, rot6dToMatrix } from './rotations.js';

/**
 * HMR 2.0's SMPL parameters for the first person of a batch, turned into what the avatar stores:
 * 10 betas, global_orient as one axis-angle vector (3), body_pose as 23 (69 values). The exported
 * graph returns rotation matrices, as 4D-Humans' pred_smpl_params do ((B, 1, 3, 3) and
 * (B, 23, 3, 3)); an export that stops before the head's rot6d_to_rotmat ((B, 1, 6), (B, 23, 6))
 * is read too, the last dimension says which.
 */

export interface OutputTensor {
  dims: readonly number[];
  data: ArrayLike<number>;
}

export interface SmplParameters {
  betas: number[];
  globalOrient: number[];
  bodyPose: number[];
  /** Weak-perspective camera (s, tx, ty) of the crop. */
  camera: number[];
}

export const smplBodyJointCount = 23;
export const hmr2BetaCount = 10;

function rotationsToAxisAngle(tensor: OutputTensor, joints: number, name: string): number[] {
  const dims = tensor.dims;
  const isMatrix = dims.length >= 3 && dims[dims.length - 1] === 3 && dims[dims.length - 2] === 3;
  const isSixD = dims[dims.length - 1] === 6;
  const perJoint = isMatrix ? 9 : isSixD ? 6 : 0;
  if (perJoint === 0)
    throw new Error(`${name} has shape [${dims.join(', ')}]: expected (…, 3, 3) rotation matrices or (…, 6) 6-D rotations`);
  if (tensor.data.length < joints * perJoint) throw new Error(`${name} holds ${tensor.data.length} values, fewer than ${joints} rotations`);
  const values: number[] = [];
  for (let joint = 0; joint < joints; joint++) {
    const matrix = isMatrix ? Array.from({ length: 9 }, (_, k) => tensor.data[joint * 9 + k]!) : rot6dToMatrix(tensor.data, joint * 6);
    values.push(...matrixToAxisAngle(matrix));
  }
  return values;
}

function firstRow(tensor: OutputTensor, count: number, name: string): number[] {
  if (tensor.data.length < count) throw new Error(`${name} holds ${tensor.data.length} values, expected ${count}`);
  return Array.from({ length: count }, (_, k) => tensor.data[k]!);
}

export function smplParametersFromOutputs(outputs: {
  betas: OutputTensor;
  globalOrient: OutputTensor;
  bodyPose: OutputTensor;
  camera: OutputTensor;
}): SmplParameters {
  const result: SmplParameters = {
    betas: firstRow(outputs.betas, hmr2BetaCount, 'betas'),
    globalOrient: rotationsToAxisAngle(outputs.globalOrient, 1, 'global_orient'),
    bodyPose: rotationsToAxisAngle(outputs.bodyPose, smplBodyJointCount, 'body_pose'),
    camera: firstRow(outputs.camera, 3, 'pred_cam'),
  };
  for (const [name, values] of Object.entries(result)) {
    if (!(values as number[]).every(Number.isFinite)) throw new Error(`HMR 2.0 returned non-finite ${name}`);
  }
  return result;
}
