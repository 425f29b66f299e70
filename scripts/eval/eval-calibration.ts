/**
 * The calibrated-kiosk evaluation of issue 12 (docs/calibration.md):
 *
 *   npm run eval:calibration                                          test seed → docs/calibration-accuracy.md
 *   npm run eval:calibration -- --seed dev --subjects 6 --out /tmp/calibration.md   tuning, on the dev seed
 *
 * Each subject stands in for one kiosk: its camera (placed, tilted and distorted as the accuracy
 * evaluation draws it) is calibrated with another subject of the seed as the person of known height
 * (method 1, front + side, read by the same code as in the service), then the subject is
 * photographed by that camera, its pose jittered within a kiosk mount and the subject a little off
 * the markers, and scanned by the embedded pipeline: without a typed height, with the true height,
 * and with a height mistyped by 5 cm. Photos are cached in .cache/eval/ like the accuracy evaluation's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { scanCalibrationOf, type CalibrationRecord } from '../../src/main/calibration/calibration-record.js';
import { CalibrationError } from '../../src/main/calibration/errors.js';
import { readPersonPhoto } from '../../src/main/calibration/read-person-photo.js';
import { solvePersonCalibration, type PersonPhotoReading } from '../../src/main/calibration/solve-person.js';
import { loadOpenBodyModel } from '../../src/main/body/load-model.js';
import { loadShapeStats } from '../../src/main/body/shape-stats.js';
import { observeFrame } from '../../src/main/inference/capture-checks/observe-frame.js';
import { cameraStatureStep, type CameraView } from '../../src/main/inference/embedded/camera-stature-step.js';
import { ankleShare } from '../../src/main/inference/embedded/shoe-sole.js';
import { tragionColumns, tragionShare, verticalExtent } from '../../src/main/inference/embedded/vertical-extent.js';
import { captureHumanOptions } from '../../src/main/inference/capture-checks/human-settings.js';
import { createEmbeddedPipeline } from '../../src/main/inference/embedded/embedded-pipeline.js';
import { kioskVerticalFovDeg } from '../../src/main/inference/embedded/kiosk-camera.js';
import { createHumanRuntime } from '../../src/main/inference/human/human-runtime.js';
import { ScanRejectedError, type ScanInput, type ScanResult } from '../../src/main/inference/pipeline.js';
import { crownHairCm } from '../../src/main/calibration/camera-stature.js';
import { openMeshPhotoRenderer } from '../render/mesh-photo-renderer.js';
import { buildScene, photoRequest, viewPose, type View } from './body-scene.js';
import { buildBodyPlan, drawShapeVariation } from './body-plan.js';
import { calibratorCondition, calibratorSoleMm, customerCondition, mountJitter } from './calibration-scenes.js';
import { drawCondition, type CaptureCondition } from './capture-conditions.js';
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

const argsSchema = z.object({ seed: z.enum(evalSeeds), subjects: z.coerce.number().int().min(2).max(200), out: z.string().min(1) });

interface KioskRecord {
  subjectId: string;
  camera: { heightM: number; tiltDeg: number; distanceM: number };
  calibration: { personId: string; solvedHeightM: number | null; refusal: string | null };
  truthHeightCm: number;
  truthGirths: Record<(typeof girths)[number], number>;
  /**
   * The camera's stature reading on the subject's photos, whatever the scan decided: as the scan
   * reads it (staff's shoes choice), and with the true sole typed (its error is then the hair's
   * volume less the allowance the reading takes off, and the camera's own).
   */
  readings: { level: number | null; soleKnown: number | null; hairCm: number };
  /** Scans: none typed (camera), true height typed, a mistyped height. */
  scans: Partial<
    Record<
      'camera' | 'typed' | 'mistyped',
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
  const truthOf = (subject: Subject, condition: CaptureCondition) =>
    measureTruth(
      buildBodyPlan(subject.dims, drawShapeVariation(randomFor(args.seed, subject.id, 'shape')), viewPose(condition, 'front')),
      subject.dims,
    );

  const sexes = {} as Record<Subject['sex'], { earShare: number; ankleShare: number }>;
  for (const sex of ['female', 'male'] as const) {
    const stats = await loadShapeStats(sex);
    const meanOf = (column: (typeof tragionColumns)[number]): number => stats.mean[stats.columns.indexOf(column)]!;
    sexes[sex] = { earShare: tragionShare(meanOf), ankleShare: ankleShare(await loadOpenBodyModel(sex)) };
  }
  /** The stature the scan would read through the camera, by the pipeline's own step, even where the scan is refused for another reason. */
  const cameraReading = async (
    sex: Subject['sex'],
    paths: string[],
    calibration: CalibrationRecord,
    shoes: ScanInput['shoes'],
  ): Promise<number | null> => {
    const views: CameraView[] = [];
    let frontBody = null;
    for (const [i, path] of paths.entries()) {
      const view = i === 0 ? 'front' : 'side';
      const { observation } = await observeFrame(runtime, readFileSync(path), view);
      if (!observation.silhouette) continue;
      if (view === 'front') frontBody = observation.body;
      const extent = verticalExtent(observation.silhouette, observation.body, sexes[sex].earShare);
      views.push({
        view,
        imageWidth: observation.imageWidth,
        imageHeight: observation.imageHeight,
        silhouette: observation.silhouette,
        body: observation.body,
        topY: extent.topY,
      });
    }
    return cameraStatureStep({
      calibration: scanCalibrationOf(calibration),
      typedHeightCm: null,
      views,
      frontBody,
      shoes,
      ankleShare: sexes[sex].ankleShare,
    }).statureCm;
  };

  try {
    for (const [index, subject] of subjects.entries()) {
      const own = drawCondition(args.seed, subject.id, index, subject.dims.stature!);
      const personIndex = (index + 1) % subjects.length;
      const person = subjects[personIndex]!;
      const personCondition = calibratorCondition(drawCondition(args.seed, person.id, personIndex, person.dims.stature!), own.camera);
      const personTruth = truthOf(person, personCondition);
      const record: KioskRecord = {
        subjectId: subject.id,
        camera: { heightM: own.camera.heightM, tiltDeg: own.camera.tiltDeg, distanceM: own.camera.distanceM },
        calibration: { personId: person.id, solvedHeightM: null, refusal: null },
        truthHeightCm: 0,
        truthGirths: { chest: 0, waist: 0, hip: 0, thigh: 0, neck: 0 },
        scans: {},
        readings: { level: null, soleKnown: null, hairCm: 0 },
      };
      let calibration: CalibrationRecord | null = null;
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
        calibration = { version: 1, id: '00000000-0000-4000-8000-000000000000', calibratedAt: new Date().toISOString(), ...solved };
        record.calibration.solvedHeightM = solved.camera.heightM;
      } catch (error) {
        if (!(error instanceof CalibrationError)) throw error;
        record.calibration.refusal = `${error.code}: ${error.message}`;
      }

      const condition = customerCondition(args.seed, subject.id, own);
      const truth = truthOf(subject, condition);
      record.truthHeightCm = truth.height;
      record.truthGirths = { chest: truth.chest, waist: truth.waist, hip: truth.hip, thigh: truth.thigh, neck: truth.neck };
      if (calibration) {
        const frontPath = await photo(subject, index, condition, 'front', `calibrated-${subject.id}`);
        const sidePath = await photo(subject, index, condition, 'side', `calibrated-${subject.id}`);
        const shoes = condition.soleMm > 0 ? ('flat' as const) : ('none' as const);
        record.readings.level = await cameraReading(subject.sex, [frontPath, sidePath], calibration, shoes);
        record.readings.soleKnown = await cameraReading(subject.sex, [frontPath, sidePath], calibration, { soleCm: condition.soleMm / 10 });
        record.readings.hairCm = condition.hairVolumeMm / 10;
        const mistyped = Number((truth.height + (index % 2 === 0 ? mistypedByCm : -mistypedByCm)).toFixed(1));
        for (const [name, heightCm] of [
          ['camera', null],
          ['typed', Number(truth.height.toFixed(1))],
          ['mistyped', mistyped],
        ] as const) {
          const input: ScanInput = {
            jobId: `${subject.id}-${name}`,
            imagePath: frontPath,
            sideImagePath: sidePath,
            gender: subject.sex,
            heightCm,
            clothing: staffClothingChoice[condition.clothing],
            shoes,
            calibration: scanCalibrationOf(calibration),
          };
          try {
            const result: ScanResult = await pipeline.run(input, () => {});
            const value = (measurement: string): number | undefined => result.measurements.find((m) => m.name === measurement)?.valueCm;
            record.scans[name] = {
              refusal: null,
              heightCm: value('height') ?? null,
              heightSdCm: result.measurements.find((m) => m.name === 'height')?.sdCm ?? null,
              girths: Object.fromEntries(girths.map((girth) => [girth, value(girth)])),
              warnings: (result.warnings ?? []).map((warning) => warning.code),
              typedCm: heightCm,
            };
          } catch (error) {
            if (!(error instanceof ScanRejectedError)) throw error;
            record.scans[name] = { refusal: error.code, heightCm: null, heightSdCm: null, girths: {}, warnings: [], typedCm: heightCm };
          }
        }
      }
      records.push(record);
      const cam = record.scans.camera;
      process.stderr.write(
        `  camera reading ${record.readings.level?.toFixed(1) ?? '-'}, with the true sole ${record.readings.soleKnown?.toFixed(1) ?? '-'}, hair ${record.readings.hairCm.toFixed(1)}\n`,
      );
      process.stderr.write(
        `[${index + 1}/${subjects.length}] ${subject.id}: camera ${(own.camera.heightM * 100).toFixed(1)} cm tilt ${own.camera.tiltDeg.toFixed(1)}°, solved ${record.calibration.solvedHeightM === null ? record.calibration.refusal : (record.calibration.solvedHeightM * 100).toFixed(1)}; ` +
          `stature ${cam?.heightCm?.toFixed(1) ?? cam?.refusal ?? '-'} (truth ${truth.height.toFixed(1)}); flags ${JSON.stringify({ camera: record.scans.camera?.warnings, typed: record.scans.typed?.warnings, mistyped: record.scans.mistyped?.warnings })}\n`,
      );
    }
  } finally {
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

function formatReport(
  args: z.infer<typeof argsSchema>,
  records: KioskRecord[],
  subjects: Subject[],
  stats: Record<Subject['sex'], { columns: string[]; mean: number[] }>,
  seconds: number,
  rendered: number,
  version: string,
): string {
  const calibrated = records.filter((record) => record.calibration.solvedHeightM !== null);
  const readByCamera = (record: KioskRecord): boolean => !record.scans.camera?.warnings.some((code) => code.startsWith('calibration_'));
  const accepted = calibrated.filter(
    (record) => record.scans.camera?.heightCm != null && record.scans.typed?.heightCm != null && readByCamera(record),
  );
  const notRead = calibrated
    .filter((record) => record.scans.camera?.heightCm != null && !readByCamera(record))
    .map((record) => `${record.subjectId}: ${record.scans.camera!.warnings.join(', ')}`);
  const statureErrors = accepted.map((record) => record.scans.camera!.heightCm! - record.truthHeightCm);
  const meanStature = (record: KioskRecord): number => {
    const sex = subjects.find((subject) => subject.id === record.subjectId)!.sex;
    return stats[sex].mean[stats[sex].columns.indexOf('stature')]! / 10;
  };
  const levelErrors = calibrated.flatMap((record) =>
    record.readings.level === null ? [] : [record.readings.level - record.truthHeightCm],
  );
  const soleKnownErrors = calibrated.flatMap((record) =>
    record.readings.soleKnown === null ? [] : [record.readings.soleKnown - record.truthHeightCm],
  );
  const geometryErrors = calibrated.flatMap((record) =>
    record.readings.soleKnown === null ? [] : [record.readings.soleKnown + crownHairCm - record.readings.hairCm - record.truthHeightCm],
  );
  const statedSds = accepted.flatMap((record) => (record.scans.camera!.heightSdCm === null ? [] : [record.scans.camera!.heightSdCm]));
  const covered = accepted.filter(
    (record) =>
      record.scans.camera!.heightSdCm !== null &&
      Math.abs(record.scans.camera!.heightCm! - record.truthHeightCm) <= record.scans.camera!.heightSdCm,
  ).length;
  const baselineErrors = accepted.map((record) => meanStature(record) - record.truthHeightCm);
  const girthRows = girths.map((girth) => {
    const camera = accepted.map((record) => record.scans.camera!.girths[girth]! - record.truthGirths[girth]);
    const typed = accepted.map((record) => record.scans.typed!.girths[girth]! - record.truthGirths[girth]);
    // Paired per scan: the camera's absolute error less the typed height's.
    const standardError = standardErrorOfMean(camera.map((error, index) => Math.abs(error) - Math.abs(typed[index]!)));
    return `| ${girth} | ${mae(camera).toFixed(2)} | ${mae(typed).toFixed(2)} | ${(mae(camera) - mae(typed)).toFixed(2)}${Number.isFinite(standardError) ? ` ± ${standardError.toFixed(2)}` : ''} |`;
  });
  const flagged = (name: 'typed' | 'mistyped'): string => {
    const scans = calibrated.map((record) => record.scans[name]).filter((scan) => scan && scan.refusal === null);
    const count = scans.filter((scan) => scan!.warnings.includes('height_disagrees_with_camera')).length;
    return `${count}/${scans.length} (${scans.length ? ((100 * count) / scans.length).toFixed(0) : '-'}%)`;
  };
  const cameraErrors = calibrated.map((record) => (record.calibration.solvedHeightM! - record.camera.heightM) * 100);
  const refusals = [
    ...notRead.map((line) => `${line} (scanned with the survey's mean stature)`),
    ...records.flatMap((record) => [
      ...(record.calibration.refusal ? [`${record.subjectId}: calibration refused (${record.calibration.refusal})`] : []),
      ...Object.entries(record.scans).flatMap(([name, scan]) => (scan?.refusal ? [`${record.subjectId} ${name}: ${scan.refusal}`] : [])),
    ]),
  ];
  return `# The calibrated kiosk: stature from the camera (issue 12)

Written by \`npm run eval:calibration -- --seed ${args.seed} --subjects ${args.subjects}\` in ${seconds.toFixed(0)} s (${rendered} photos rendered), ${version}. Seed \`${args.seed}\`${args.seed === 'test' ? ' (held out, never tuned on)' : ' (the tuning seed)'}.

Each of the ${records.length} subjects stands in for one kiosk: its camera as the accuracy evaluation draws it (1.0–1.5 m high, 2.5–3.5 m away, tilted ±5°, barrel or pincushion distortion) is calibrated with method 1 (the next subject of the seed as the person of known height, in flat shoes of a measured ${calibratorSoleMm / 10} cm sole, hair flat, front + side, no marker distance: the camera taken as level), then the subject is photographed by it with the camera's tilt jittered by up to ±${mountJitter.tiltDeg}°, its height by ±${mountJitter.heightM * 100} cm and the subject standing up to ±${mountJitter.standOffM * 100} cm off the markers, and scanned front + side by the embedded pipeline. Truth is the construction's own (docs/embedded-accuracy.md).

## Calibration
| | value |
|---|---|
| kiosks calibrated | ${calibrated.length}/${records.length} |
| camera height, solved − true (assumes level; a tilt goes into the height) | mean ${mean(cameraErrors).toFixed(1)} cm, MAE ${mae(cameraErrors).toFixed(1)} cm |

## Stature without a typed height (target: MAE ≤ 1.5 cm)
| | MAE ± its standard error (cm) | mean error (cm) | max abs (cm) | scans |
|---|---|---|---|---|
| calibrated camera | ${maeWithStandardError(statureErrors)} | ${mean(statureErrors).toFixed(2)} | ${Math.max(0, ...statureErrors.map(Math.abs)).toFixed(1)} | ${accepted.length} |
| the camera's reading on every subject's photos (accepted or refused scans) | ${maeWithStandardError(levelErrors)} | ${mean(levelErrors).toFixed(2)} | ${Math.max(0, ...levelErrors.map(Math.abs)).toFixed(1)} | ${levelErrors.length} |
| diagnostic: the same with the true sole typed | ${maeWithStandardError(soleKnownErrors)} | ${mean(soleKnownErrors).toFixed(2)} | ${Math.max(0, ...soleKnownErrors.map(Math.abs)).toFixed(1)} | ${soleKnownErrors.length} |
| diagnostic: the same with the construction's own hair volume taken off instead of the ${crownHairCm} cm allowance (the camera alone) | ${maeWithStandardError(geometryErrors)} | ${mean(geometryErrors).toFixed(2)} | ${Math.max(0, ...geometryErrors.map(Math.abs)).toFixed(1)} | ${geometryErrors.length} |
| no calibration: the survey's mean stature | ${maeWithStandardError(baselineErrors)} | ${mean(baselineErrors).toFixed(2)} | ${Math.max(0, ...baselineErrors.map(Math.abs)).toFixed(1)} | ${accepted.length} |

The scans state the camera's stature with a median ±1 SD of ${statedSds.length ? [...statedSds].sort((a, b) => a - b)[Math.floor(statedSds.length / 2)]!.toFixed(1) : '-'} cm; it holds the true stature in ${covered} of ${accepted.length} (${accepted.length ? ((100 * covered) / accepted.length).toFixed(0) : '-'}%; a calibrated SD holds 68%).

The scan's reading takes off the sole of staff's shoes choice (flat: 2.5 cm; the construction's soles are 0.5–4 cm) and a ${crownHairCm} cm allowance for the hair above the skull, which the construction adds on top of the survey's stature (0–4 cm; the calibrating person's is flat). The two diagnostic rows take the true sole and the true hair instead, to show what the camera itself reads.

## Girths: calibrated camera without a typed height against the true height typed (target: within 0.5 cm MAE)
| girth | MAE, camera (cm) | MAE, typed height (cm) | difference ± its standard error (cm) |
|---|---|---|---|
${girthRows.join('\n')}

## Typed heights checked against the camera
| typed height | flagged \`height_disagrees_with_camera\` | target |
|---|---|---|
| off by ${mistypedByCm} cm | ${flagged('mistyped')} | ≥ 95% |
| correct | ${flagged('typed')} | ≤ 2% |

## Refusals and scans not read through the camera
${refusals.length ? refusals.map((line) => `- ${line}`).join('\n') : 'None.'}
`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
