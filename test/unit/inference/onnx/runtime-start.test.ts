import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../../../../src/main/inference/onnx/onnx-graph-builder.js';
import { identityModelBase64, startOnnxRuntime } from '../../../../src/main/inference/onnx/runtime-start.js';

describe('starting onnxruntime ahead of the networks', () => {
  it('uses a one-node model that OnnxGraphBuilder writes byte for byte, and that onnxruntime runs', async () => {
    const builder = new OnnxGraphBuilder('start');
    builder.node('Identity', [builder.input('x', 'float32', [1])], {}, [builder.output('y', 'float32', [1])]);
    expect(Buffer.from(builder.toBytes()).toString('base64')).toBe(identityModelBase64);

    const session = await InferenceSession.create(Buffer.from(identityModelBase64, 'base64'));
    const { y } = await session.run({ x: new Tensor('float32', Float32Array.of(1.5), [1]) });
    expect(Array.from(y!.data as Float32Array)).toEqual([1.5]);
    await session.release();
  });

  it('starts the runtime without an error', async () => {
    await expect(startOnnxRuntime()).resolves.toBeUndefined();
  });
});
