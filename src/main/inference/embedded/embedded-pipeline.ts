import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BodyModel } from '../../body/model.js';
import { loadOpenBodyModel, openBodyModelPath } from '../../body/load-model.js';
import { loadShapeStats, shapeStatsPath, type ShapeStats } from '../../body/shape-stats.js';
import type { Gender } from '../../jobs/types.js';
import { clothingAsGiven } from '../../scans/capture-conditions.js';
import type { WorkerFactory } from '../../threads/worker-factory.js';
import { burstNote } from '../burst-note.js';
import { captureHumanOptions } from '../capture-checks/human-settings.js';
import type { ObservingRuntime } from '../capture-checks/observe-frame.js';
import { checkFrame } from '../capture-checks/rules.js';
import type { CaptureIssue, FrameObservation } from '../capture-checks/types.js';
import { fuseMeasurements } from '../frame-fusion.js';
import { createHumanRuntime, type HumanRuntime } from '../human/human-runtime.js';
import type { Pipeline, PipelineInfo, PipelineModule, PipelineOptions, ScanInput, ScanProgress, ScanResult } from '../pipeline.js';
import { ScanRejectedError } from '../pipeline.js';
import { exportMeasuredFit, type BodyStage } from './body-step.js';
import { frontAloneHipNote } from './front-alone-hip.js';
import { calibrationAsSeen } from './camera-stature-step.js';
import { judgeClothing, photoForColours } from './clothing-from-photo.js';
import { FrameSetFits, modelGender, uncomparedViewNotes, type JudgedScanInput, type ScanSetup } from './frame-sets.js';
import { garmentEase, openClassGirthSdCm } from './garment-ease.js';
import { outlineReadingNote } from './local-girth.js';
import { lookAtFrames } from './scan-frames.js';
import { inThreadFitter, workerFitter, type SetFitter } from './set-fitter.js';
import { shoeSole } from './shoe-sole.js';
import { tragionColumns, tragionShare } from './vertical-extent.js';

/**
 * The embedded pipeline: runs out of the box with what ships in npm packages and the project.
 * Human's networks (on onnxruntime) find the face, BlazePose keypoints and the person mask; the capture checks
 * reject photos that would give a wrong body; the open body model, posed as in each photo by the
 * keypoints and drawn by the kiosk camera (placed by the customer's height), has its betas fitted
 * so that its silhouettes match the masks (silhouette-fit.ts); the fitted body is measured on its
 * T-posed mesh, each figure with a confidence from this scan's evidence.
 */

export const embeddedPipelineVersion = '0.2.0';

export interface EmbeddedPipelineDeps {
  /** A Human runtime with the face, body and segmentation modules (default: created in warmUp). */
  runtime?: ObservingRuntime & { info: HumanRuntime['info']; prepare?: HumanRuntime['prepare']; dispose?(): void };
  /** The capture checks a photo must pass (default: the kiosk's own, capture-checks/rules.ts). */
  checkFrame?: (observation: FrameObservation) => CaptureIssue[];
  /**
   * Where a burst's frame sets are fitted: in a thread of their own while this one runs Human on
   * the next frames (default), or here, one after the other. The numbers are the same.
   */
  burstFits?: 'worker' | 'this thread';
  /** Starts the fit thread (default: fit-worker.ts, located as set-fitter.ts says). */
  fitWorkerFactory?: WorkerFactory;
}

const stagePercent: Record<'detect' | 'silhouette' | 'fit' | BodyStage, number> = {
  detect: 0,
  silhouette: 30,
  fit: 40,
  measure: 65,
  export: 85,
};

function firstError(issues: readonly CaptureIssue[], view: 'front' | 'side'): CaptureIssue | undefined {
  const error = issues.find((issue) => issue.severity === 'error');
  return error && view === 'side' ? { ...error, message: `Side photo: ${error.message}` } : error;
}

