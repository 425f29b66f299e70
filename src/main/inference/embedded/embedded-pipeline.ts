import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BodyModel } from '../../body/model.js';
import { loadOpenBodyModel, openBodyModelPath } from '../../body/load-model.js';
import { loadShapeStats, shapeStatsPath, type ShapeStats } from '../../body/shape-stats.js';
import type { Gender } from '../../jobs/types.js';
import { captureHumanOptions } from '../capture-checks/human-settings.js';
import { observeFrame, type ObservingRuntime } from '../capture-checks/observe-frame.js';
import { checkFrame } from '../capture-checks/rules.js';
import type { CaptureIssue, FrameObservation } from '../capture-checks/types.js';
import { createHumanRuntime, type HumanRuntime } from '../human/human-runtime.js';
import type { Pipeline, PipelineInfo, PipelineModule, PipelineOptions, ScanInput, ScanProgress, ScanResult } from '../pipeline.js';
import { ScanRejectedError } from '../pipeline.js';
import { estimateBody, type BodyStage, type BodyTools } from './body-step.js';
import { openBodyTools } from './body-tools.js';
import { readingsFromSilhouettes } from './readings.js';
import { landmarkColumns, landmarkLevels, measureFrontSilhouette, measureSideSilhouette, type LandmarkLevels } from './silhouette-measurements.js';

/**
 * The embedded pipeline: runs out of the box with what ships in npm packages and the project.
 * Human (tfjs-WASM) finds the face, BlazePose keypoints and the person mask; the capture checks
 * reject photos that would give a wrong body; breadths (and depths from a profile photo) read off
 * the mask at landmark heights, scaled by the customer's height, condition the ANSUR II survey's
 * Gaussian; the open body model's betas are fitted to the estimate and measured on the mesh.
 */

export const embeddedPipelineVersion = '0.1.0';

export interface EmbeddedPipelineDeps {
  /** A Human runtime with the face, body and segmentation modules (default: created in warmUp). */
  runtime?: ObservingRuntime & { info: HumanRuntime['info']; dispose?(): void };
  bodyTools?: BodyTools;
}

const stagePercent: Record<'detect' | 'silhouette' | BodyStage, number> = {
  detect: 0,
  silhouette: 30,
  estimate: 40,
  fit: 50,
  measure: 65,
  export: 85,
};

/** The open model has male, female and neutral variants; the job's gender picks one. */
function modelGender(gender: Gender): 'male' | 'female' | 'neutral' {
  return gender;
}

function firstError(issues: readonly CaptureIssue[], view: 'front' | 'side'): CaptureIssue | undefined {
  const error = issues.find((issue) => issue.severity === 'error');
  return error && view === 'side' ? { ...error, message: `Side photo: ${error.message}` } : error;
}

