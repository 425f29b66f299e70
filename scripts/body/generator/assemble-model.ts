import type { BodyModel } from '../../../src/main/body/model.js';
import { solveSpd } from '../../../src/main/body/matrix.js';
import { dimensionsFromBetas, type ShapeStats } from '../../../src/main/body/shape-stats.js';
import { smplJointParents } from '../../../src/main/body/skeleton.js';
import { bodyParts, buildBody, type BodyDimensions, type BuiltBody, type Vec3 } from './body-mesh.js';
import { orientFaces } from './orientation.js';

/** The open model: generator at the mean, shape directions by central differences along each component. */
export interface AssembledModel {
  model: BodyModel;
  /** Largest and mean vertex error (mm) of the linear model against the generator at ±3 SD per component. */
  linearity: Array<{ beta: number; maxErrorMm: number; meanErrorMm: number }>;
}

function dims(stats: ShapeStats, betas: number[]): BodyDimensions {
  return dimensionsFromBetas(stats, betas) as BodyDimensions;
}

/**
 * Weights over a vertex set that reproduce `target` at these positions and stay as close to
 * uniform as possible (sum 1): uniform + Cᵀ(CCᵀ)⁻¹(target − centroid), C the centred positions.
 */
function affineWeights(positions: Float64Array, set: number[], target: Vec3): Float64Array {
  const n = set.length;
  const centroid: Vec3 = [0, 0, 0];
  for (const v of set) for (let c = 0; c < 3; c++) centroid[c] = centroid[c]! + positions[v * 3 + c]! / n;
  const centred = set.map((v) => [0, 1, 2].map((c) => positions[v * 3 + c]! - centroid[c]!));
  const gram = new Float64Array(9);
  for (const p of centred) for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) gram[r * 3 + c] = gram[r * 3 + c]! + p[r]! * p[c]!;
  const trace = gram[0]! + gram[4]! + gram[8]!;
  for (let r = 0; r < 3; r++) gram[r * 3 + r] = gram[r * 3 + r]! + 1e-9 * trace + 1e-12;
  const lambda = solveSpd(
    gram,
    3,
    Float64Array.from([0, 1, 2], (c) => target[c]! - centroid[c]!),
  );
  return Float64Array.from(centred, (p) => 1 / n + p[0]! * lambda[0]! + p[1]! * lambda[1]! + p[2]! * lambda[2]!);
}

/** Child that each joint's bone points to; leaves use the generator's end points. */
const boneChild: Record<number, number> = {
  0: 3,
  1: 4,
  2: 5,
  3: 6,
  4: 7,
  5: 8,
  6: 9,
  7: 10,
  8: 11,
  9: 12,
  12: 15,
  13: 16,
  14: 17,
  16: 18,
  17: 19,
  18: 20,
  19: 21,
  20: 22,
  21: 23,
};

const partJoints: Record<(typeof bodyParts)[number], number[]> = {
  trunk: [0, 1, 2, 3, 6, 9, 12, 13, 14, 15, 16, 17],
  left_leg: [0, 1, 4, 7, 10],
  right_leg: [0, 2, 5, 8, 11],
  left_arm: [9, 13, 16, 18, 20, 22],
  right_arm: [9, 14, 17, 19, 21, 23],
};

function distanceToSegment(p: Vec3, a: Vec3, b: Vec3): number {
  const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const ap = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
  const length2 = ab[0]! ** 2 + ab[1]! ** 2 + ab[2]! ** 2;
  const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, (ap[0]! * ab[0]! + ap[1]! * ab[1]! + ap[2]! * ab[2]!) / length2));
  return Math.hypot(ap[0]! - t * ab[0]!, ap[1]! - t * ab[1]!, ap[2]! - t * ab[2]!);
}

