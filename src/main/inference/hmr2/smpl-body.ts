import type { MeasurementValue } from '../../avatars/types.js';
import { measureBody } from '../../body/measure.js';
import type { BodyModel } from '../../body/model.js';
import { regressJoints, shapeBody } from '../../body/shape.js';

/**
 * From HMR 2.0's parameters to the avatar's body, with the same src/main/body code as the embedded
 * pipeline: the T-pose mesh of the betas (body_pose and global_orient zero, so the figures do not
 * depend on how the customer stood), its measurements, and the mesh and parameter files.
 */

export interface RestBody {
  vertices: Float32Array;
  joints: Float32Array;
  /** Factor applied to the SMPL mesh (1 unless the customer's height was given). */
  scale: number;
  notes: string[];
}

function verticalExtent(vertices: ArrayLike<number>): number {
  let low = Infinity;
  let high = -Infinity;
  for (let k = 1; k < vertices.length; k += 3) {
    low = Math.min(low, vertices[k]!);
    high = Math.max(high, vertices[k]!);
  }
  return high - low;
}

/**
 * The T-pose body. A crop carries no scale: HMR 2.0 infers the size from body proportions, so a
 * known height (typed by staff, or read through the calibrated camera) wins, by scaling the mesh
 * uniformly about its root.
 */
export function restBody(model: BodyModel, betas: readonly number[], heightCm: number | null): RestBody {
  const vertices = shapeBody(model, betas);
  const joints = regressJoints(model, vertices);
  const notes: string[] = [];
  if (model.betaCount < betas.length)
    notes.push(`The body model has ${model.betaCount} shape coefficients; HMR 2.0's betas beyond them are ignored.`);
  const modelHeightCm = verticalExtent(vertices) * 100;
  if (heightCm === null) {
    notes.push(`Height not given: the scale is HMR 2.0's estimate from body proportions (${modelHeightCm.toFixed(1)} cm).`);
    return { vertices, joints, scale: 1, notes };
  }
  const scale = heightCm / modelHeightCm;
  const originX = joints[0]!;
  const originY = joints[1]!;
  const originZ = joints[2]!;
  const scaleAbout = (values: Float32Array): void => {
    for (let k = 0; k < values.length; k += 3) {
      values[k] = originX + (values[k]! - originX) * scale;
      values[k + 1] = originY + (values[k + 1]! - originY) * scale;
      values[k + 2] = originZ + (values[k + 2]! - originZ) * scale;
    }
  };
  scaleAbout(vertices);
  scaleAbout(joints);
  notes.push(
    `The body HMR 2.0 estimated is ${modelHeightCm.toFixed(1)} cm tall; mesh and measurements are scaled by ` +
      `${scale.toFixed(3)} to the customer's ${Number(heightCm.toFixed(1))} cm (the betas are not).`,
  );
  return { vertices, joints, scale, notes };
}

/** The measurement table on the body; figures the mesh cannot give (a slice that misses) are left out and named. */
export function measureRestBody(model: BodyModel, body: RestBody): { measurements: MeasurementValue[]; notes: string[] } {
  const all = measureBody(model, body.vertices, body.joints);
  const measurements = all.filter((measurement) => Number.isFinite(measurement.valueCm));
  const missing = all.filter((measurement) => !Number.isFinite(measurement.valueCm)).map((measurement) => measurement.name);
  return { measurements, notes: missing.length > 0 ? [`Not measurable on this body model: ${missing.join(', ')}.`] : [] };
}
