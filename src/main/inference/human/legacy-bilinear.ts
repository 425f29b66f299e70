/**
 * One axis of tfjs' `resizeBilinear` with corners not aligned and no half-pixel centres (Human's
 * resize of BlazeFace's input and of the selfie mask): output index i reads the input at
 * `i × input / output`, between `low` and `high` with weight `fraction` on `high`.
 */
export interface BilinearAxis {
  low: Int32Array;
  high: Int32Array;
  fraction: Float64Array;
}

export function legacyBilinearAxis(inputSize: number, outputSize: number): BilinearAxis {
  const ratio = inputSize / outputSize;
  const axis = { low: new Int32Array(outputSize), high: new Int32Array(outputSize), fraction: new Float64Array(outputSize) };
  for (let index = 0; index < outputSize; index += 1) {
    const source = index * ratio;
    const low = Math.floor(source);
    axis.low[index] = low;
    axis.high[index] = Math.min(inputSize - 1, Math.ceil(source));
    axis.fraction[index] = source - low;
  }
  return axis;
}
