import type { MeasurementValue } from '../../avatars/types.js';
import { bodyArtifacts } from '../../body/body-artifacts.js';
import { measureBody, measurementRecord, trunkExtentsAt } from '../../body/measure.js';
import { measurementDefinition } from '../../body/measurement-definitions.js';
import type { BodyModel } from '../../body/model.js';
import type { ShapeStats } from '../../body/shape-stats.js';
import { regressJoints, shapeBody, verticalSpan } from '../../body/shape.js';
import type { ScanArtifact } from '../pipeline.js';
import { outlineReadGirths, sectionFromOutline, widestSearchHalfHeightCm, type OutlineReading } from './local-girth.js';
import { withGirthDepartures, withHipTowardTrunk } from './girth-departure.js';
import { withProfileOffset } from './profile-offset.js';
import { withFrontOnlyOffset } from './front-only-offset.js';
import { withFrontAloneHip } from './front-alone-hip.js';
import { movedTo } from './moved-measurement.js';
import { figuresFromTrunk, trunkPredictorColumns, withFiguresFromTrunk, withHiddenHipFromTrunk } from './figures-from-trunk.js';
import {
  baseMeasurementName,
  measurementGradient,
  measurementSdCm,
  profileFitted,
  regressionSdCm,
  type ScanEvidence,
} from './fit-uncertainty.js';

/**
 * From the betas fitted to the silhouettes to a body: the T-posed mesh, measured by the
 * measurement engine, each figure with this scan's confidence, and the artifacts. This is the one
 * place the embedded pipeline turns a fit into measurements.
 */

export interface BodyStepInput {
  model: BodyModel;
  stats: ShapeStats;
  gender: string;
  evidence: ScanEvidence;
  /** The front photo's joint angles (69 values), kept as the avatar's pose. */
  bodyPose: ArrayLike<number>;
}

export interface BodyStepResult {
  betas: number[];
  bodyPose: number[];
  globalOrient: number[];
  measurements: MeasurementValue[];
  artifacts: ScanArtifact[];
}

export type BodyStage = 'measure' | 'export';

/**
 * Measurements of body parts the silhouette fit does not compare (the arms, the head, the
 * shoulders' joints): the fitted betas carry them only through the survey's correlations with the
 * parts it does see, so their `method` says they are regressed (their `_skin` readings alike).
 */
export const regressedMeasurements: ReadonlySet<string> = new Set([
  'shoulder_width',
  'arm_length',
  'sleeve_outseam',
  'upper_arm',
  'forearm',
  'wrist',
  'head',
  'back_length',
]);

/**
 * `method` of a measurement read from the survey's correlations rather than seen (the parts above,
 * and under a skirt whatever lies between the waist and the hem): the engine's method after this prefix.
 */
export const regressedMethodPrefix = 'regressed:';

/** Every artifact stores this many betas (SMPL-X parameter files carry 10); the avatar keeps all the model has. */
const storedBetaCount = 10;

/** A fitted body, measured: what each frame set of a burst gives before the sets are fused. */
export interface MeasuredFit {
  betas: number[];
  bodyPose: number[];
  globalOrient: number[];
  measurements: MeasurementValue[];
  /** The girths read from the photos' outline beyond the fitted body (local-girth.ts), with the photos that showed them. */
  outlineRead: OutlineReading[];
  /** The T-posed mesh's vertices, kept for the export of the one body that is stored. */
  vertices: Float32Array;
  /** The hip reported is the mean of the pair's and the front photo's alone (front-alone-hip.ts), not regressed from the trunk. */
  hipWithFrontAlone: boolean;
}

export async function measureFittedBody(
  input: BodyStepInput,
  onStage: (stage: BodyStage) => void = () => undefined,
): Promise<BodyStepResult> {
  onStage('measure');
  const measured = measureFit(input);
  onStage('export');
  return exportMeasuredFit(input.model, measured);
}

/**
 * The fitted body's measurements, each with this scan's SD, without its files: a burst measures
 * every frame set this way and exports only the one it keeps (exportMeasuredFit).
 */
export function measureFit(input: BodyStepInput): MeasuredFit {
  const { model, stats, evidence } = input;
  const betas = Array.from(evidence.fit.betas);
  const own = seenFigures(model, stats, evidence);
  const seen = evidence.frontAloneFit
    ? withFrontAloneHip(own.measurements, seenFigures(model, stats, { ...evidence, fit: evidence.frontAloneFit }).measurements)
    : own.measurements;
  const hipHidden = (evidence.hiddenColumns ?? []).includes('buttockcircumference') && evidence.heightAssumed !== true;
  const fromTrunkFigures = withFiguresFromTrunk(hipHidden ? withHiddenHipFromTrunk(seen, stats) : seen, stats);
  const measurements = fromTrunkFigures.map((measurement): MeasurementValue => {
    const definition = measurementDefinition(measurement.name);
    const kind = definition?.spec.kind === 'girth' ? 'girth' : 'length';
    const gradient = definition ? measurementGradient(stats, definition, model.betaCount) : null;
    const hidden = evidence.hiddenColumns ?? [];
    const hiddenByGarment = hidden.length > 0 && (definition?.survey?.columns.some(({ column }) => hidden.includes(column)) ?? false);
    const fromTrunk = figuresFromTrunk.has(baseMeasurementName(measurement.name));
    const regressed = regressedMeasurements.has(baseMeasurementName(measurement.name)) || hiddenByGarment || fromTrunk;
    const sdCm = measurementSdCm({
      evidence,
      gradient,
      valueCm: measurement.valueCm,
      kind,
      name: measurement.name,
      sex: stats.sex,
      regressionSdCm:
        regressed && definition ? regressionSdCm(stats, definition, fromTrunk ? { given: trunkPredictorColumns } : { hidden }) : null,
    });
    const method = regressed ? `${regressedMethodPrefix}${measurement.method}` : measurement.method;
    return { ...measurement, method, sdCm: Number(sdCm.toFixed(2)) };
  });

  const bodyPose = Array.from(input.bodyPose);
  const globalOrient = [0, 0, 0];
  const stored = betas.slice(0, storedBetaCount);
  while (stored.length < storedBetaCount) stored.push(0);
  return {
    betas: stored,
    bodyPose,
    globalOrient,
    measurements,
    outlineRead: own.read,
    vertices: own.vertices,
    hipWithFrontAlone: Boolean(evidence.frontAloneFit) && !hipHidden,
  };
}

