import type { io } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeGraphWeights, type WeightSpec } from '../../../../src/main/inference/tfjs-to-onnx/graph-weights.js';
import { createReferenceHuman, type Tf } from '../../../helpers/reference-human.js';

/** tfjs' own reader (io.decodeWeights) is the reference for every storage the manifest allows. */
let tf: Tf;

beforeAll(async () => {
  ({ tf } = await createReferenceHuman([]));
}, 60_000);

function concatenated(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}

describe('decodeGraphWeights', () => {
  it('reads float32, int32, float16 (subnormals and infinities included) and uint8/uint16 quantised weights as tfjs does', async () => {
    // Half-precision bit patterns: 1, −2, 65504, the smallest subnormal, −0, +∞, a fraction.
    const halves = Uint16Array.from([0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x3555, 0x2e66]);
    const specs: WeightSpec[] = [
      { name: 'quantised-8', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
      { name: 'halves', shape: [2, 4], dtype: 'float32', quantization: { dtype: 'float16' } },
      { name: 'floats', shape: [3], dtype: 'float32' },
      { name: 'quantised-16', shape: [2], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.001, min: 2 } },
      { name: 'ints', shape: [2, 2], dtype: 'int32' },
    ];
    const data = concatenated([
      Uint8Array.from([0, 7, 255]),
      new Uint8Array(halves.buffer),
      new Uint8Array(Float32Array.from([1.5, -0.25, 3e-7]).buffer),
      new Uint8Array(Uint16Array.from([0, 65535]).buffer),
      new Uint8Array(Int32Array.from([1, -2, 2 ** 30, 0]).buffer),
    ]);
    const ours = decodeGraphWeights(data, specs);
    const theirs = tf.io.decodeWeights(data, specs as io.WeightsManifestEntry[]);
    for (const spec of specs) {
      const our = ours.get(spec.name)!;
      expect(our.shape).toEqual(spec.shape);
      expect(Array.from(our.values)).toEqual(Array.from(await theirs[spec.name]!.data()));
    }
    expect(Array.from(ours.get('halves')!.values).slice(0, 6)).toEqual([1, -2, 65504, 2 ** -24, -0, Number.POSITIVE_INFINITY]);
    tf.dispose(Object.values(theirs));
  });

  it('refuses a file that ends inside a weight, and a storage it does not read', () => {
    expect(() => decodeGraphWeights(new ArrayBuffer(6), [{ name: 'w', shape: [2], dtype: 'float32' }])).toThrow(/ends inside 'w'/);
    expect(() => decodeGraphWeights(new ArrayBuffer(8), [{ name: 's', shape: [1], dtype: 'string' }])).toThrow(/stored as string/);
  });
});
