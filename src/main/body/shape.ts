import type { BodyModel } from './model.js';

/**
 * T-pose vertices for shape coefficients `betas` (SD units): v_template + shapedirs · betas.
 * Betas beyond the model's count are ignored; missing ones are zero.
 */
export function shapeBody(model: BodyModel, betas: ArrayLike<number>): Float32Array {
  const B = model.betaCount;
  const count = Math.min(B, betas.length);
  const out = Float32Array.from(model.vTemplate);
  const dirs = model.shapedirs;
  for (let b = 0; b < count; b++) {
    const beta = betas[b]!;
    if (beta === 0) continue;
    for (let row = 0, offset = b; row < out.length; row++, offset += B) out[row] = out[row]! + dirs[offset]! * beta;
  }
  return out;
}

/** Joint positions (J×3) regressed from vertices with the model's J_regressor. */
export function regressJoints(model: BodyModel, vertices: ArrayLike<number>): Float32Array {
  const { rowStart, columns, values } = model.jRegressor;
  const joints = new Float32Array(model.jointCount * 3);
  for (let joint = 0; joint < model.jointCount; joint++) {
    let x = 0;
    let y = 0;
    let z = 0;
    for (let k = rowStart[joint]!; k < rowStart[joint + 1]!; k++) {
      const vertex = columns[k]! * 3;
      const weight = values[k]!;
      x += weight * vertices[vertex]!;
      y += weight * vertices[vertex + 1]!;
      z += weight * vertices[vertex + 2]!;
    }
    joints[joint * 3] = x;
    joints[joint * 3 + 1] = y;
    joints[joint * 3 + 2] = z;
  }
  return joints;
}

/** The lowest and highest vertex heights (metres) of a mesh's flat xyz array: its floor and crown. */
export function verticalSpan(vertices: ArrayLike<number>): { floorY: number; topY: number } {
  let floorY = Infinity;
  let topY = -Infinity;
  for (let v = 1; v < vertices.length; v += 3) {
    floorY = Math.min(floorY, vertices[v]!);
    topY = Math.max(topY, vertices[v]!);
  }
  return { floorY, topY };
}
