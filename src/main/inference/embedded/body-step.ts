import type { MeasurementValue } from '../../avatars/types.js';
import type { BodyModel } from '../../body/model.js';
import type { ConditionalDimension, ShapeStats } from '../../body/shape-stats.js';
import { fitBetas } from '../../body/shape-stats.js';
import type { ScanArtifact } from '../pipeline.js';
import { conditionOnReadings, type ObservedDimension } from './survey-conditioning.js';

/**
 * From survey dimensions read off the photos to a body: the conditional-Gaussian estimate of every
 * survey column, betas of the open body model fitted to it, the mesh's measurements with a
 * confidence from the survey, and the artifacts. This is the one place the embedded pipeline
 * touches src/main/body.
 */

/** The parts of src/main/body the step needs, passed in so the pipeline can be tested and rewired in one place. */
export interface BodyTools {
  /** T-pose vertices and joints for betas (body pose and global orientation zero). */
  restPose(model: BodyModel, betas: ArrayLike<number>): { vertices: Float32Array; joints: Float32Array };
  measureBody(model: BodyModel, vertices: Float32Array, joints: Float32Array): MeasurementValue[];
  exportObj(model: BodyModel, vertices: Float32Array): Uint8Array | string;
  exportGlb(model: BodyModel, vertices: Float32Array): Uint8Array;
  encodeSmplParams(params: { betas: number[]; bodyPose: number[]; globalOrient: number[]; gender: string; model: BodyModel }): Uint8Array;
  /** The survey figure a measurement corresponds to (a signed sum of columns; its confidence comes from it), or null. */
  surveyTermOf(measurementName: string): readonly { column: string; sign: 1 | -1 }[] | null;
}

export interface BodyStepInput {
  model: BodyModel;
  stats: ShapeStats;
  gender: string;
  readings: ObservedDimension[];
  /**
   * Relative SD of the photo's scale: 0 when the customer's height was given, the survey's
   * stature SD / mean when it was assumed. Added to every length's confidence.
   */
  scaleRelativeSd: number;
}

export interface BodyStepResult {
  betas: number[];
  bodyPose: number[];
  globalOrient: number[];
  /** The conditional estimate of every survey column (mm). */
  survey: Record<string, ConditionalDimension>;
  measurements: MeasurementValue[];
  artifacts: ScanArtifact[];
}

export type BodyStage = 'estimate' | 'fit' | 'measure' | 'export';

/** Noise of the betas fit to the conditional means (mm): the shape space cannot meet every column exactly. */
const fitNoiseMm = 5;

const jointCountSmpl = 24;

function bytesOf(value: Uint8Array | string): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}

export async function estimateBody(
  tools: BodyTools,
  input: BodyStepInput,
  onStage: (stage: BodyStage) => void = () => undefined,
): Promise<BodyStepResult> {
  const { model, stats } = input;
  onStage('estimate');
  const survey = conditionOnReadings(stats, input.readings);

  onStage('fit');
  const targets = Object.fromEntries(stats.shapeColumns.map((column) => [column, survey.dimensions[column]!.mean]));
  const betas = Array.from(fitBetas(stats, targets, { noiseMm: fitNoiseMm, betaCount: model.betaCount }));
  while (betas.length < 10) betas.push(0);
  const { vertices, joints } = tools.restPose(model, betas);

  onStage('measure');
  const measurements = tools.measureBody(model, vertices, joints).map((measurement): MeasurementValue => {
    const terms = tools.surveyTermOf(measurement.name);
    if (!terms || terms.length === 0) return measurement;
    const surveySdCm = survey.sdOfSum(terms) / 10;
    const scaleSdCm = measurement.valueCm * input.scaleRelativeSd;
    return { ...measurement, sdCm: Number(Math.hypot(surveySdCm, scaleSdCm).toFixed(2)) };
  });

  onStage('export');
  const bodyPose = new Array<number>((jointCountSmpl - 1) * 3).fill(0);
  const globalOrient = [0, 0, 0];
  const artifacts: ScanArtifact[] = [
    { name: 'mesh.obj', contentType: 'model/obj', bytes: bytesOf(tools.exportObj(model, vertices)) },
    { name: 'mesh.glb', contentType: 'model/gltf-binary', bytes: tools.exportGlb(model, vertices) },
    {
      name: 'smplx_params.npz',
      contentType: 'application/octet-stream',
      bytes: tools.encodeSmplParams({ betas: betas.slice(0, 10), bodyPose, globalOrient, gender: input.gender, model }),
    },
  ];
  return { betas: betas.slice(0, 10), bodyPose, globalOrient, survey: survey.dimensions, measurements, artifacts };
}
