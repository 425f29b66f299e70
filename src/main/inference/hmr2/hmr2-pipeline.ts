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
import { burstNote } from '../burst-note.js';
import { fuseMeasurements } from '../frame-fusion.js';
import { clothingAsGiven } from '../../scans/capture-conditions.js';
import { resolveHmr2Files, type Hmr2Files } from './model-files.js';
import { hmr2InputFor, hmr2PatchSizePx, type RgbImage } from './person-crop.js';
import {
  defaultPersonScoreThreshold,
  detectionsFromOutputs,
  detectorInputFor,
  selectPerson,
  vitdetPixelMeanRgb,
} from './person-detection.js';
import type { CameraStatureStep } from '../../calibration/scan-stature.js';
import { boxCalibrationAsSeen, boxCameraStature } from './box-stature.js';
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
      // The sessions were created with the pipeline; a one-off scan skips the passes below.
      if (options.warmUpInference === false) {
        log('info', 'hmr2 pipeline ready', { executionProvider: info.executionProvider, models: info.models, warmUp: 'skipped' });
        return;
      }
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
      /** Read through the calibrated camera on the first frame: the stature every frame is scaled to when none was typed. */
      const scale: { camera: CameraStatureStep | null; tiltChangeDeg: number | null } = { camera: null, tiltChangeDeg: null };

      /**
       * One front frame through both networks and the body model. The first frame is the photo
       * shown to the customer: a rejection of it fails the scan. A burst's other frames only add
       * evidence: one without a person, or that cannot be decoded, is left out (`refused`, with its code).
       */
      const readFrame = async (path: string, first: boolean) => {
        const frameNotes: string[] = [];
        if (first) progress('detect');
        let image: RgbImage;
        try {
          image = await decodePhoto(path);
        } catch (error) {
          if (!first && error instanceof ScanRejectedError) return { kind: 'refused', code: error.code } as const;
          throw error;
        }
        const found = selectPerson(await detect(image), scoreThreshold);
        if (!found) {
          if (!first) return { kind: 'refused', code: 'no_person' } as const;
          throw new ScanRejectedError(
            'no_person',
            'No person was found in the photo: make sure the customer stands in full view of the camera, and take the photo again.',
          );
        }
        if (found.personCount > 1) frameNotes.push(`${found.personCount} people were detected; the largest was measured.`);
        if (first) {
          const seen = await boxCalibrationAsSeen(input.calibration ?? null, path, found.person.box, image.width);
          if (seen?.note) frameNotes.push(seen.note);
          scale.tiltChangeDeg = seen?.changeDeg ?? null;
          scale.camera = boxCameraStature({
            calibration: seen?.calibration ?? input.calibration ?? null,
            typedHeightCm: input.heightCm,
            box: found.person.box,
            imageWidth: image.width,
            imageHeight: image.height,
            shoes: input.shoes,
          });
          frameNotes.push(...scale.camera.notes);
        }

        if (first) progress('crop');
        const { tensor } = hmr2InputFor(image, found.person.box);

        if (first) progress('regress');
        const params = await regress(tensor);

        if (first) progress('body');
        const body = restBody(bodyModel, params.betas, input.heightCm ?? scale.camera?.statureCm ?? null);
        frameNotes.push(...body.notes);

        if (first) progress('measure');
        const measured = measureRestBody(bodyModel, body);
        frameNotes.push(...measured.notes);
        if (measured.measurements.length === 0) throw new Error(`no measurement could be taken on ${files.bodyModel.path}`);
        return { kind: 'read', params, body, measurements: measured.measurements, notes: frameNotes } as const;
      };

      const first = await readFrame(input.imagePath, true);
      if (first.kind === 'refused') throw new Error('the first frame cannot be left out');
      notes.push(...first.notes);
      // HMR 2.0 reads one photo at a time: a burst is each front frame regressed, and the figures fused.
      const frames = [first];
      const refused: { view: 'front'; code: string }[] = [];
      for (const path of input.framePaths ?? []) {
        const frame = await readFrame(path, false);
        if (frame.kind === 'refused') refused.push({ view: 'front', code: frame.code });
        else frames.push(frame);
      }
      const fused = fuseMeasurements(frames.map((frame) => frame.measurements));
      const sideFrameCount = input.sideImagePath ? 1 + (input.sideFramePaths?.length ?? 0) : 0;
      if (frames.length > 1 || refused.length > 0) {
        notes.push(burstNote({ fronts: 1 + (input.framePaths?.length ?? 0), sides: 0, sets: frames.length, refused, unfitted: 0, fused }));
      }
      const kept = frames[fused.representative]!;

      progress('export');
      const artifacts = bodyArtifacts(bodyModel, kept.body.vertices, kept.params);
      if (sideFrameCount === 1) notes.push('The side photo is not used by the hmr2 pipeline: HMR 2.0 reads one photo.');
      if (sideFrameCount > 1) notes.push('The side frames are not used by the hmr2 pipeline: HMR 2.0 reads front photos.');
      if (input.gender !== 'neutral') notes.push(`HMR 2.0 predicts betas of SMPL's neutral model; the ${input.gender} model is not used.`);
      return {
        betas: kept.params.betas,
        bodyPose: kept.params.bodyPose,
        globalOrient: kept.params.globalOrient,
        measurements: fused.measurements,
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
        heightSource: input.heightCm !== null ? 'typed' : (scale.camera?.statureCm ?? null) !== null ? 'camera' : 'model',
        warnings: scale.camera?.warnings ?? [],
        ...(scale.camera?.check ? { cameraCheck: { ...scale.camera.check, tiltChangeDeg: scale.tiltChangeDeg } } : {}),
        cameraHeightCm: scale.camera?.readCm ?? null,
        // HMR 2.0 takes no ease off for clothes: the class is recorded as given, not judged.
        ...clothingAsGiven(input.clothing),
        framesUsed: { front: frames.length, side: 0 },
      };
    },

    async close() {
      await releaseAll();
    },
  };
}

/** The module shape the inference worker imports (`pipelineModuleUrl`). */
export const createPipeline: PipelineModule['createPipeline'] = (options) => createHmr2Pipeline(options);
