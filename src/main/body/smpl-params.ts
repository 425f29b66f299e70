import { encodeNpy, npyToFloat64 } from './npy.js';
import { encodeNpz, NpzArchive } from './npz.js';

export interface SmplParams {
  /** Shape coefficients (10 for SMPL; as many as the body model has for ours). */
  betas: ArrayLike<number>;
  /** 23 joints × 3 axis-angle (69 values). */
  bodyPose: ArrayLike<number>;
  /** 3 axis-angle values. */
  globalOrient: ArrayLike<number>;
}

/**
 * `smplx_params.npz`: an uncompressed zip of float32 `.npy` arrays shaped like SMPL-X parameter
 * files, each with a leading batch axis: betas (1, B), body_pose (1, 69), global_orient (1, 3).
 * `np.load('smplx_params.npz')['betas']` reads them back.
 */
export function encodeSmplParamsNpz(params: SmplParams): Uint8Array {
  if (params.bodyPose.length !== 69) throw new RangeError(`body_pose needs 69 values (23 joints × 3), got ${params.bodyPose.length}`);
  if (params.globalOrient.length !== 3) throw new RangeError(`global_orient needs 3 values, got ${params.globalOrient.length}`);
  if (params.betas.length < 1) throw new RangeError('betas must not be empty');
  return encodeNpz(
    {
      betas: encodeNpy(Float32Array.from(params.betas), [1, params.betas.length]),
      body_pose: encodeNpy(Float32Array.from(params.bodyPose), [1, 69]),
      global_orient: encodeNpy(Float32Array.from(params.globalOrient), [1, 3]),
    },
    { compress: false },
  );
}

/** Reads an `smplx_params.npz` (ours or one written by numpy) back into flat arrays. */
export function decodeSmplParamsNpz(bytes: Uint8Array): { betas: Float64Array; bodyPose: Float64Array; globalOrient: Float64Array } {
  const archive = NpzArchive.fromBytes(bytes);
  const field = (name: string): Float64Array => {
    const array = archive.get(name);
    if (!array) throw new Error(`smplx_params.npz has no "${name}"`);
    return npyToFloat64(array);
  };
  return { betas: field('betas'), bodyPose: field('body_pose'), globalOrient: field('global_orient') };
}