export async function createEmbeddedPipeline(options: PipelineOptions, deps: EmbeddedPipelineDeps = {}): Promise<Pipeline> {
  // Fail at selection, not at the first scan, when the shipped files are missing.
  const missing = [openBodyModelPath('neutral'), shapeStatsPath()].filter((path) => !existsSync(path));
  if (missing.length > 0) throw new Error(`the open body model files are missing: ${missing.join(', ')}`);
  let runtime = deps.runtime ?? null;
  const ownsRuntime = !deps.runtime;
  const checkPhoto = deps.checkFrame ?? checkFrame;
  const statsCache = new Map<string, { stats: ShapeStats; tragionShare: number }>();

  async function statsFor(gender: Gender): Promise<{ stats: ShapeStats; tragionShare: number }> {
    const key = modelGender(gender);
    let entry = statsCache.get(key);
    if (!entry) {
      const stats = await loadShapeStats(key);
      const meanOf = (column: (typeof tragionColumns)[number]): number => {
        const index = stats.columns.indexOf(column);
        if (index < 0) throw new Error(`the survey statistics lack ${column}, needed for the ear's height`);
        return stats.mean[index]!;
      };
      entry = { stats, tragionShare: tragionShare(meanOf) };
      statsCache.set(key, entry);
    }
    return entry;
  }

  /** What every frame set of a scan shares: the survey statistics, the body model and the clothing's ease. */
  async function scanSetup(input: JudgedScanInput, classOpen: boolean): Promise<ScanSetup> {
    const { stats, tragionShare: earShare } = await statsFor(input.gender);
    const model = await loadOpenBodyModel(modelGender(input.gender));
    return { input, stats, earShare, model, ease: garmentEase[input.clothing], classOpen, sole: shoeSole(input.shoes) };
  }

  const info: PipelineInfo = {
    name: 'embedded',
    version: embeddedPipelineVersion,
    executionProvider: 'onnxruntime-cpu',
    models: [],
    selectionNote:
      options.choice === 'embedded'
        ? 'chosen by configuration (PERFIT_PIPELINE=embedded)'
        : 'the default pipeline: ships with the app, needs no downloads',
  };

  const describeModels = (loaded: HumanRuntime['info'], bodyModel: BodyModel | null): PipelineInfo['models'] => [
    ...loaded.models.map((model) => ({
      name: `human/${
        model.url
          .split('/')
          .pop()
          ?.replace(/\.json$/, '') ?? model.module
      }`,
      version: loaded.humanVersion,
    })),
    ...(bodyModel ? [{ name: bodyModel.name, version: bodyModel.version }] : []),
  ];

  /** Fits a burst's frame sets, started by the first burst (a single photo is fitted here). */
  let burstFitter: SetFitter | null = null;
  const fitterFor = (burst: boolean): SetFitter => {
    if (!burst || deps.burstFits === 'this thread') return inThreadFitter;
    burstFitter ??= workerFitter({ log: options.log, ...(deps.fitWorkerFactory ? { workerFactory: deps.fitWorkerFactory } : {}) });
    return burstFitter;
  };

  return {
    info,
    async warmUp() {
      // The body model and its statistics are read and parsed in the pauses of Human's load (its
      // model files are read asynchronously), not after it. A one-off scan reads its customer's
      // own when it runs (the neutral one would be some 45 ms for nothing).
      const bodyModel = options.warmUpInference === false ? null : Promise.all([loadOpenBodyModel('neutral'), statsFor('neutral')]);
      bodyModel?.catch(() => undefined);
      if (!runtime) {
        runtime = await createHumanRuntime({
          ...captureHumanOptions,
          log: options.log,
          warmUpInference: options.warmUpInference,
          ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
        });
      }
      info.models = describeModels(runtime.info, bodyModel ? (await bodyModel)[0] : null);
      options.log('info', 'embedded pipeline ready', { models: info.models });
    },

    async run(input: ScanInput, onProgress: (progress: ScanProgress) => void): Promise<ScanResult> {
      const progress = (stage: keyof typeof stagePercent): void => onProgress({ stage, percent: stagePercent[stage] });
      progress('detect');
      const notes: string[] = [];
      if (!runtime) throw new Error('the embedded pipeline was not warmed up');
      const paths = {
        front: [input.imagePath, ...(input.framePaths ?? [])],
        side: input.sideImagePath ? [input.sideImagePath, ...(input.sideFramePaths ?? [])] : [],
      };
      const fitter = fitterFor(paths.front.length > 1 || paths.side.length > 1);
      // What the scan needs once its photos are accepted is read while Human looks at them: the
      // body model and survey statistics of the customer's gender (parsed on this thread in the
      // looks' waits) and, with the clothing left out, the front photo decoded small for its
      // colours (on sharp's threads). A refused scan drops them. Both loads are cached by the
      // files they read, so scanSetup below gets the same ones; failures surface where they are used.
      Promise.all([statsFor(input.gender), loadOpenBodyModel(modelGender(input.gender))]).catch(() => undefined);
      const coloursAhead = input.clothing === null ? readFile(input.imagePath).then(photoForColours) : null;
      coloursAhead?.catch(() => undefined);
      // Set once the photos shown are accepted; the frame sets start fitting as their frames are looked at.
      const scan: { sets: FrameSetFits | null } = { sets: null };
      let clothing = clothingAsGiven(input.clothing);
      let tiltChangeDeg: number | null = null;
      const looked = await lookAtFrames(
        runtime,
        paths,
        checkPhoto,
        {
          shownLooked: async (shown) => {
            // The photos shown to the customer: refused, the scan fails as with one photo.
            for (const [view, photo] of [
              ['front', shown.front],
              ['side', shown.side],
            ] as const) {
              if (!photo) continue;
              const issues = checkPhoto(photo);
              const error = firstError(issues, view);
              if (error) throw new ScanRejectedError(error.code, error.message);
              for (const warning of issues) notes.push(`${view === 'side' ? 'Side photo: ' : ''}${warning.message}`);
            }
            progress('silhouette');
            // Judged clothed, the customer may wear any class; bare skin is the one class the photo tells.
            let classOpen = false;
            if (input.clothing === null) {
              const judged = judgeClothing(
                await (coloursAhead ?? readFile(input.imagePath).then(photoForColours)),
                shown.front.faces[0],
                shown.front.body?.keypoints ?? [],
              );
              clothing = { clothing: judged.clothing, clothingSource: 'photo' };
              classOpen = judged.clothing !== 'tight';
              notes.push(
                `Clothing not given: judged ${judged.clothing} from the front photo, as ${judged.reason}.` +
                  (classOpen
                    ? " The clothes could be tighter or looser than that: the girths' confidence includes " +
                      `±${openClassGirthSdCm.trunk} cm on the trunk and ±${openClassGirthSdCm.legs} cm on the legs for it. ` +
                      'Choose the clothing for closer figures.'
                    : ''),
              );
            }
            const seen = calibrationAsSeen(input.calibration ?? null, shown.frontGray, shown.front);
            if (seen.note) notes.push(seen.note);
            tiltChangeDeg = seen.changeDeg;
            const setupInput = { ...input, clothing: clothing.clothing, calibration: seen.calibration };
            scan.sets = new FrameSetFits(await scanSetup(setupInput, classOpen), fitter, (firstSet) => {
              notes.push(...firstSet.notes);
              progress('fit');
            });
          },
          looked: (usable) => scan.sets?.startReady(usable, paths.side.length > 0),
        },
        { outline: Boolean(input.calibration) },
      );
      const sets = scan.sets;
      if (!sets) throw new Error('the scan has no front photo');
      const { all, usable, refused } = looked;
      sets.startRemaining(usable);
      const { model } = sets.setup;

      const firstSet = await sets.fits[0]!;
      notes.push(sets.setup.sole.note);
      if (!firstSet.fit)
        throw new ScanRejectedError(
          'no_person',
          'The body could not be outlined in the photo: make sure the whole customer is in view, facing the ' +
            'camera, and take the photo again.',
        );
      notes.push(...uncomparedViewNotes(firstSet.views, firstSet.fit));
      progress('measure');
      const { measured, unfitted } = await sets.measure();
      const outlineNote = outlineReadingNote(measured[0]?.outlineRead ?? []);
      if (outlineNote) notes.push(outlineNote);
      if (measured[0]?.hipWithFrontAlone) notes.push(frontAloneHipNote);
      const fused = fuseMeasurements(measured.map((set) => set.measurements));
      if (sets.fits.length > 1 || refused.length > 0) {
        notes.push(
          burstNote({
            fronts: all.front.length,
            sides: all.side.length,
            sets: measured.length,
            refused,
            unfitted,
            fused,
          }),
        );
      }

      progress('export');
      const body = exportMeasuredFit(model, measured[fused.representative]!, fused.measurements);
      notes.push("The mesh is in the body model's rest pose; body_pose holds the arm and leg angles of the front photo.");
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
        warnings: firstSet.camera.warnings,
        framesUsed: { front: usable.front.length, side: usable.side.length },
        ...clothing,
        heightSource: input.heightCm !== null ? 'typed' : firstSet.camera.statureCm !== null ? 'camera' : 'survey_mean',
        ...(firstSet.camera.check ? { cameraCheck: { ...firstSet.camera.check, tiltChangeDeg } } : {}),
        cameraHeightCm: firstSet.camera.readCm,
      };
    },

    async close() {
      if (ownsRuntime) runtime?.dispose?.();
      runtime = null;
      await burstFitter?.close();
      burstFitter = null;
    },
  };
}

/** The module shape the inference worker imports (`pipelineModuleUrl`). */
export const createPipeline: PipelineModule['createPipeline'] = (options) => createEmbeddedPipeline(options);