export async function createEmbeddedPipeline(options: PipelineOptions, deps: EmbeddedPipelineDeps = {}): Promise<Pipeline> {
  // Fail at selection, not at the first scan, when the shipped files are missing.
  const missing = [openBodyModelPath('neutral'), shapeStatsPath()].filter((path) => !existsSync(path));
  if (missing.length > 0) throw new Error(`the open body model files are missing: ${missing.join(', ')}`);
  const bodyTools = deps.bodyTools ?? openBodyTools();
  let runtime = deps.runtime ?? null;
  const ownsRuntime = !deps.runtime;
  const statsCache = new Map<string, { stats: ShapeStats; levels: LandmarkLevels }>();

  async function statsFor(gender: Gender): Promise<{ stats: ShapeStats; levels: LandmarkLevels }> {
    const key = modelGender(gender);
    let entry = statsCache.get(key);
    if (!entry) {
      const stats = await loadShapeStats(key);
      const meanOf = (column: (typeof landmarkColumns)[number]): number => {
        const index = stats.columns.indexOf(column);
        if (index < 0) throw new Error(`the survey statistics lack ${column}, needed for the landmark heights`);
        return stats.mean[index]!;
      };
      entry = { stats, levels: landmarkLevels(meanOf) };
      statsCache.set(key, entry);
    }
    return entry;
  }

  const info: PipelineInfo = {
    name: 'embedded',
    version: embeddedPipelineVersion,
    executionProvider: 'tfjs-wasm',
    models: [],
    selectionNote: options.choice === 'embedded' ? 'chosen by configuration (PERFIT_PIPELINE=embedded)' : 'the default pipeline: ships with the app, needs no downloads',
  };

  const describeModels = (loaded: HumanRuntime['info'], bodyModel: BodyModel): PipelineInfo['models'] => [
    ...loaded.models.map((model) => ({ name: `human/${model.url.split('/').pop()?.replace(/\.json$/, '') ?? model.module}`, version: loaded.humanVersion })),
    { name: bodyModel.name, version: bodyModel.version },
  ];

  async function observe(path: string, view: 'front' | 'side'): Promise<{ observation: FrameObservation }> {
    if (!runtime) throw new Error('the embedded pipeline was not warmed up');
    const bytes = await readFile(path);
    return observeFrame(runtime, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), view);
  }

  return {
    info,
    async warmUp() {
      if (!runtime) {
        runtime = await createHumanRuntime({ ...captureHumanOptions, log: options.log });
      }
      const neutral = await loadOpenBodyModel('neutral');
      await statsFor('neutral');
      info.models = describeModels(runtime.info, neutral);
      options.log('info', 'embedded pipeline ready', { models: info.models });
    },

    async run(input: ScanInput, onProgress: (progress: ScanProgress) => void): Promise<ScanResult> {
      const progress = (stage: keyof typeof stagePercent): void => onProgress({ stage, percent: stagePercent[stage] });
      progress('detect');
      const notes: string[] = [];
      const front = (await observe(input.imagePath, 'front')).observation;
      const side = input.sideImagePath ? (await observe(input.sideImagePath, 'side')).observation : null;
      for (const [view, observation] of [['front', front], ['side', side]] as const) {
        if (!observation) continue;
        const issues = checkFrame(observation);
        const error = firstError(issues, view);
        if (error) throw new ScanRejectedError(error.code, error.message);
        for (const warning of issues) notes.push(`${view === 'side' ? 'Side photo: ' : ''}${warning.message}`);
      }

      progress('silhouette');
      const { stats, levels } = await statsFor(input.gender);
      const frontMeasurement = front.silhouette && front.body ? measureFrontSilhouette(front.silhouette, front.body, levels) : null;
      if (!frontMeasurement) throw new ScanRejectedError('no_person', 'The body could not be outlined in the photo: make sure the whole customer is in view, facing the camera, and take the photo again.');
      const sideMeasurement =
        side?.silhouette
          ? measureSideSilhouette(
              side.silhouette,
              side.body,
              {
                chest: frontMeasurement.rows.chest.heightShare,
                waist: frontMeasurement.rows.waist.heightShare,
                buttock: frontMeasurement.rows.hip.heightShare,
              },
              levels.tragion,
            )
          : null;
      const readings = readingsFromSilhouettes({ stats, heightCm: input.heightCm, front: frontMeasurement, side: sideMeasurement });
      notes.push(...frontMeasurement.notes, ...readings.notes);

      const model = await loadOpenBodyModel(modelGender(input.gender));
      const body = await estimateBody(
        bodyTools,
        { model, stats, gender: input.gender, readings: readings.readings, scaleRelativeSd: readings.scaleRelativeSd },
        (stage) => progress(stage),
      );
      notes.push('Pose is not estimated: the avatar is in the body model\'s rest pose (body_pose and global_orient are zero).');
      return {
        betas: body.betas,
        bodyPose: body.bodyPose,
        globalOrient: body.globalOrient,
        measurements: body.measurements,
        provenance: {
          pipeline: info.name,
          pipelineVersion: info.version,
          bodyModel: { name: model.name, version: model.version },
          models: info.models.filter((entry) => entry.name.startsWith('human/')),
          executionProvider: info.executionProvider,
          notes,
        },
        artifacts: body.artifacts,
      };
    },

    async close() {
      if (ownsRuntime) runtime?.dispose?.();
      runtime = null;
    },
  };
}

/** The module shape the inference worker imports (`pipelineModuleUrl`). */
export const createPipeline: PipelineModule['createPipeline'] = (options) => createEmbeddedPipeline(options);
