/**
 * The calibrated-kiosk evaluation of issue 12 (docs/calibration.md):
 *
 *   npm run eval:calibration                                          test seed → docs/calibration-accuracy.md
 *   npm run eval:calibration -- --seed dev --subjects 6 --out /tmp/calibration.md   tuning, on the dev seed
 *
 * Each subject stands in for one kiosk: its camera (placed, tilted and distorted as the accuracy
 * evaluation draws it) is calibrated twice, each time by the same code as in the service: with
 * another subject of the seed as the person of known height (method 1, front + side), and with the
 * printed floor marker photographed on the empty floor (method 2, marker-scene.ts). Then the subject
 * is photographed by that camera, its pose jittered within a kiosk mount and the subject a little
 * off the markers, and the same photos are scanned by the embedded pipeline through each
 * calibration: without a typed height, with the true height, and with a height mistyped by 5 cm.
 * Photos are cached in .cache/eval/ like the accuracy evaluation's.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { scanCalibrationOf, type CalibrationRecord } from '../../src/main/calibration/calibration-record.js';
import { calibrateWithMarker } from '../../src/main/calibration/calibrate-with-marker.js';
import { CalibrationStore } from '../../src/main/calibration/calibration-store.js';
import { CalibrationError } from '../../src/main/calibration/errors.js';
import { threadPhotoReader } from '../../src/main/calibration/photo-reader.js';
import { readPersonPhoto } from '../../src/main/calibration/read-person-photo.js';
import { solvePersonCalibration, type PersonPhotoReading } from '../../src/main/calibration/solve-person.js';
import { loadShapeStats } from '../../src/main/body/shape-stats.js';
import { observeFrame } from '../../src/main/inference/capture-checks/observe-frame.js';
import { calibrationAsSeen, cameraStatureStep, type CameraView } from '../../src/main/inference/embedded/camera-stature-step.js';
import type { GrayImage } from '../../src/main/inference/capture-checks/image-statistics.js';
import { fullSizeGray, photoOutlineRows } from '../../src/main/calibration/edge-rows.js';
import type { FrameObservation } from '../../src/main/inference/capture-checks/types.js';
import { shoeSole } from '../../src/main/inference/embedded/shoe-sole.js';
import { tragionColumns, tragionShare, verticalExtent } from '../../src/main/inference/embedded/vertical-extent.js';
import { captureHumanOptions } from '../../src/main/inference/capture-checks/human-settings.js';
import { createEmbeddedPipeline } from '../../src/main/inference/embedded/embedded-pipeline.js';
import { kioskVerticalFovDeg } from '../../src/main/inference/embedded/kiosk-camera.js';
import { createHumanRuntime } from '../../src/main/inference/human/human-runtime.js';
import { ScanRejectedError, type ScanInput, type ScanResult } from '../../src/main/inference/pipeline.js';
import { crownHairCm } from '../../src/main/calibration/camera-stature.js';
import { openMeshPhotoRenderer } from '../render/mesh-photo-renderer.js';
import { buildScene, photoRequest, viewPose, type SceneMesh, type View } from './body-scene.js';
import { drawFrameJitter, jitteredLook, jitteredMesh } from './burst-frames.js';
import { buildBodyPlan, drawShapeVariation } from './body-plan.js';
import { calibratorCondition, calibratorSoleMm, customerCondition, mountJitter } from './calibration-scenes.js';
import { drawCondition, type CaptureCondition } from './capture-conditions.js';
import { drawMarkerPrint, markerDesignHash, markerPhotoRequest, markerSizeCm, toeLineZM, type MarkerPlacement } from './marker-scene.js';
import { openPhotoCache, photoKey } from './photo-cache.js';
import { drawPopulation, evalSeeds, type Subject } from './population.js';
import { standardErrorOfMean } from './statistics.js';
import { hashKey, randomFor } from './random.js';
import { staffClothingChoice } from './scan-population.js';
import { measureTruth } from './truth.js';
import { codeVersion } from './code-version.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const girths = ['chest', 'waist', 'hip', 'thigh', 'neck'] as const;
/** A mistyped height, cm: the issue's "off by 5 cm or more". */
const mistypedByCm = 5;

const argsSchema = z.object({
  seed: z.enum(evalSeeds),
  subjects: z.coerce.number().int().min(2).max(200),
  frames: z.coerce.number().int().min(1).max(9),
  out: z.string().min(1),
});

