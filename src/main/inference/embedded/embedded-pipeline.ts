import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BodyModel } from '../../body/model.js';
import { loadOpenBodyModel, openBodyModelPath } from '../../body/load-model.js';
import { loadShapeStats, shapeStatsPath, type ShapeStats } from '../../body/shape-stats.js';
import type { Gender } from '../../jobs/types.js';
import { captureHumanOptions } from '../capture-checks/human-settings.js';
import { observeFrame, type ObservingRuntime } from '../capture-checks/observe-frame.js';
import { burstLook, observeBurstFrame } from '../capture-checks/observe-burst-frame.js';
import { checkFrame } from '../capture-checks/rules.js';
import type { CaptureIssue, FrameObservation } from '../capture-checks/types.js';
import { createHumanRuntime, type HumanRuntime } from '../human/human-runtime.js';
import type { Pipeline, PipelineInfo, PipelineModule, PipelineOptions, ScanInput, ScanProgress, ScanResult } from '../pipeline.js';
import { ScanRejectedError } from '../pipeline.js';
import { exportMeasuredFit, measureFit, type BodyStage } from './body-step.js';
import { fuseMeasurements } from '../frame-fusion.js';
import { burstNote } from '../burst-note.js';
import { garmentEase } from './garment-ease.js';
import { cameraStatureRelativeSd } from '../../calibration/camera-stature.js';
import { assumedStatureSdLevel } from './fit-uncertainty.js';
import { cameraStatureStep } from './camera-stature-step.js';
import { ankleShare, shoeSole } from './shoe-sole.js';
import { outlineReadingNote } from './local-girth.js';
import { fitSilhouettes, type FitView } from './silhouette-fit.js';
import { skirtBand, skirtHiddenColumns } from './skirt-band.js';
import { floorRow, tragionColumns, tragionShare, verticalExtent } from './vertical-extent.js';

/**
 * The embedded pipeline: runs out of the box with what ships in npm packages and the project.
 * Human (tfjs-WASM) finds the face, BlazePose keypoints and the person mask; the capture checks
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
}

/**
 * Gauss–Newton steps of a burst's other frame sets, from the first set's betas: a frame a moment
 * later moves the fit less than the survey mean is from the customer. From the survey mean a fit
 * takes 5–8 steps to converge; on 20 dev subjects two steps from the first set's betas fused to a
 * girth MAE no worse than converged fits (front + side 3.26 → 3.20 cm, front 5.23 → 5.07 cm).
 */
const burstFitIterations = 2;

const stagePercent: Record<'detect' | 'silhouette' | 'fit' | BodyStage, number> = {
  detect: 0,
  silhouette: 30,
  fit: 40,
  measure: 65,
  export: 85,
};

/** The open model has male, female and neutral variants; the job's gender picks one. */
function modelGender(gender: Gender): 'male' | 'female' | 'neutral' {
  return gender;
}

