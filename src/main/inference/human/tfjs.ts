import type * as tfCore from '@tensorflow/tfjs-core';

/**
 * The tfjs instance Human runs on (`human.tf`): @tensorflow/tfjs-core with the converter and the
 * WASM backend merged in. Human types it as `any`; the core's types cover what this runtime uses.
 * Always go through `human.tf`, never a separate import, so a bundler cannot create a second copy.
 */
export type Tf = typeof tfCore;
export type Tensor = tfCore.Tensor;
export type Tensor1D = tfCore.Tensor1D;
export type Tensor2D = tfCore.Tensor2D;
export type Tensor4D = tfCore.Tensor4D;