const methods = ['person', 'marker'] as const;
type Method = (typeof methods)[number];

/** One calibration method's outcome at one kiosk, and the subject's scans through it. */
interface MethodRecord {
  calibration: {
    /** Who or what calibrated: the person's subject id, or the marker's size as staff gave it. */
    by: string;
    solvedHeightM: number | null;
    /** As the record stores it: a person's calibration takes the camera as level (0). */
    solvedTiltDeg: number | null;
    /** The marker's corners against the solved camera (RMS px); null for a person. */
    reprojectionErrorPx: number | null;
    refusal: string | null;
  };
  /**
   * The camera's stature reading on the subject's photos, whatever the scan decided: as the scan
   * reads it (staff's shoes choice), and with the true sole typed (its error is then the hair's
   * volume less the allowance the reading takes off, and the camera's own).
   */
  readings: { level: number | null; soleKnown: number | null };
  /** The same per frame set of the kiosk's burst (front frame k with side frame k; set 0 is the single photos'), and their median. */
  burstReadings: { level: Array<number | null>; soleKnown: Array<number | null> };
  /** Scans: none typed (camera), true height typed, a mistyped height. */
  scans: Partial<
    Record<
      'camera' | 'typed' | 'mistyped' | 'burst',
      {
        refusal: string | null;
        heightCm: number | null;
        /** The height's stated SD (the scan's ±1 SD): the camera's share when no height was typed. */
        heightSdCm: number | null;
        girths: Partial<Record<(typeof girths)[number], number>>;
        warnings: string[];
        typedCm: number | null;
      }
    >
  >;
}