/**
 * A fit's body measured, with what its photos show beyond the fitted body (local-girth.ts) and the
 * corrections for the photos it compared: every figure read from the photos, before the figures
 * regressed from the trunk.
 */
function seenFigures(
  model: BodyModel,
  stats: ShapeStats,
  evidence: ScanEvidence,
): { measurements: MeasurementValue[]; read: OutlineReading[]; vertices: Float32Array } {
  const vertices = shapeBody(model, evidence.fit.betas);
  const joints = regressJoints(model, vertices);
  const outline = withSectionsFromOutline(model, vertices, joints, measureBody(model, vertices, joints), evidence);
  const statureCm = measurementRecord(outline.measurements).height;
  const withSide = profileFitted(evidence);
  const departed = statureCm === undefined ? outline.measurements : withGirthDepartures(outline.measurements, stats, statureCm, withSide);
  const offset = withProfileOffset(departed, stats.sex, withSide);
  const profiled = withSide && statureCm !== undefined ? withHipTowardTrunk(offset, stats, statureCm) : offset;
  const measurements = evidence.clothing ? withFrontOnlyOffset(profiled, evidence.clothing, withSide) : profiled;
  return { measurements, read: outline.read, vertices };
}

/**
 * The fitted body's measurements with the waist and hip sections the photos' outline reads at their
 * height (local-girth.ts): both girths (hull and skin) scaled alike, the breadth and depth as seen.
 */
function withSectionsFromOutline(
  model: BodyModel,
  vertices: ArrayLike<number>,
  joints: ArrayLike<number>,
  measurements: MeasurementValue[],
  { fit, drapedGirths = [] }: ScanEvidence,
): { measurements: MeasurementValue[]; read: OutlineReading[] } {
  const record = measurementRecord(measurements);
  const read: OutlineReading[] = [];
  const { floorY } = verticalSpan(vertices);
  const seen = new Map<string, number>();
  for (const part of outlineReadGirths) {
    if (drapedGirths.includes(part.girth)) continue;
    const landmark = model.landmarks[part.landmark];
    const breadthCm = record[part.breadth];
    const depthCm = record[part.depth];
    if (landmark === undefined || breadthCm === undefined || depthCm === undefined) continue;
    const heightCm = (vertices[landmark * 3 + 1]! - floorY) * 100;
    const levels = part.reading === 'widest_near_landmark' ? levelsAround(model, vertices, joints, heightCm) : undefined;
    const section = sectionFromOutline(fit, { breadthCm, depthCm, heightCm, levels }, part.regions);
    if (section.read.length === 0) continue;
    read.push({ girth: part.girth, views: section.read });
    for (const girth of [part.girth, `${part.girth}_skin`]) {
      const fitted = record[girth];
      if (fitted !== undefined) seen.set(girth, fitted * section.girthFactor);
    }
    seen.set(part.breadth, section.breadthCm);
    seen.set(part.depth, section.depthCm);
  }
  return {
    measurements: measurements.map((measurement) => {
      const valueCm = seen.get(measurement.name);
      return valueCm === undefined ? measurement : movedTo(measurement, valueCm);
    }),
    read,
  };
}

/** The fitted body's trunk sections 1 cm apart within the widest-section search around a landmark's height (cm). */
function levelsAround(
  model: BodyModel,
  vertices: ArrayLike<number>,
  joints: ArrayLike<number>,
  heightCm: number,
): Array<{ heightCm: number; breadthCm: number; depthCm: number }> {
  const heights: number[] = [];
  for (let offset = -widestSearchHalfHeightCm; offset <= widestSearchHalfHeightCm; offset += 1) heights.push(heightCm + offset);
  return trunkExtentsAt(
    model,
    vertices,
    heights.map((height) => height / 100),
    joints,
  ).flatMap((extents, index) => (extents ? [{ heightCm: heights[index]!, ...extents }] : []));
}

/** The measured body's files (mesh.obj, mesh.glb, smplx_params.npz); `measurements` may be fused ones. */
export function exportMeasuredFit(model: BodyModel, measured: MeasuredFit, measurements = measured.measurements): BodyStepResult {
  const { betas, bodyPose, globalOrient } = measured;
  const artifacts: ScanArtifact[] = bodyArtifacts(model, measured.vertices, { betas, bodyPose, globalOrient });
  return { betas, bodyPose, globalOrient, measurements, artifacts };
}
