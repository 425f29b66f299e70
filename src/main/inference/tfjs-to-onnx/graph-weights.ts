import * as z from 'zod';
import type { GraphConstant } from './convert-graph.js';
import { ModelConversionError } from './errors.js';

/** One entry of a tfjs weights manifest: a constant's name, shape, type and how it is stored. */
export const weightSpecSchema = z
  .object({
    name: z.string(),
    shape: z.array(z.number().int().nonnegative()),
    dtype: z.string(),
    quantization: z
      .object({
        dtype: z.enum(['float16', 'uint8', 'uint16']),
        scale: z.number().optional(),
        min: z.number().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export type WeightSpec = z.infer<typeof weightSpecSchema>;

/** IEEE 754 half precision → single precision (subnormals, infinities and NaN included). */
function halfToFloat(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Every half-precision value, widened: a model's millions of weights are then a lookup each. */
let halfTable: Float32Array | null = null;
function halfValues(): Float32Array {
  halfTable ??= Float32Array.from({ length: 0x10000 }, (_, half) => halfToFloat(half));
  return halfTable;
}

/**
 * The constants of a tfjs weights file (the shards concatenated), in the manifest's order, each
 * dequantised as tfjs does on load (float16 widened; uint8 and uint16 as `min + value × scale`).
 * Written out because tfjs' own reader needs tfjs loaded, which the kiosk's Node side does without.
 */
export function decodeGraphWeights(weightData: ArrayBuffer, specs: readonly WeightSpec[]): Map<string, GraphConstant> {
  const constants = new Map<string, GraphConstant>();
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((product, size) => product * size, 1);
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const bytesEach = stored === 'float16' || stored === 'uint16' ? 2 : stored === 'uint8' ? 1 : 4;
    if (offset + count * bytesEach > weightData.byteLength)
      throw new ModelConversionError(`the weights file ends inside '${spec.name}' (${weightData.byteLength} bytes)`);
    // Typed arrays read the platform's byte order, which tfjs assumes little-endian as well.
    const stretch = (bytes: number): ArrayBuffer => weightData.slice(offset, offset + count * bytes);
    let values: Float32Array | Int32Array;
    if (spec.dtype === 'int32' && !spec.quantization) {
      values = new Int32Array(stretch(4));
    } else if (spec.dtype === 'float32' && stored === 'float32') {
      values = new Float32Array(stretch(4));
    } else if (spec.dtype === 'float32' && stored === 'float16') {
      const halves = halfValues();
      const stored16 = new Uint16Array(stretch(2));
      values = new Float32Array(count);
      for (let index = 0; index < count; index += 1) values[index] = halves[stored16[index]!]!;
    } else if (spec.dtype === 'float32') {
      const { scale = 1, min = 0 } = spec.quantization ?? {};
      const quantized = stored === 'uint8' ? new Uint8Array(stretch(1)) : new Uint16Array(stretch(2));
      values = Float32Array.from(quantized, (value) => min + scale * value);
    } else {
      throw new ModelConversionError(
        `the weight '${spec.name}' is stored as ${stored} for ${spec.dtype}, which the conversion does not read`,
      );
    }
    constants.set(spec.name, { shape: spec.shape, values });
    offset += count * bytesEach;
  }
  return constants;
}