interface KioskRecord {
  subjectId: string;
  /** The kiosk's camera as mounted: what both methods calibrate (scans see it jittered). */
  camera: { heightM: number; tiltDeg: number; distanceM: number; lensK1: number };
  truthHeightCm: number;
  truthGirths: Record<(typeof girths)[number], number>;
  /** The construction's hair volume above the skull (cm). */
  hairCm: number;
  methods: Record<Method, MethodRecord>;
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const mae = (values: number[]): number => mean(values.map(Math.abs));
/** A mean absolute error with its standard error, as "1.58 ± 0.25". */
const maeWithStandardError = (values: number[]): string => {
  const standardError = standardErrorOfMean(values.map(Math.abs));
  return `${mae(values).toFixed(2)}${Number.isFinite(standardError) ? ` ± ${standardError.toFixed(2)}` : ''}`;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: 'test' },
      subjects: { type: 'string', default: '20' },
      frames: { type: 'string', default: '5' },
      out: { type: 'string', default: join(root, 'docs/calibration-accuracy.md') },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success)
    throw new Error(`eval:calibration: ${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const args = parsed.data;
  const started = performance.now();
  const version = codeVersion(['src/main/inference', 'src/main/calibration', 'src/main/body', 'scripts/eval']);
  const runtime = await createHumanRuntime(captureHumanOptions);
  const pipeline = await createEmbeddedPipeline({ modelsDir: join(root, 'models'), choice: 'embedded', log: () => {} }, { runtime });
  await pipeline.warmUp();
  const renderer = await openMeshPhotoRenderer();
  const cache = openPhotoCache(join(root, '.cache/eval', args.seed));
  const subjects = drawPopulation(args.seed, args.subjects);
  const records: KioskRecord[] = [];
  let rendered = 0;

  const photo = async (subject: Subject, index: number, condition: CaptureCondition, view: View, folder: string): Promise<string> => {
    const variation = drawShapeVariation(randomFor(args.seed, subject.id, 'shape'));
    const key = photoKey({ dims: subject.dims, variation, condition, view });
    const result = await cache.photo(folder, view, key, () =>
      renderer.photograph(
        photoRequest(
          buildScene(subject, variation, condition, view),
          condition,
          view,
          hashKey(`${args.seed}/${folder}/${view}/noise/${index}`),
        ),
      ),
    );
    if (result.rendered) rendered += 1;
    return result.path;
  };
  /**
   * The rest of the kiosk's burst for one view (frames 1 … frames − 1; frame 0 is \`photo\`'s): the
   * customer swaying, turning and leaning a little between frames, as the burst evaluation draws it
   * (burst-frames.ts), under the same camera and light.
   */
  const burstPhotos = async (
    subject: Subject,
    index: number,
    condition: CaptureCondition,
    view: View,
    folder: string,
  ): Promise<string[]> => {
    const variation = drawShapeVariation(randomFor(args.seed, subject.id, 'shape'));
    let scene: SceneMesh | null = null;
    const paths: string[] = [];
    for (let frame = 1; frame < args.frames; frame++) {
      const jitter = drawFrameJitter(args.seed, subject.id, view, frame);
      const key = photoKey({ dims: subject.dims, variation, condition, view, frame, jitter });
      const result = await cache.photo(folder, `${view}-frame${frame}`, key, () => {
        scene ??= buildScene(subject, variation, condition, view);
        const request = photoRequest(
          jitteredMesh(scene, jitter),
          condition,
          view,
          hashKey(`${args.seed}/${folder}/${view}/noise/${index}/${frame}`),
        );
        return renderer.photograph({ ...request, yawDeg: request.yawDeg + jitter.turnDeg, look: jitteredLook(request.look, jitter) });
      });
      if (result.rendered) rendered += 1;
      paths.push(result.path);
    }
    return paths;
  };
  const truthOf = (subject: Subject, condition: CaptureCondition) =>
    measureTruth(
      buildBodyPlan(subject.dims, drawShapeVariation(randomFor(args.seed, subject.id, 'shape')), viewPose(condition, 'front')),
      subject.dims,
    );

  const sexes = {} as Record<Subject['sex'], { earShare: number }>;
  for (const sex of ['female', 'male'] as const) {
    const stats = await loadShapeStats(sex);
    const meanOf = (column: (typeof tragionColumns)[number]): number => stats.mean[stats.columns.indexOf(column)]!;
    sexes[sex] = { earShare: tragionShare(meanOf) };
  }
  /** The subject's photos as the scan's camera step sees them, read once per kiosk and reused for each calibration. */
  const observeViews = async (
    sex: Subject['sex'],
    paths: string[],
  ): Promise<{ views: CameraView[]; front: { observation: FrameObservation; gray: GrayImage } | null }> => {
    const views: CameraView[] = [];
    let front: { observation: FrameObservation; gray: GrayImage } | null = null;
    for (const [i, path] of paths.entries()) {
      const view = i === 0 ? 'front' : 'side';
      const { observation, gray } = await observeFrame(runtime, readFileSync(path), view);
      if (!observation.silhouette) continue;
      if (view === 'front') front = { observation, gray };
      const extent = verticalExtent(observation.silhouette, observation.body, sexes[sex].earShare);
      views.push({
        view,
        imageWidth: observation.imageWidth,
        imageHeight: observation.imageHeight,
        silhouette: observation.silhouette,
        body: observation.body,
        topY: extent.topY,
        outline: photoOutlineRows(await fullSizeGray(readFileSync(path)), observation.silhouette, observation.imageHeight),
      });
    }
    return { views, front };
  };
  /** The stature the scan would read through the camera, by the pipeline's own step, even where the scan is refused for another reason. */
  const cameraReading = (
    sex: Subject['sex'],
    observed: Awaited<ReturnType<typeof observeViews>>,
    calibration: CalibrationRecord,
    shoes: ScanInput['shoes'],
  ): number | null => {
    if (!observed.front) return null;
    // As the pipeline reads it: the tilt found again from the background's edge in the front photo.
    const seen = calibrationAsSeen(scanCalibrationOf(calibration), observed.front.gray, observed.front.observation);
    return cameraStatureStep({
      calibration: seen.calibration,
      typedHeightCm: null,
      views: observed.views,
      soleCm: shoeSole(shoes).soleCm,
    }).statureCm;
  };

  // Method 2 as the API and `perfit calibrate` run it: the photo read in the calibration reader's
  // thread, the record written by a store (in a folder of its own, replaced at each kiosk).
  const readPhotos = threadPhotoReader();
  const markerDataDir = mkdtempSync(join(tmpdir(), 'perfit-eval-marker-'));
  const markerStore = new CalibrationStore(markerDataDir);
  const markerPhoto = async (
    subject: Subject,
    index: number,
    placement: MarkerPlacement,
    camera: CaptureCondition['camera'],
    look: CaptureCondition['look']['front'],
  ): Promise<string> => {
    const folder = `marker-for-${subject.id}`;
    const key = photoKey({ marker: { design: markerDesignHash(), sizeCm: markerSizeCm, ...placement }, camera, look });
    const result = await cache.photo(folder, 'marker', key, async () =>
      renderer.photograph(await markerPhotoRequest(placement, camera, look, hashKey(`${args.seed}/${folder}/marker/noise/${index}`))),
    );
    if (result.rendered) rendered += 1;
    return result.path;
  };

  const emptyMethod = (by: string): MethodRecord => ({
    calibration: { by, solvedHeightM: null, solvedTiltDeg: null, reprojectionErrorPx: null, refusal: null },
    readings: { level: null, soleKnown: null },
    burstReadings: { level: [], soleKnown: [] },
    scans: {},
  });
  const noteCalibration = (method: MethodRecord, record: CalibrationRecord): void => {
    method.calibration.solvedHeightM = record.camera.heightM;
    method.calibration.solvedTiltDeg = record.camera.tiltDeg;
    method.calibration.reprojectionErrorPx = record.method === 'marker' ? record.reference.reprojectionErrorPx : null;
  };
  const refused = (method: MethodRecord, error: unknown): void => {
    if (!(error instanceof CalibrationError)) throw error;
    method.calibration.refusal = `${error.code}: ${error.message}`;
  };

  try {
    for (const [index, subject] of subjects.entries()) {
      const own = drawCondition(args.seed, subject.id, index, subject.dims.stature!);
      const variation = drawShapeVariation(randomFor(args.seed, subject.id, 'shape'));
      const personIndex = (index + 1) % subjects.length;
      const person = subjects[personIndex]!;
      const personCondition = calibratorCondition(drawCondition(args.seed, person.id, personIndex, person.dims.stature!), own.camera);
      const personTruth = truthOf(person, personCondition);
      const print = drawMarkerPrint(args.seed, subject.id);
      const record: KioskRecord = {
        subjectId: subject.id,
        camera: { heightM: own.camera.heightM, tiltDeg: own.camera.tiltDeg, distanceM: own.camera.distanceM, lensK1: own.camera.lensK1 },
        truthHeightCm: 0,
        truthGirths: { chest: 0, waist: 0, hip: 0, thigh: 0, neck: 0 },
        hairCm: 0,
        methods: { person: emptyMethod(person.id), marker: emptyMethod(`${print.givenCm} cm`) },
      };
      const calibrations: Partial<Record<Method, CalibrationRecord>> = {};
      try {
        const readings: PersonPhotoReading[] = [];
        for (const view of ['front', 'side'] as const) {
          const path = await photo(person, personIndex, personCondition, view, `calibrator-for-${subject.id}`);
          readings.push(await readPersonPhoto(runtime, readFileSync(path), view));
        }
        const solved = solvePersonCalibration({
          readings,
          personHeightCm: Number(personTruth.height.toFixed(1)),
          soleCm: calibratorSoleMm / 10,
          verticalFovDeg: kioskVerticalFovDeg,
        });
        calibrations.person = { version: 1, id: '00000000-0000-4000-8000-000000000000', calibratedAt: new Date().toISOString(), ...solved };
        noteCalibration(record.methods.person, calibrations.person);
      } catch (error) {
        refused(record.methods.person, error);
      }
      try {
        // Staff lay the marker where the customer's toes go, in the light of the calibration session (method 1's photo's).
        const placement = { print, toeLineZM: toeLineZM(subject, variation, own) };
        const path = await markerPhoto(subject, index, placement, own.camera, personCondition.look.front);
        calibrations.marker = await calibrateWithMarker(
          { photo: readFileSync(path), markerSizeCm: print.givenCm },
          { readPhotos, store: markerStore },
        );
        noteCalibration(record.methods.marker, calibrations.marker);
      } catch (error) {
        refused(record.methods.marker, error);
      }

      const condition = customerCondition(args.seed, subject.id, own);
      const truth = truthOf(subject, condition);
      record.truthHeightCm = truth.height;
      record.truthGirths = { chest: truth.chest, waist: truth.waist, hip: truth.hip, thigh: truth.thigh, neck: truth.neck };
      record.hairCm = condition.hairVolumeMm / 10;
      if (calibrations.person || calibrations.marker) {
        const frontPath = await photo(subject, index, condition, 'front', `calibrated-${subject.id}`);
        const sidePath = await photo(subject, index, condition, 'side', `calibrated-${subject.id}`);
        const shoes = condition.soleMm > 0 ? ('flat' as const) : ('none' as const);
        const observed = await observeViews(subject.sex, [frontPath, sidePath]);
        const frontFrames = await burstPhotos(subject, index, condition, 'front', `calibrated-${subject.id}`);
        const sideFrames = await burstPhotos(subject, index, condition, 'side', `calibrated-${subject.id}`);
        const observedFrames = [];
        for (const [frame, frontFrame] of frontFrames.entries())
          observedFrames.push(await observeViews(subject.sex, [frontFrame, sideFrames[frame]!]));
        const mistyped = Number((truth.height + (index % 2 === 0 ? mistypedByCm : -mistypedByCm)).toFixed(1));
        for (const method of methods) {
          const calibration = calibrations[method];
          if (!calibration) continue;
          const outcome = record.methods[method];
          outcome.readings.level = cameraReading(subject.sex, observed, calibration, shoes);
          outcome.readings.soleKnown = cameraReading(subject.sex, observed, calibration, { soleCm: condition.soleMm / 10 });
          outcome.burstReadings = {
            level: [observed, ...observedFrames].map((frameSet) => cameraReading(subject.sex, frameSet, calibration, shoes)),
            soleKnown: [observed, ...observedFrames].map((frameSet) =>
              cameraReading(subject.sex, frameSet, calibration, { soleCm: condition.soleMm / 10 }),
            ),
          };
          for (const [name, heightCm] of [
            ['camera', null],
            ['typed', Number(truth.height.toFixed(1))],
            ['mistyped', mistyped],
            ['burst', null],
          ] as const) {
            if (name === 'burst' && args.frames === 1) continue;
            const input: ScanInput = {
              jobId: `${subject.id}-${method}-${name}`,
              imagePath: frontPath,
              sideImagePath: sidePath,
              ...(name === 'burst' ? { framePaths: frontFrames, sideFramePaths: sideFrames } : {}),
              gender: subject.sex,
              heightCm,
              clothing: staffClothingChoice[condition.clothing],
              shoes,
              calibration: scanCalibrationOf(calibration),
            };
            try {
              const result: ScanResult = await pipeline.run(input, () => {});
              const value = (measurement: string): number | undefined => result.measurements.find((m) => m.name === measurement)?.valueCm;
              outcome.scans[name] = {
                refusal: null,
                heightCm: value('height') ?? null,
                heightSdCm: result.measurements.find((m) => m.name === 'height')?.sdCm ?? null,
                girths: Object.fromEntries(girths.map((girth) => [girth, value(girth)])),
                warnings: (result.warnings ?? []).map((warning) => warning.code),
                typedCm: heightCm,
              };
            } catch (error) {
              if (!(error instanceof ScanRejectedError)) throw error;
              outcome.scans[name] = { refusal: error.code, heightCm: null, heightSdCm: null, girths: {}, warnings: [], typedCm: heightCm };
            }
          }
        }
      }
      records.push(record);
      process.stderr.write(
        `[${index + 1}/${subjects.length}] ${subject.id}: camera ${(own.camera.heightM * 100).toFixed(1)} cm tilt ${own.camera.tiltDeg.toFixed(2)}°, truth ${truth.height.toFixed(1)}, hair ${record.hairCm.toFixed(1)}\n`,
      );
      for (const method of methods) {
        const { calibration, readings, scans } = record.methods[method];
        process.stderr.write(
          `  ${method}: solved ${calibration.solvedHeightM === null ? calibration.refusal : `${(calibration.solvedHeightM * 100).toFixed(1)} cm tilt ${calibration.solvedTiltDeg!.toFixed(2)}°`}; ` +
            `reading ${readings.level?.toFixed(1) ?? '-'} (true sole ${readings.soleKnown?.toFixed(1) ?? '-'}); stature ${scans.camera?.heightCm?.toFixed(1) ?? scans.camera?.refusal ?? '-'}; ` +
            `burst readings ${JSON.stringify(record.methods[method].burstReadings.level.map((value) => (value === null ? null : Number(value.toFixed(1)))))} ` +
            `(true sole ${JSON.stringify(record.methods[method].burstReadings.soleKnown.map((value) => (value === null ? null : Number(value.toFixed(1)))))}); ` +
            `burst stature ${scans.burst?.heightCm?.toFixed(1) ?? scans.burst?.refusal ?? '-'}; ` +
            `flags ${JSON.stringify({ camera: scans.camera?.warnings, typed: scans.typed?.warnings, mistyped: scans.mistyped?.warnings })}\n`,
        );
      }
    }
  } finally {
    rmSync(markerDataDir, { recursive: true, force: true });
    await pipeline.close();
    await renderer.close();
    runtime.dispose();
  }

  const stats = { female: await loadShapeStats('female'), male: await loadShapeStats('male') };
  const markdown = formatReport(args, records, subjects, stats, (performance.now() - started) / 1000, rendered, version);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, markdown);
  writeFileSync(args.out.replace(/\.md$/, '') + '.json', `${JSON.stringify({ seed: args.seed, records }, null, 1)}\n`);
  process.stdout.write(markdown);
}

/** One method's figures, as the report's table rows and lines. */
interface MethodFigures {
  calibrated: number;
  cameraHeight: string;
  cameraTilt: string;
  reprojection: string;
  statureRows: string;
  statedSd: string;
  girthRows: string;
  flagged: (name: 'typed' | 'mistyped') => string;
  refusals: string;
}

function methodFigures(
  method: Method,
  frames: number,
  records: KioskRecord[],
  subjects: Subject[],
  stats: Record<Subject['sex'], { columns: string[]; mean: number[] }>,
): MethodFigures {
  const of = (record: KioskRecord): MethodRecord => record.methods[method];
  const calibrated = records.filter((record) => of(record).calibration.solvedHeightM !== null);
  const readByCamera = (record: KioskRecord): boolean => !of(record).scans.camera?.warnings.some((code) => code.startsWith('calibration_'));
  const accepted = calibrated.filter(
    (record) => of(record).scans.camera?.heightCm != null && of(record).scans.typed?.heightCm != null && readByCamera(record),
  );
  const notRead = calibrated
    .filter((record) => of(record).scans.camera?.heightCm != null && !readByCamera(record))
    .map((record) => `${record.subjectId}: ${of(record).scans.camera!.warnings.join(', ')}`);
  const statureErrors = accepted.map((record) => of(record).scans.camera!.heightCm! - record.truthHeightCm);
  const burstErrors = calibrated.flatMap((record) => {
    const burst = of(record).scans.burst;
    const read = burst?.heightCm != null && !burst.warnings.some((code) => code.startsWith('calibration_'));
    return read ? [burst.heightCm! - record.truthHeightCm] : [];
  });
  const meanStature = (record: KioskRecord): number => {
    const sex = subjects.find((subject) => subject.id === record.subjectId)!.sex;
    return stats[sex].mean[stats[sex].columns.indexOf('stature')]! / 10;
  };
  const levelErrors = calibrated.flatMap((record) =>
    of(record).readings.level === null ? [] : [of(record).readings.level! - record.truthHeightCm],
  );
  const soleKnownErrors = calibrated.flatMap((record) =>
    of(record).readings.soleKnown === null ? [] : [of(record).readings.soleKnown! - record.truthHeightCm],
  );
  const geometryErrors = calibrated.flatMap((record) =>
    of(record).readings.soleKnown === null ? [] : [of(record).readings.soleKnown! + crownHairCm - record.hairCm - record.truthHeightCm],
  );
  const statedSds = accepted.flatMap((record) =>
    of(record).scans.camera!.heightSdCm === null ? [] : [of(record).scans.camera!.heightSdCm!],
  );
  const covered = accepted.filter(
    (record) =>
      of(record).scans.camera!.heightSdCm !== null &&
      Math.abs(of(record).scans.camera!.heightCm! - record.truthHeightCm) <= of(record).scans.camera!.heightSdCm!,
  ).length;
  const baselineErrors = accepted.map((record) => meanStature(record) - record.truthHeightCm);
  const row = (label: string, errors: number[]): string =>
    `| ${label} | ${maeWithStandardError(errors)} | ${mean(errors).toFixed(2)} | ${Math.max(0, ...errors.map(Math.abs)).toFixed(1)} | ${errors.length} |`;
  const girthRows = girths.map((girth) => {
    const camera = accepted.map((record) => of(record).scans.camera!.girths[girth]! - record.truthGirths[girth]);
    const typed = accepted.map((record) => of(record).scans.typed!.girths[girth]! - record.truthGirths[girth]);
    // Paired per scan: the camera's absolute error less the typed height's.
    const standardError = standardErrorOfMean(camera.map((error, index) => Math.abs(error) - Math.abs(typed[index]!)));
    return `| ${girth} | ${mae(camera).toFixed(2)} | ${mae(typed).toFixed(2)} | ${(mae(camera) - mae(typed)).toFixed(2)}${Number.isFinite(standardError) ? ` ± ${standardError.toFixed(2)}` : ''} |`;
  });
  const flagged = (name: 'typed' | 'mistyped'): string => {
    const scans = calibrated.map((record) => of(record).scans[name]).filter((scan) => scan && scan.refusal === null);
    const count = scans.filter((scan) => scan!.warnings.includes('height_disagrees_with_camera')).length;
    return `${count}/${scans.length} (${scans.length ? ((100 * count) / scans.length).toFixed(0) : '-'}%)`;
  };
  const solvedLessTrue = (errors: number[], unit: string, digits: number): string =>
    `mean ${mean(errors).toFixed(digits)} ${unit}, MAE ${mae(errors).toFixed(digits)} ${unit}, max abs ${Math.max(0, ...errors.map(Math.abs)).toFixed(digits)} ${unit}`;
  const cameraErrors = calibrated.map((record) => (of(record).calibration.solvedHeightM! - record.camera.heightM) * 100);
  const tiltErrors = calibrated.map((record) => of(record).calibration.solvedTiltDeg! - record.camera.tiltDeg);
  const fits = calibrated.flatMap((record) => of(record).calibration.reprojectionErrorPx ?? []).sort((a, b) => a - b);
  const refusals = [
    ...notRead.map((line) => `${line} (scanned with the survey's mean stature)`),
    ...records.flatMap((record) => [
      ...(of(record).calibration.refusal ? [`${record.subjectId}: calibration refused (${of(record).calibration.refusal})`] : []),
      ...Object.entries(of(record).scans).flatMap(([name, scan]) =>
        scan?.refusal ? [`${record.subjectId} ${name}: ${scan.refusal}`] : [],
      ),
    ]),
  ];
  return {
    calibrated: calibrated.length,
    cameraHeight: `mean ${mean(cameraErrors).toFixed(1)} cm, MAE ${mae(cameraErrors).toFixed(1)} cm`,
    cameraTilt: solvedLessTrue(tiltErrors, '°', 2),
    reprojection: fits.length
      ? `median ${fits[Math.floor(fits.length / 2)]!.toFixed(2)} px, max ${fits[fits.length - 1]!.toFixed(2)} px`
      : '-',
    statureRows: [
      row('calibrated camera', statureErrors),
      ...(burstErrors.length
        ? [row(`calibrated camera, the kiosk's burst (${frames} frames per view, the first the photo above)`, burstErrors)]
        : []),
      row("the camera's reading on every subject's photos (accepted or refused scans)", levelErrors),
      row('diagnostic: the same with the true sole typed', soleKnownErrors),
      row(
        `diagnostic: the same with the construction's own hair volume taken off instead of the ${crownHairCm} cm allowance (the camera alone)`,
        geometryErrors,
      ),
      row("no calibration: the survey's mean stature", baselineErrors),
    ].join('\n'),
    statedSd: `The scans state the camera's stature with a median ±1 SD of ${statedSds.length ? [...statedSds].sort((a, b) => a - b)[Math.floor(statedSds.length / 2)]!.toFixed(1) : '-'} cm; it holds the true stature in ${covered} of ${accepted.length} (${accepted.length ? ((100 * covered) / accepted.length).toFixed(0) : '-'}%; a calibrated SD holds 68%).`,
    girthRows: girthRows.join('\n'),
    flagged,
    refusals: refusals.length ? refusals.map((line) => `- ${line}`).join('\n') : 'None.',
  };
}

