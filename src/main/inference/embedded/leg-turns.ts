import type { BodyModel } from '../../body/model.js';
import { regressJoints } from '../../body/shape.js';
import { jointIndex } from '../../body/skeleton.js';

/**
 * The front photo's legs turned in the photo's plane about their hips, as parameters of the fit.
 * The legs are posed from BlazePose's hips to the ankles' centres in the mask, and BlazePose's hips
 * move sideways by a few pixels between a photo and its re-encoded copy: 3 px turns a leg by about
 * 0.4°, which moved the dev girths by 0.4 cm, the fit making up the leg's outline with the body's
 * shape. With a turn per leg fitted beside the betas (about the pose the keypoints give, under a
 * prior), the legs' outline is matched by turning the legs, not by reshaping the body. The
 * profile's legs are not turned (docs/embedded-pipeline.md has what turning them did on dev).
 */

/** The turn's prior SD (radians) about the keypoints' pose: 1.5°, 3°, 6° and 12° were tried on dev, 3° and more alike. */
export const legTurnSdRad = (6 * Math.PI) / 180;

export interface LegTurnBasis {
  /** Per leg, left to right in the photo: how much each vertex turns with it (its skinning weights on the leg's joints). */
  weights: [Float32Array, Float32Array];
  /** The hip joints in the model (metres; the front view's root is not turned, so posed as at rest). */
  hips: [{ x: number; y: number }, { x: number; y: number }];
}

/** Each model's basis, built once: every fit of every scan asks for it. */
const bases = new WeakMap<BodyModel, LegTurnBasis>();

/** The front view's legs, left to right in the photo: the model's right leg, then its left. */
export function legTurnBasis(model: BodyModel): LegTurnBasis {
  let basis = bases.get(model);
  if (!basis) {
    basis = buildLegTurnBasis(model);
    bases.set(model, basis);
  }
  return basis;
}

function buildLegTurnBasis(model: BodyModel): LegTurnBasis {
  const joints = regressJoints(model, model.vTemplate);
  const J = model.jointCount;
  const leg = (side: 'right' | 'left') => {
    const chain = (['hip', 'knee', 'ankle', 'foot'] as const).map((part) => jointIndex(`${side}_${part}`));
    const weights = new Float32Array(model.vertexCount);
    for (let v = 0; v < model.vertexCount; v++) {
      let sum = 0;
      for (const joint of chain) sum += model.weights[v * J + joint]!;
      weights[v] = sum;
    }
    const hip = jointIndex(`${side}_hip`) * 3;
    return { weights, hip: { x: joints[hip]!, y: joints[hip + 1]! } };
  };
  const right = leg('right');
  const left = leg('left');
  return { weights: [right.weights, left.weights], hips: [right.hip, left.hip] };
}

/**
 * Turns the legs of posed vertices (V×3, in place) by `turns` (radians, the ankle towards +x),
 * each vertex by its weight's share of each leg's turn (the two legs' displacements added, as
 * linear blend skinning adds its joints'), and returns d x / d turn per leg and vertex.
 */
export function turnLegs(vertices: Float64Array, basis: LegTurnBasis, turns: readonly number[]): [Float64Array, Float64Array] {
  const V = vertices.length / 3;
  const derivatives: [Float64Array, Float64Array] = [new Float64Array(V), new Float64Array(V)];
  const moves = new Float64Array(V * 2);
  for (let k = 0; k < 2; k++) {
    const weights = basis.weights[k]!;
    const hip = basis.hips[k]!;
    const derivative = derivatives[k]!;
    const turn = turns[k] ?? 0;
    for (let v = 0; v < V; v++) {
      const weight = weights[v]!;
      if (weight === 0) continue;
      const dx = vertices[v * 3]! - hip.x;
      const dy = vertices[v * 3 + 1]! - hip.y;
      const c = Math.cos(weight * turn);
      const s = Math.sin(weight * turn);
      // A turn about z by +angle takes a leg hanging down (0, −1) towards +x.
      moves[v * 2] = moves[v * 2]! + (c - 1) * dx - s * dy;
      moves[v * 2 + 1] = moves[v * 2 + 1]! + s * dx + (c - 1) * dy;
      derivative[v] = weight * (-s * dx - c * dy);
    }
  }
  for (let v = 0; v < V; v++) {
    vertices[v * 3] = vertices[v * 3]! + moves[v * 2]!;
    vertices[v * 3 + 1] = vertices[v * 3 + 1]! + moves[v * 2 + 1]!;
  }
  return derivatives;
}
