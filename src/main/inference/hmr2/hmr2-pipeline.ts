import { readFile } from 'node:fs/promises';
import type * as ort from 'onnxruntime-node';
import { bodyArtifacts } from '../../body/body-artifacts.js';
import { loadBodyModel } from '../../body/load-model.js';
import type { BodyModel } from '../../body/model.js';
import { ImageUndecodableError } from '../human/errors.js';
import { decodeImage } from '../human/image-decoder.js';
import { ChecksumCache } from '../onnx/file-checksums.js';
import { ModelFilesError } from '../onnx/errors.js';
import {
  checkSignature,
  defaultExecutionProviders,
  openSession,
  type ExecutionProviderName,
  type OpenedSession,
  type SessionFactory,
} from '../onnx/session.js';
import type { Pipeline, PipelineInfo, PipelineModule, PipelineOptions, ScanInput, ScanProgress, ScanResult } from '../pipeline.js';
import { ScanRejectedError } from '../pipeline.js';
import { resolveHmr2Files, type Hmr2Files } from './model-files.js';
import { hmr2InputFor, hmr2PatchSizePx, type RgbImage } from './person-crop.js';
import {
  defaultPersonScoreThreshold,
  detectionsFromOutputs,
  detectorInputFor,
  selectPerson,
  vitdetPixelMeanRgb,
} from './person-detection.js';
import { measureRestBody, restBody } from './smpl-body.js';
import { smplParametersFromOutputs, type OutputTensor } from './smpl-outputs.js';

/**
 * The seed design's pipeline: ViTDet finds the person, HMR 2.0 regresses SMPL's betas and pose from
 * a 256×256 crop, and the user's SMPL neutral model gives the T-pose mesh that src/main/body
 * measures. Both networks run as ONNX on onnxruntime-node, on the first execution provider that
 * works (CUDA, DirectML on Windows, CPU). Everything is checked and loaded when the pipeline is
 * created, so `auto` can fall back to the embedded pipeline before the first scan.
 */

export const hmr2PipelineVersion = '0.1.0';

/** Largest photo side decoded: crops sample the photo at full resolution, but not beyond this. */
const maxPhotoSidePx = 8192;

export interface Hmr2PipelineDeps {
  /** Execution providers in order of preference (default: CUDA, DirectML on Windows, CPU). */
  providers?: readonly ExecutionProviderName[];
  createSession?: SessionFactory;
  checksumCache?: ChecksumCache;
  /** Person score above which a detection counts (default 0.5, as 4D-Humans' demo). */
  personScoreThreshold?: number;
}

const stagePercent = {
  detect: 0,
  crop: 20,
  regress: 30,
  body: 55,
  measure: 65,
  export: 85,
} as const;

type Stage = keyof typeof stagePercent;

function describeProvider(opened: readonly OpenedSession[]): { provider: string; note: string | null } {
  const providers = [...new Set(opened.map((session) => session.provider))];
  const failures = opened.flatMap((session) => session.failedAttempts);
  const unique = [...new Map(failures.map((attempt) => [attempt.provider, attempt])).values()];
  return {
    provider: providers.join('+'),
    note:
      unique.length > 0
        ? `running on ${providers.join('+')}: ${unique.map((attempt) => `${attempt.provider} unavailable (${attempt.reason})`).join('; ')}`
        : null,
  };
}

/** An output as plain numbers (int64 outputs arrive as BigInt64Array). */
function outputTensor(outputs: ort.InferenceSession.OnnxValueMapType, name: string): OutputTensor {
  const value = outputs[name];
  if (!value) throw new Error(`the model returned no "${name}"`);
  const data = value.data as ArrayLike<number> | BigInt64Array;
  return { dims: value.dims, data: data instanceof BigInt64Array ? Array.from(data, Number) : data };
}