/** Skinning weights: inverse 4th power of the distance to each allowed bone, then smoothed over the mesh. */
function skinningWeights(body: BuiltBody, faces: Uint32Array, joints: Vec3[]): Float32Array {
  const V = body.parts.length;
  const J = joints.length;
  const weights = new Float64Array(V * J);
  for (let v = 0; v < V; v++) {
    const p: Vec3 = [body.positions[v * 3]!, body.positions[v * 3 + 1]!, body.positions[v * 3 + 2]!];
    const candidates = partJoints[bodyParts[body.parts[v]!]!];
    let sum = 0;
    for (const j of candidates) {
      const end = boneChild[j] !== undefined ? joints[boneChild[j]]! : body.leafEnds[j]!;
      const w = 1 / (distanceToSegment(p, joints[j]!, end) + 5) ** 4;
      weights[v * J + j] = w;
      sum += w;
    }
    for (const j of candidates) weights[v * J + j] = weights[v * J + j]! / sum;
  }
  const neighbours: Array<Set<number>> = Array.from({ length: V }, () => new Set());
  for (let f = 0; f < faces.length; f += 3) {
    for (let k = 0; k < 3; k++) {
      neighbours[faces[f + k]!]!.add(faces[f + ((k + 1) % 3)]!);
      neighbours[faces[f + ((k + 1) % 3)]!]!.add(faces[f + k]!);
    }
  }
  let current = weights;
  for (let iteration = 0; iteration < 6; iteration++) {
    const next = new Float64Array(V * J);
    for (let v = 0; v < V; v++) {
      const around = [...neighbours[v]!];
      for (let j = 0; j < J; j++) {
        let sum = 0;
        for (const u of around) sum += current[u * J + j]!;
        next[v * J + j] = 0.5 * current[v * J + j]! + (0.5 * sum) / around.length;
      }
    }
    current = next;
  }
  const out = new Float32Array(V * J);
  for (let v = 0; v < V; v++) {
    let sum = 0;
    for (let j = 0; j < J; j++) if (current[v * J + j]! >= 1e-3) sum += current[v * J + j]!;
    for (let j = 0; j < J; j++) if (current[v * J + j]! >= 1e-3) out[v * J + j] = current[v * J + j]! / sum;
  }
  return out;
}

export function assembleOpenModel(stats: ShapeStats, meta: { name: string; version: string; licence: string }): AssembledModel {
  const B = stats.components.length;
  const zero = new Array<number>(B).fill(0);
  const base = buildBody(dims(stats, zero));
  const V = base.parts.length;
  const faces = orientFaces(base.faces, base.positions);
  const shapedirs = new Float32Array(V * 3 * B);
  const directions: Float64Array[] = [];
  for (let k = 0; k < B; k++) {
    const unit = zero.map((_, i) => (i === k ? 1 : 0));
    const plus = buildBody(dims(stats, unit)).positions;
    const minus = buildBody(
      dims(
        stats,
        unit.map((value) => -value),
      ),
    ).positions;
    const direction = new Float64Array(V * 3);
    for (let row = 0; row < V * 3; row++) {
      direction[row] = (plus[row]! - minus[row]!) / 2;
      shapedirs[row * B + k] = direction[row]! / 1000;
    }
    directions.push(direction);
  }
  const linearity = directions.map((direction, k) => {
    let max = 0;
    let sum = 0;
    for (const sign of [-3, 3]) {
      const exact = buildBody(
        dims(
          stats,
          zero.map((_, i) => (i === k ? sign : 0)),
        ),
      ).positions;
      for (let v = 0; v < V; v++) {
        const error = Math.hypot(...[0, 1, 2].map((c) => exact[v * 3 + c]! - (base.positions[v * 3 + c]! + sign * direction[v * 3 + c]!)));
        max = Math.max(max, error);
        sum += error;
      }
    }
    return { beta: k, maxErrorMm: max, meanErrorMm: sum / (2 * V) };
  });

  const J = base.jointTargets.length;
  const rowStart = new Uint32Array(J + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < J; j++) {
    const set = base.jointVertexSets[j]!;
    const w = affineWeights(base.positions, set, base.jointTargets[j]!);
    set.forEach((v, i) => {
      columns.push(v);
      values.push(w[i]!);
    });
    rowStart[j + 1] = columns.length;
  }
  const weights = skinningWeights(base, faces, base.jointTargets);
  const model: BodyModel = {
    ...meta,
    vertexCount: V,
    jointCount: J,
    betaCount: B,
    vTemplate: Float32Array.from(base.positions, (value) => value / 1000),
    faces,
    shapedirs,
    jRegressor: { rowStart, columns: Uint32Array.from(columns), values: Float32Array.from(values) },
    weights,
    parents: Int32Array.from(smplJointParents),
    posedirs: null,
    posedirCount: 0,
    landmarks: base.landmarks,
  };
  return { model, linearity };
}