async function readBytes(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

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

  const info: PipelineInfo = {
    name: 'embedded',
    version: embeddedPipelineVersion,
    executionProvider: 'tfjs-wasm',
    models: [],
    selectionNote:
      options.choice === 'embedded'
        ? 'chosen by configuration (PERFIT_PIPELINE=embedded)'
        : 'the default pipeline: ships with the app, needs no downloads',
  };

  const describeModels = (loaded: HumanRuntime['info'], bodyModel: BodyModel): PipelineInfo['models'] => [
    ...loaded.models.map((model) => ({
      name: `human/${
        model.url
          .split('/')
          .pop()
          ?.replace(/\.json$/, '') ?? model.module
      }`,
      version: loaded.humanVersion,
    })),
    { name: bodyModel.name, version: bodyModel.version },
  ];

  /**
   * A view's frames, in order (one at a time: Human runs one image at a time anyway): the first, the
   * photo shown to the customer, as a single-photo scan observes it; the others with one look. The
   * next frame's decode starts while the models look at the current one (`next`: the photo after
   * the view's last, the side view's first).
   */
  async function observeAll(
    paths: readonly string[],
    view: 'front' | 'side',
    next: Promise<Uint8Array> | null,
  ): Promise<FrameObservation[]> {
    if (!runtime) throw new Error('the embedded pipeline was not warmed up');
    const human = runtime;
    const bytes = paths.map(readBytes);
    // A read that fails is thrown where its frame is looked at; one never reached must not go unhandled.
    for (const read of bytes) read.catch(() => undefined);
    const following = [...bytes.slice(1), next];
    const observations: FrameObservation[] = [];
    for (const [index, photo] of bytes.entries()) {
      const imageBytes = await photo;
      const upcoming = following[index];
      if (upcoming && human.prepare) human.prepare(await upcoming);
      observations.push(
        index === 0
          ? (await observeFrame(human, imageBytes, view)).observation
          : await observeBurstFrame(human, imageBytes, view, burstLook(index)),
      );
    }
    return observations;
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
      const sidePaths = input.sideImagePath ? [input.sideImagePath, ...(input.sideFramePaths ?? [])] : [];
      const firstSide = sidePaths[0] ? readBytes(sidePaths[0]) : null;
      firstSide?.catch(() => undefined);
      const frontFrames = await observeAll([input.imagePath, ...(input.framePaths ?? [])], 'front', firstSide);
      const sideFrames = sidePaths.length > 0 ? await observeAll(sidePaths, 'side', null) : [];
      const front = frontFrames[0]!;
      const side = sideFrames[0] ?? null;
      // The first frame of each view is the photo shown to the customer: refused, the scan fails as with one photo.
      for (const [view, observation] of [
        ['front', front],
        ['side', side],
      ] as const) {
        if (!observation) continue;
        const issues = checkPhoto(observation);
        const error = firstError(issues, view);
        if (error) throw new ScanRejectedError(error.code, error.message);
        for (const warning of issues) notes.push(`${view === 'side' ? 'Side photo: ' : ''}${warning.message}`);
      }
      // A burst's other frames only add evidence: one the checks refuse is left out of the fusion.
      const refused: { view: 'front' | 'side'; code: string }[] = [];
      const usable = (frames: FrameObservation[]): FrameObservation[] => [
        frames[0]!,
        ...frames.slice(1).filter((frame) => {
          const code = checkPhoto(frame).find((issue) => issue.severity === 'error')?.code ?? (frame.silhouette ? null : 'no_person');
          if (code) refused.push({ view: frame.view, code });
          return code === null;
        }),
      ];
      const fronts = usable(frontFrames);
      const sides = sideFrames.length > 0 ? usable(sideFrames) : [];

      progress('silhouette');
      const { stats, tragionShare: earShare } = await statsFor(input.gender);
      const statureIndex = stats.columns.indexOf('stature');
      const model = await loadOpenBodyModel(modelGender(input.gender));
      const ease = garmentEase[input.clothing];

      /**
       * One frame set (a front frame, and a side frame when the scan has a side view) up to its
       * fit: what a single-photo scan does. Only the first set's notes, warnings and floor line
       * are kept: they describe the photos shown to the customer.
       */
      const prepareSet = (frontFrame: FrameObservation, sideFrame: FrameObservation | null) => {
        const setNotes: string[] = [];
        const views: FitView[] = [];
        for (const observation of [frontFrame, sideFrame]) {
          if (!observation?.silhouette) continue;
          const extent = verticalExtent(observation.silhouette, observation.body, earShare);
          if (observation === frontFrame) setNotes.push(...extent.notes);
          const floor = floorRow(observation.silhouette, observation.body);
          views.push({
            view: observation.view,
            silhouette: observation.silhouette,
            body: observation.body,
            imageWidth: observation.imageWidth,
            imageHeight: observation.imageHeight,
            topY: extent.topY,
            floorY: floor.y,
            floorAt: floor.at,
          });
        }
        const frontView = views.find((view) => view.view === 'front');
        const camera = cameraStatureStep({
          calibration: input.calibration ?? null,
          typedHeightCm: input.heightCm,
          views,
          frontBody: frontFrame.body,
          shoes: input.shoes,
          ankleShare: ankleShare(model),
        });
        setNotes.push(...camera.notes);
        const assumedHeight = input.heightCm === null && camera.statureCm === null;
        const statureCm = input.heightCm ?? camera.statureCm ?? stats.mean[statureIndex]! / 10;
        const scaleRelativeSd =
          input.heightCm !== null
            ? 0
            : camera.statureCm !== null
              ? cameraStatureRelativeSd
              : (stats.sd[statureIndex]! / stats.mean[statureIndex]!) * assumedStatureSdLevel(stats.sex);
        if (assumedHeight) {
          const people = stats.sex === 'neutral' ? 'adults' : `${stats.sex}s`;
          setNotes.push(
            `Height not given: the scale assumes the survey's mean stature for ${people} (${statureCm.toFixed(1)} cm, ANSUR II); ` +
              `every measurement's confidence includes ±${(scaleRelativeSd * 100).toFixed(1)}% for it. ` +
              "Enter the customer's height for exact sizes.",
          );
        }
        if (!sideFrame)
          setNotes.push('No side photo: body depths come from the front outline and the survey, and their confidence is wider.');
        setNotes.push(
          `Clothing ${input.clothing}: outlines are taken ${ease.easeCm} cm inside the clothes' edge; ` +
            'tight clothes give the closest figures.',
        );
        const hiddenBand = ease.hides === 'waist_to_knee' && frontView ? skirtBand(frontView) : null;
        if (hiddenBand) {
          setNotes.push(
            'Dress or skirt: nothing is read from the outline between the waist and the hem; waist, hip, thigh ' +
              'and inseam come from the survey given what is seen, and are marked regressed.',
          );
        }
        return {
          frontFrame,
          views,
          frontView,
          camera,
          statureCm,
          scaleRelativeSd,
          heightAssumed: assumedHeight,
          hiddenBand,
          notes: setNotes,
        };
      };

      const fitSet = (set: ReturnType<typeof prepareSet>, start?: { betas: Float64Array; maxIterations: number }) => {
        const sole = shoeSole({
          shoes: input.shoes,
          body: set.frontFrame.body,
          topY: set.frontView?.topY ?? 0,
          floorY: set.frontView?.floorY ?? 0,
          statureCm: set.statureCm,
          ankleShare: ankleShare(model),
        });
        const fit = fitSilhouettes({
          model,
          views: set.views,
          statureM: set.statureCm / 100,
          soleM: sole.soleCm / 100,
          easeM: ease.easeCm / 100,
          sideEaseM: ease.sideEaseCm / 100,
          legEaseM: ease.legEaseCm / 100,
          hiddenBand: set.hiddenBand,
          ...(start ? { start } : {}),
        });
        return { ...set, sole, fit };
      };

      // As many sets as the longer burst; the shorter view's frames are reused in turn.
      const setCount = Math.max(fronts.length, sides.length);
      const prepared = Array.from({ length: setCount }, (_, index) =>
        prepareSet(fronts[index % fronts.length]!, sides.length > 0 ? sides[index % sides.length]! : side),
      );
      notes.push(...prepared[0]!.notes);

      progress('fit');
      const first = fitSet(prepared[0]!);
      // The other sets show the same customer a moment later: their fits start from the first's betas.
      const start = first.fit ? { betas: first.fit.betas, maxIterations: burstFitIterations } : undefined;
      const fitted = [first, ...prepared.slice(1).map((set) => fitSet(set, start))];
      notes.push(first.sole.note);
      if (!first.fit)
        throw new ScanRejectedError(
          'no_person',
          'The body could not be outlined in the photo: make sure the whole customer is in view, facing the ' +
            'camera, and take the photo again.',
        );
      const unfitted = fitted.filter((set) => !set.fit).length;

      progress('measure');
      const measured = fitted.flatMap((set) =>
        set.fit
          ? [
              measureFit({
                model,
                stats,
                gender: input.gender,
                evidence: {
                  fit: set.fit,
                  garmentGirthSdCm: ease.girthSdCm,
                  scaleRelativeSd: Math.hypot(set.scaleRelativeSd, set.sole.sdCm / set.statureCm),
                  hiddenColumns: set.hiddenBand ? skirtHiddenColumns : [],
                  heightAssumed: set.heightAssumed,
                  drapedGirths: ease.drapes,
                },
                bodyPose: set.fit.views.find((view) => view.view === 'front')?.pose.bodyPose ?? new Float64Array(69),
              }),
            ]
          : [],
      );
      const outlineNote = outlineReadingNote(measured[0]?.outlineRead ?? []);
      if (outlineNote) notes.push(outlineNote);
      const fused = fuseMeasurements(measured.map((set) => set.measurements));
      if (setCount > 1 || refused.length > 0) {
        notes.push(burstNote({ fronts: frontFrames.length, sides: sideFrames.length, sets: measured.length, refused, unfitted, fused }));
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
        warnings: first.camera.warnings,
        ...(first.camera.check ? { cameraCheck: first.camera.check } : {}),
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