export async function createHmr2Pipeline(options: PipelineOptions, deps: Hmr2PipelineDeps = {}): Promise<Pipeline> {
  const { log } = options;
  const cache = deps.checksumCache ?? ChecksumCache.besideManifest(options.modelsDir, log);
  const files: Hmr2Files = await resolveHmr2Files(options.modelsDir, cache);
  const providers = deps.providers ?? defaultExecutionProviders();
  const scoreThreshold = deps.personScoreThreshold ?? defaultPersonScoreThreshold;
  // Loaded only now that the files are there: without them the worker never loads the native runtime.
  const { Tensor } = await import('onnxruntime-node');

  const opened: OpenedSession[] = [];
  const releaseAll = async (): Promise<void> => {
    for (const { session } of opened.splice(0)) await session.release();
  };
  let bodyModel: BodyModel;
  try {
    const detector = await openSession(files.detector.path, {
      providers,
      label: `ONNX model "${files.detector.entry.name}"`,
      create: deps.createSession,
      log,
    });
    opened.push(detector);
    checkSignature(detector.session, files.detector.entry, `${files.detector.path}`);
    // The regressor starts from the provider the detector got: the ones before it already failed.
    const regressorProviders = providers.slice(Math.max(0, providers.indexOf(detector.provider)));
    const regressor = await openSession(files.regressor.path, {
      providers: regressorProviders,
      label: `ONNX model "${files.regressor.entry.name}"`,
      create: deps.createSession,
      log,
    });
    opened.push(regressor);
    checkSignature(regressor.session, files.regressor.entry, `${files.regressor.path}`);
    bodyModel = await loadBodyModel(files.bodyModel.path);
    if (bodyModel.jointCount !== 24) {
      throw new ModelFilesError(
        'model_signature_mismatch',
        `${files.bodyModel.path} has ${bodyModel.jointCount} joints; HMR 2.0's pose needs SMPL's 24`,
      );
    }
  } catch (error) {
    await releaseAll();
    throw error;
  }
  const [detector, regressor] = opened as [OpenedSession, OpenedSession];
  const provider = describeProvider(opened);

  const chosenBy =
    options.choice === 'hmr2'
      ? 'chosen by configuration (PERFIT_PIPELINE=hmr2)'
      : 'auto: every HMR 2.0 + ViTDet file listed in models/manifest.json is present and matches its checksum and signature';
  const info: PipelineInfo = {
    name: 'hmr2',
    version: hmr2PipelineVersion,
    executionProvider: provider.provider,
    models: [
      { name: files.detector.entry.name, version: files.detector.entry.version },
      { name: files.regressor.entry.name, version: files.regressor.entry.version },
      { name: files.bodyModel.entry.name, version: files.bodyModel.entry.version },
    ],
    selectionNote: provider.note ? `${chosenBy}; ${provider.note}` : `${chosenBy}; running on ${provider.provider}`,
  };
  const modelProvenance = [files.detector.entry, files.regressor.entry].map((entry) => ({
    name: entry.name,
    version: entry.version,
    ...(entry.sha256 ? { sha256: entry.sha256 } : {}),
  }));
  const inputSize = files.detector.inputSize;

  async function detect(image: RgbImage) {
    const input = await detectorInputFor(image, inputSize);
    const outputs = await detector.session.run({ image: new Tensor('float32', input.tensor, [3, inputSize, inputSize]) });
    return detectionsFromOutputs(
      {
        boxes: outputTensor(outputs, 'boxes').data,
        scores: outputTensor(outputs, 'scores').data,
        classes: outputTensor(outputs, 'classes').data,
      },
      input,
      image,
    );
  }

  async function regress(tensor: Float32Array) {
    const outputs = await regressor.session.run({ img: new Tensor('float32', tensor, [1, 3, hmr2PatchSizePx, hmr2PatchSizePx]) });
    return smplParametersFromOutputs({
      betas: outputTensor(outputs, 'betas'),
      globalOrient: outputTensor(outputs, 'global_orient'),
      bodyPose: outputTensor(outputs, 'body_pose'),
      camera: outputTensor(outputs, 'pred_cam'),
    });
  }

  async function decodePhoto(path: string): Promise<RgbImage> {
    try {
      const decoded = await decodeImage(new Uint8Array(await readFile(path)), { maxSidePx: maxPhotoSidePx });
      return { width: decoded.width, height: decoded.height, data: decoded.rgb };
    } catch (error) {
      if (error instanceof ImageUndecodableError) throw new ScanRejectedError(error.code, error.message);
      throw error;
    }
  }

  return {
    info,

    async warmUp() {
      // One pass through each network allocates its buffers (and compiles CUDA kernels) before the first customer.
      const started = performance.now();
      const plane = inputSize * inputSize;
      const image = new Float32Array(3 * plane);
      for (let channel = 0; channel < 3; channel++) image.fill(vitdetPixelMeanRgb[channel]!, channel * plane, (channel + 1) * plane);
      await detector.session.run({ image: new Tensor('float32', image, [3, inputSize, inputSize]) });
      const detectMs = performance.now() - started;
      await regressor.session.run({
        img: new Tensor('float32', new Float32Array(3 * hmr2PatchSizePx * hmr2PatchSizePx), [1, 3, hmr2PatchSizePx, hmr2PatchSizePx]),
      });
      log('info', 'hmr2 pipeline ready', {
        executionProvider: info.executionProvider,
        models: info.models,
        warmUpDetectMs: Math.round(detectMs),
        warmUpRegressMs: Math.round(performance.now() - started - detectMs),
      });
    },

    async run(input: ScanInput, onProgress: (progress: ScanProgress) => void): Promise<ScanResult> {
      const progress = (stage: Stage): void => onProgress({ stage, percent: stagePercent[stage] });
      const notes: string[] = [];

      progress('detect');
      const image = await decodePhoto(input.imagePath);
      const found = selectPerson(await detect(image), scoreThreshold);
      if (!found) {
        throw new ScanRejectedError(
          'no_person',
          'No person was found in the photo: make sure the customer stands in full view of the camera, and take the photo again.',
        );
      }
      if (found.personCount > 1) notes.push(`${found.personCount} people were detected; the largest was measured.`);

      progress('crop');
      const { tensor } = hmr2InputFor(image, found.person.box);

      progress('regress');
      const params = await regress(tensor);

      progress('body');
      const body = restBody(bodyModel, params.betas, input.heightCm);
      notes.push(...body.notes);

      progress('measure');
      const measured = measureRestBody(bodyModel, body);
      notes.push(...measured.notes);
      if (measured.measurements.length === 0) throw new Error(`no measurement could be taken on ${files.bodyModel.path}`);

      progress('export');
      const artifacts = bodyArtifacts(bodyModel, body.vertices, params);
      if (input.sideImagePath) notes.push('The side photo is not used by the hmr2 pipeline: HMR 2.0 reads one photo.');
      if (input.gender !== 'neutral') notes.push(`HMR 2.0 predicts betas of SMPL's neutral model; the ${input.gender} model is not used.`);
      return {
        betas: params.betas,
        bodyPose: params.bodyPose,
        globalOrient: params.globalOrient,
        measurements: measured.measurements,
        provenance: {
          pipeline: info.name,
          pipelineVersion: info.version,
          bodyModel: {
            name: files.bodyModel.entry.name,
            version: files.bodyModel.entry.version,
            ...(files.bodyModel.entry.sha256 ? { sha256: files.bodyModel.entry.sha256 } : {}),
          },
          models: modelProvenance,
          executionProvider: info.executionProvider,
          notes,
        },
        artifacts,
      };
    },

    async close() {
      await releaseAll();
    },
  };
}

/** The module shape the inference worker imports (`pipelineModuleUrl`). */
export const createPipeline: PipelineModule['createPipeline'] = (options) => createHmr2Pipeline(options);