function formatReport(
  args: z.infer<typeof argsSchema>,
  records: KioskRecord[],
  subjects: Subject[],
  stats: Record<Subject['sex'], { columns: string[]; mean: number[] }>,
  seconds: number,
  rendered: number,
  version: string,
): string {
  const person = methodFigures('person', args.frames, records, subjects, stats);
  const marker = methodFigures('marker', args.frames, records, subjects, stats);
  const statureHeader = `| | MAE ± its standard error (cm) | mean error (cm) | max abs (cm) | scans |
|---|---|---|---|---|`;
  const girthHeader = `| girth | MAE, camera (cm) | MAE, typed height (cm) | difference ± its standard error (cm) |
|---|---|---|---|`;
  const flagTable = (figures: MethodFigures): string => `| typed height | flagged \`height_disagrees_with_camera\` | target |
|---|---|---|
| off by ${mistypedByCm} cm | ${figures.flagged('mistyped')} | ≥ 95% |
| correct | ${figures.flagged('typed')} | ≤ 2% |`;
  const lensK1 = records.map((record) => record.camera.lensK1);
  return `# The calibrated kiosk: stature from the camera (issue 12)

Written by \`npm run eval:calibration -- --seed ${args.seed} --subjects ${args.subjects}${args.frames === 5 ? '' : ` --frames ${args.frames}`}\` in ${seconds.toFixed(0)} s (${rendered} photos rendered), ${version}. Seed \`${args.seed}\`${args.seed === 'test' ? ' (held out, never tuned on)' : ' (the tuning seed)'}.

Each of the ${records.length} subjects stands in for one kiosk: its camera as the accuracy evaluation draws it (1.0–1.5 m high, 2.5–3.5 m away, tilted ±5°, barrel or pincushion distortion) is calibrated with method 1 (the next subject of the seed as the person of known height, in flat shoes of a measured ${calibratorSoleMm / 10} cm sole, hair flat, front + side, no marker distance: the camera taken as level), then the subject is photographed by it with the camera's tilt jittered by up to ±${mountJitter.tiltDeg}°, its height by ±${mountJitter.heightM * 100} cm and the subject standing up to ±${mountJitter.standOffM * 100} cm off the markers, and scanned front + side by the embedded pipeline, from one photo per view and${args.frames > 1 ? ` from the burst the kiosk sends (${args.frames} frames per view, the first the single photo; between frames the subject sways, turns and leans a little, as in docs/burst-accuracy.md)` : ' (no burst: --frames 1)'}. Truth is the construction's own (docs/embedded-accuracy.md). The same kiosks are calibrated with method 2, the printed floor marker, below, and the same photos scanned through it.

## Calibration
| | value |
|---|---|
| kiosks calibrated | ${person.calibrated}/${records.length} |
| camera height, solved − true (assumes level; a tilt goes into the height) | ${person.cameraHeight} |

## Stature without a typed height (target: MAE ≤ 1.5 cm)
${statureHeader}
${person.statureRows}

${person.statedSd}

The scan's reading takes off the sole of staff's shoes choice (flat: 2.5 cm; the construction's soles are 0.5–4 cm) and a ${crownHairCm} cm allowance for the hair above the skull, which the construction adds on top of the survey's stature (0–4 cm; the calibrating person's is flat). The two diagnostic rows take the true sole and the true hair instead, to show what the camera itself reads.

## Girths: calibrated camera without a typed height against the true height typed (target: within 0.5 cm MAE)
${girthHeader}
${person.girthRows}

## Typed heights checked against the camera
${flagTable(person)}

## Refusals and scans not read through the camera
${person.refusals}

## Method 2: the printed floor marker
Each kiosk's camera, as mounted (before the scans' jitter), photographs the floor marker as docs/calibration.md lays it, on the empty floor: the design of docs/calibration-marker.svg (\`perfit calibrate --marker-svg\`), a ${markerSizeCm} cm square as printed by a printer that scales it by up to ±1% and given as staff measure it, to the millimetre; flat at the floor markers, the arrow towards the camera, centred, the black square's far edge on the line of the subject's shoe toes; in the light of method 1's calibration photo, with the kiosk's lens distortion (k1 ${Math.min(...lensK1).toFixed(3)} to ${Math.max(...lensK1).toFixed(3)}), noise and JPEG. It is read by \`calibrateWithMarker\` (what \`POST /api/v1/calibration\` with method marker and \`perfit calibrate --marker-cm\` run, the photo read in the calibration reader's thread), and the subject's photos above are scanned through that calibration in the same ways.

## Method 2: calibration
| | value |
|---|---|
| kiosks calibrated | ${marker.calibrated}/${records.length} |
| camera height, solved − true | ${marker.cameraHeight} |
| camera tilt, solved − true | ${marker.cameraTilt} |
| the marker's corners against the solved camera (RMS) | ${marker.reprojection} |

## Method 2: stature without a typed height (target: MAE ≤ 1.5 cm)
${statureHeader}
${marker.statureRows}

${marker.statedSd}

The reading takes off the same sole and hair allowance as method 1's; the marker's calibration has no hair or sole of its own to cancel them.

## Method 2: girths, calibrated camera without a typed height against the true height typed (target: within 0.5 cm MAE)
${girthHeader}
${marker.girthRows}

## Method 2: typed heights checked against the camera
${flagTable(marker)}

## Method 2: refusals and scans not read through the camera
${marker.refusals}
`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
