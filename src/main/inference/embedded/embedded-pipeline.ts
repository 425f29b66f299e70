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
import type { FitView } from './silhouette-fit.js';
import { inThreadFitter, workerFitter, type SetFitter } from './set-fitter.js';
import type { WorkerFactory } from '../../threads/worker-factory.js';
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
  /**
   * Where a burst's frame sets are fitted: in a thread of their own while this one runs Human on
   * the next frames (default), or here, one after the other. The numbers are the same.
   */
  burstFits?: 'worker' | 'this thread';
  /** Starts the fit thread (default: fit-worker.ts, located as set-fitter.ts says). */
  fitWorkerFactory?: WorkerFactory;
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
      if (!runtime) {
        runtime = await createHumanRuntime({ ...captureHumanOptions, log: options.log, warmUpInference: options.warmUpInference });
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
      if (!runtime) throw new Error('the embedded pipeline was not warmed up');
      const human = runtime;
      const paths = {
        front: [input.imagePath, ...(input.framePaths ?? [])],
        side: input.sideImagePath ? [input.sideImagePath, ...(input.sideFramePaths ?? [])] : [],
      };
      const burst = paths.front.length > 1 || paths.side.length > 1;
      const fitter = fitterFor(burst);
      /** What every frame set of this scan shares, once the photos shown are accepted. */
      async function scanContext() {
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

        const fitSet = async (
          set: ReturnType<typeof prepareSet>,
          start: { betas: Float64Array; maxIterations: number } | 'skip' | null,
        ) => {
          const sole = shoeSole({
            shoes: input.shoes,
            body: set.frontFrame.body,
            topY: set.frontView?.topY ?? 0,
            floorY: set.frontView?.floorY ?? 0,
            statureCm: set.statureCm,
            ankleShare: ankleShare(model),
          });
          const fit =
            start === 'skip'
              ? null
              : await fitter.fit(
                  modelGender(input.gender),
                  {
                    views: set.views,
                    statureM: set.statureCm / 100,
                    soleM: sole.soleCm / 100,
                    easeM: ease.easeCm / 100,
                    sideEaseM: ease.sideEaseCm / 100,
                    legEaseM: ease.legEaseCm / 100,
                    hiddenBand: set.hiddenBand,
                    ...(start ? { start } : {}),
                  },
                  model,
                );
          return { ...set, sole, fit };
        };

        let first: ReturnType<typeof fitSet> | null = null;
        /**
         * Prepares the next frame set and starts its fit: the first from the survey mean; the others
         * show the same customer a moment later and start from the first's betas (a scan whose first
         * set cannot be fitted is refused, so theirs are not fitted then). Only the first set's notes
         * are kept.
         */
        const fitPrepared = (frontFrame: FrameObservation, sideFrame: FrameObservation | null): ReturnType<typeof fitSet> => {
          const set = prepareSet(frontFrame, sideFrame);
          if (!first) {
            notes.push(...set.notes);
            progress('fit');
            first = fitSet(set, null);
            // Awaited after the frames are looked at; a scan that fails before must not leave it unhandled.
            first.catch(() => undefined);
            return first;
          }
          const fitted = first.then((firstSet) =>
            fitSet(set, firstSet.fit ? { betas: firstSet.fit.betas, maxIterations: burstFitIterations } : 'skip'),
          );
          fitted.catch(() => undefined);
          return fitted;
        };
        return { model, stats, ease, fitPrepared };
      }

      // Front and side frames in turn (front 0, side 0, front 1, …), so that each frame set can be
      // fitted as soon as both its frames are looked at, while the models look at the next ones.
      const order: { view: 'front' | 'side'; index: number; path: string }[] = [];
      for (let index = 0; index < Math.max(paths.front.length, paths.side.length); index++) {
        for (const view of ['front', 'side'] as const) {
          const path = paths[view][index];
          if (path !== undefined) order.push({ view, index, path });
        }
      }
      const bytes = order.map((frame) => readBytes(frame.path));
      // A read that fails is thrown where its frame is looked at; one never reached must not go unhandled.
      for (const read of bytes) read.catch(() => undefined);
      /** Every frame looked at, per view; and the frames the sets are made of: the first, and the others the checks let through. */
      const frames = { front: [] as FrameObservation[], side: [] as FrameObservation[] };
      const usable = { front: [] as FrameObservation[], side: [] as FrameObservation[] };
      // A burst's other frames only add evidence: one the checks refuse is left out of the fusion.
      const refused = { front: [] as { view: 'front' | 'side'; code: string }[], side: [] as { view: 'front' | 'side'; code: string }[] };
      type ScanContext = Awaited<ReturnType<typeof scanContext>>;
      type FittedSet = Awaited<ReturnType<ScanContext['fitPrepared']>>;
      let scan: ScanContext | null = null;
      const fits: Promise<FittedSet>[] = [];
      /** The sets whose frames are all looked at and final: set i is front frame i with side frame i. */
      const dispatchReady = (): void => {
        if (!scan) return;
        const ready = paths.side.length > 0 ? Math.min(usable.front.length, usable.side.length) : usable.front.length;
        while (fits.length < ready) fits.push(scan.fitPrepared(usable.front[fits.length]!, usable.side[fits.length] ?? null));
      };
      for (const [position, frame] of order.entries()) {
        const imageBytes = await bytes[position]!;
        const upcoming = bytes[position + 1];
        // The next photo's decode runs on sharp's threads while the models look at this one.
        if (upcoming && human.prepare) human.prepare(await upcoming);
        // The first frame of each view is the photo shown to the customer, looked at as a single photo is; the others with one look.
        const observation =
          frame.index === 0
            ? (await observeFrame(human, imageBytes, frame.view)).observation
            : await observeBurstFrame(human, imageBytes, frame.view, burstLook(frame.index));
        frames[frame.view].push(observation);
        if (frame.index === 0) usable[frame.view].push(observation);
        else {
          const code =
            checkPhoto(observation).find((issue) => issue.severity === 'error')?.code ?? (observation.silhouette ? null : 'no_person');
          if (code) refused[frame.view].push({ view: frame.view, code });
          else usable[frame.view].push(observation);
        }
        if (!scan && frames.front.length > 0 && (paths.side.length === 0 || frames.side.length > 0)) {
          // The photos shown to the customer: refused, the scan fails as with one photo.
          for (const [view, shown] of [
            ['front', frames.front[0]],
            ['side', frames.side[0]],
          ] as const) {
            if (!shown) continue;
            const issues = checkPhoto(shown);
            const error = firstError(issues, view);
            if (error) throw new ScanRejectedError(error.code, error.message);
            for (const warning of issues) notes.push(`${view === 'side' ? 'Side photo: ' : ''}${warning.message}`);
          }
          progress('silhouette');
          scan = await scanContext();
        }
        dispatchReady();
      }
      if (!scan) throw new Error('the scan has no front photo');
      const frontFrames = frames.front;
      const sideFrames = frames.side;
      const fronts = usable.front;
      const sides = usable.side;
      const side = sideFrames[0] ?? null;
      // As many sets as the longer burst; the shorter view's frames are reused in turn.
      const setCount = Math.max(fronts.length, sides.length);
      for (let index = fits.length; index < setCount; index++) {
        fits.push(scan.fitPrepared(fronts[index % fronts.length]!, sides.length > 0 ? sides[index % sides.length]! : side));
      }
      const { model, stats, ease } = scan;

      const firstSet = await fits[0]!;
      notes.push(firstSet.sole.note);
      if (!firstSet.fit)
        throw new ScanRejectedError(
          'no_person',
          'The body could not be outlined in the photo: make sure the whole customer is in view, facing the ' +
            'camera, and take the photo again.',
        );
      progress('measure');
      // Each set is measured as its fit arrives: the sets fitted while the later frames were looked
      // at are measured while the last ones fit.
      const measured: ReturnType<typeof measureFit>[] = [];
      let unfitted = 0;
      for (const pending of fits) {
        const set = await pending;
        if (!set.fit) {
          unfitted += 1;
          continue;
        }
        measured.push(
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
        );
      }
      const outlineNote = outlineReadingNote(measured[0]?.outlineRead ?? []);
      if (outlineNote) notes.push(outlineNote);
      const fused = fuseMeasurements(measured.map((set) => set.measurements));
      const refusedFrames = [...refused.front, ...refused.side];
      if (setCount > 1 || refusedFrames.length > 0) {
        notes.push(
          burstNote({
            fronts: frontFrames.length,
            sides: sideFrames.length,
            sets: measured.length,
            refused: refusedFrames,
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
        framesUsed: { front: fronts.length, side: sides.length },
        heightSource: input.heightCm !== null ? 'typed' : firstSet.camera.statureCm !== null ? 'camera' : 'survey_mean',
        ...(firstSet.camera.check ? { cameraCheck: firstSet.camera.check } : {}),
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
