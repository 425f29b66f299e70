import { exportGlb } from './export-glb.js';
import { exportObj } from './export-obj.js';
import type { BodyModel } from './model.js';
import { encodeSmplParamsNpz, type SmplParams } from './smpl-params.js';

/** One file of a body, as the avatar stores it and the API serves it. */
export interface BodyArtifact {
  name: 'mesh.obj' | 'mesh.glb' | 'smplx_params.npz';
  contentType: string;
  bytes: Uint8Array;
}

/** SMPL's body_pose: 23 joints × 3 axis-angle values. */
export const bodyPoseLength = 69;

/**
 * The one recipe for a body's files (every pipeline and `perfit body`): the rest-pose mesh as OBJ
 * and glTF, and its shape and pose parameters as `smplx_params.npz`.
 */
export function bodyArtifacts(model: BodyModel, restVertices: ArrayLike<number>, params: SmplParams): BodyArtifact[] {
  return [
    { name: 'mesh.obj', contentType: 'model/obj', bytes: new TextEncoder().encode(exportObj(model, restVertices)) },
    { name: 'mesh.glb', contentType: 'model/gltf-binary', bytes: exportGlb(model, restVertices) },
    { name: 'smplx_params.npz', contentType: 'application/octet-stream', bytes: encodeSmplParamsNpz(params) },
  ];
}

/** Parameters of a body in the rest pose (no joint turned). */
export function restPoseParams(betas: ArrayLike<number>): SmplParams {
  return { betas, bodyPose: new Float64Array(bodyPoseLength), globalOrient: new Float64Array(3) };
}
