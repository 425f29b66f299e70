import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBodyPlan, drawShapeVariation } from '../../../scripts/eval/body-plan.js';
import { buildScene, photoRequest, viewPose, type View } from '../../../scripts/eval/body-scene.js';
import { calibratorCondition, calibratorSoleMm } from '../../../scripts/eval/calibration-scenes.js';
import { drawCondition, type CaptureCondition } from '../../../scripts/eval/capture-conditions.js';
import { drawPopulation, type Subject } from '../../../scripts/eval/population.js';
import { randomFor } from '../../../scripts/eval/random.js';
import { measureTruth } from '../../../scripts/eval/truth.js';
import { openMeshPhotoRenderer, type MeshPhotoRenderer } from '../../../scripts/render/mesh-photo-renderer.js';
import { scanCalibrationOf, type CalibrationRecord } from '../../../src/main/calibration/calibration-record.js';
import { threadPhotoReader } from '../../../src/main/calibration/photo-reader.js';
import { solvePersonCalibration } from '../../../src/main/calibration/solve-person.js';
import { crownHairCm } from '../../../src/main/calibration/camera-stature.js';
import { fullSizeGray, photoOutlineRows } from '../../../src/main/calibration/edge-rows.js';
import { captureHumanOptions } from '../../../src/main/inference/capture-checks/human-settings.js';
import { observeFrame } from '../../../src/main/inference/capture-checks/observe-frame.js';
import { cameraStatureStep, type CameraView } from '../../../src/main/inference/embedded/camera-stature-step.js';
import { kioskVerticalFovDeg } from '../../../src/main/inference/embedded/kiosk-camera.js';
import { shoeSole } from '../../../src/main/inference/embedded/shoe-sole.js';
import { tragionColumns, tragionShare, verticalExtent } from '../../../src/main/inference/embedded/vertical-extent.js';
import { loadShapeStats } from '../../../src/main/body/shape-stats.js';
import { createHumanRuntime, type HumanRuntime } from '../../../src/main/inference/human/human-runtime.js';
import { createEmbeddedPipeline } from '../../../src/main/inference/embedded/embedded-pipeline.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Calibration from synthetic renders with a known camera: bodies of the evaluation's independent
 * construction (scripts/eval/), dressed and shod, photographed by three.js in Chromium through a
 * camera whose height and tilt the test sets, read by the real Human models in the calibration's
 * own worker thread. Needs /usr/bin/chromium (or CHROMIUM_PATH), as the accuracy evaluation does.
 */

const kioskCamera: CaptureCondition['camera'] = {
  widthPx: 720,
  heightPx: 1280,
  fovDeg: kioskVerticalFovDeg,
  heightM: 1.22,
  distanceM: 3.0,
  tiltDeg: 0,
  lensK1: -0.02,
};

let renderer: MeshPhotoRenderer;
let runtime: HumanRuntime;
/** The ear's height as a share of stature (the survey's adults), as the pipeline gives verticalExtent. */
let earShare: number;
const [person, customer] = drawPopulation('dev', 8)
  .filter((subject) => subject.extreme === null)
  .slice(0, 2) as [Subject, Subject];

function conditionOf(subject: Subject, index: number): CaptureCondition {
  return drawCondition('dev', subject.id, index, subject.dims.stature!);
}

async function photograph(subject: Subject, condition: CaptureCondition, view: View): Promise<Buffer> {
  const variation = drawShapeVariation(randomFor('dev', subject.id, 'shape'));
  return renderer.photograph(photoRequest(buildScene(subject, variation, condition, view), condition, view, 7));
}

/**
 * The stature the camera should read: the crown in the photo is the hair's, and the reading takes a
 * typical hair's allowance off, so a customer with less or more hair reads that much short or tall.
 */
function cameraTruthCm(subject: Subject, condition: CaptureCondition): number {
  return truthHeightCm(subject, condition) + condition.hairVolumeMm / 10 - crownHairCm;
}

function truthHeightCm(subject: Subject, condition: CaptureCondition): number {
  return measureTruth(
    buildBodyPlan(subject.dims, drawShapeVariation(randomFor('dev', subject.id, 'shape')), viewPose(condition, 'front')),
    subject.dims,
  ).height;
}

/** The stature the pipeline's camera step reads from a customer's front and side photos. */
async function cameraStature(record: CalibrationRecord, photos: Record<View, Buffer>, shoes: 'flat' | 'none') {
  const views: CameraView[] = [];
  for (const view of ['front', 'side'] as const) {
    const { observation } = await observeFrame(runtime, photos[view], view);
    const extent = verticalExtent(observation.silhouette!, observation.body, earShare);
    views.push({
      view,
      imageWidth: observation.imageWidth,
      imageHeight: observation.imageHeight,
      silhouette: observation.silhouette!,
      body: observation.body,
      topY: extent.topY,
      outline: photoOutlineRows(await fullSizeGray(photos[view]), observation.silhouette!, observation.imageHeight),
    });
  }
  return cameraStatureStep({
    calibration: scanCalibrationOf(record),
    typedHeightCm: null,
    views,
    soleCm: shoeSole(shoes).soleCm,
  });
}

describe('calibration on rendered bodies photographed by a known camera', () => {
  let record: CalibrationRecord;
  let personHeightCm: number;

  beforeAll(async () => {
    renderer = await openMeshPhotoRenderer();
    const stats = await loadShapeStats('neutral');
    earShare = tragionShare((column: (typeof tragionColumns)[number]) => stats.mean[stats.columns.indexOf(column)]!);
    runtime = await createHumanRuntime(captureHumanOptions);
    const condition = calibratorCondition(conditionOf(person, 0), kioskCamera);
    personHeightCm = Number(truthHeightCm(person, condition).toFixed(1));
    const photos = [
      { view: 'front' as const, bytes: await photograph(person, condition, 'front') },
      { view: 'side' as const, bytes: await photograph(person, condition, 'side') },
    ];
    // The real photo reader: its own worker thread with its own Human instance.
    const readings = (await threadPhotoReader()(photos)).filter((reading) => reading.view !== 'marker');
    const solved = solvePersonCalibration({ readings, personHeightCm, soleCm: calibratorSoleMm / 10, verticalFovDeg: kioskVerticalFovDeg });
    record = { version: 1, id: '7d1b3c2e-6f4a-4e8b-9c0d-1a2b3c4d5e6f', calibratedAt: '2026-12-03T09:00:00.000Z', ...solved };
  }, 240_000);

  afterAll(async () => {
    runtime?.dispose();
    await renderer?.close();
  });

  it('puts a level camera within 4 cm of its true height and the floor line where the markers are', () => {
    expect(Math.abs(record.camera.heightM - kioskCamera.heightM)).toBeLessThan(0.04);
    expect(record.camera.tiltSource).toBe('assumed_level');
    expect(Math.abs(record.reference.floorDistanceM - kioskCamera.distanceM)).toBeLessThan(0.3);
    expect(record.method === 'person' ? record.reference.views.map((view) => view.view) : null).toEqual(['front', 'side']);
  });

  it("reads another person's stature through it within 3 cm (their own hair against the allowance aside), in their own clothes and shoes, 4 cm off the markers", async () => {
    const own = conditionOf(customer, 1);
    const condition: CaptureCondition = { ...own, camera: { ...kioskCamera, distanceM: kioskCamera.distanceM + 0.04 } };
    const photos = { front: await photograph(customer, condition, 'front'), side: await photograph(customer, condition, 'side') };
    const step = await cameraStature(record, photos, condition.soleMm > 0 ? 'flat' : 'none');
    expect(step.warnings).toEqual([]);
    expect(Math.abs(step.statureCm! - cameraTruthCm(customer, condition))).toBeLessThan(3);
    expect(step.check!.calibrationId).toBe(record.id);
  }, 300_000);

  it('scans without a typed height at the stature the camera reads, and flags a height typed 8 cm too short', async () => {
    const own = conditionOf(customer, 1);
    const condition: CaptureCondition = { ...own, camera: kioskCamera };
    const dir = mkdtempSync(join(tmpdir(), 'perfit-calibrated-scan-'));
    const pipeline = await createEmbeddedPipeline(
      { modelsDir: join(dir, 'models'), choice: 'embedded', log: () => undefined },
      { runtime },
    );
    try {
      await pipeline.warmUp();
      const paths = { front: join(dir, 'front.jpg'), side: join(dir, 'side.jpg') };
      writeFileSync(paths.front, await photograph(customer, condition, 'front'));
      writeFileSync(paths.side, await photograph(customer, condition, 'side'));
      const truthCm = truthHeightCm(customer, condition);
      const scan = (heightCm: number | null) =>
        pipeline.run(
          {
            jobId: 'calibrated',
            imagePath: paths.front,
            sideImagePath: paths.side,
            gender: customer.sex,
            heightCm,
            clothing: 'regular',
            shoes: condition.soleMm > 0 ? 'flat' : 'none',
            calibration: scanCalibrationOf(record),
          },
          () => {},
        );
      const measured = await scan(null);
      const heightCm = measured.measurements.find((m) => m.name === 'height')!.valueCm;
      expect(Math.abs(heightCm - cameraTruthCm(customer, condition))).toBeLessThan(3);
      // The scan reads the crown and the soles on the photos' outline, as the camera step does given them.
      const shoes = condition.soleMm > 0 ? 'flat' : 'none';
      const read = await cameraStature(record, { front: readFileSync(paths.front), side: readFileSync(paths.side) }, shoes);
      expect(heightCm).toBeCloseTo(read.statureCm!, 1);
      expect(measured.provenance.notes.join(' | ')).toMatch(/Height not given: The calibrated camera measures/);
      expect(measured.warnings).toEqual([]);
      expect(measured.cameraCheck?.calibrationId).toBe(record.id);
      const mistyped = await scan(Math.round(truthCm) - 8);
      expect(mistyped.warnings?.map((warning) => warning.code)).toEqual(['height_disagrees_with_camera']);
      expect(mistyped.measurements.find((m) => m.name === 'height')!.valueCm).toBeLessThan(truthCm - 5);
    } finally {
      await pipeline.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("reads the camera's tilt again from the background's edge: a mount nudged 0.4° down since calibration still reads the stature", async () => {
    expect(record.reference.horizon).not.toBeNull();
    const own = conditionOf(customer, 1);
    const condition: CaptureCondition = { ...own, camera: { ...kioskCamera, tiltDeg: -0.4 } };
    const dir = mkdtempSync(join(tmpdir(), 'perfit-nudged-camera-'));
    const pipeline = await createEmbeddedPipeline(
      { modelsDir: join(dir, 'models'), choice: 'embedded', log: () => undefined },
      { runtime },
    );
    try {
      const paths = { front: join(dir, 'front.jpg'), side: join(dir, 'side.jpg') };
      writeFileSync(paths.front, await photograph(customer, condition, 'front'));
      writeFileSync(paths.side, await photograph(customer, condition, 'side'));
      const scan = (calibration: ReturnType<typeof scanCalibrationOf>) =>
        pipeline.run(
          {
            jobId: 'nudged',
            imagePath: paths.front,
            sideImagePath: paths.side,
            gender: customer.sex,
            heightCm: null,
            clothing: 'regular',
            shoes: condition.soleMm > 0 ? 'flat' : 'none',
            calibration,
          },
          () => {},
        );
      const heightOf = (result: Awaited<ReturnType<typeof scan>>): number => result.measurements.find((m) => m.name === 'height')!.valueCm;
      const seen = await scan(scanCalibrationOf(record));
      expect(seen.provenance.notes.join(' | ')).toMatch(/tilt is read from the background's horizontal edge: 0\.[345]\d° down/);
      expect(Math.abs(heightOf(seen) - cameraTruthCm(customer, condition))).toBeLessThan(3);
      // The service keeps the tilt read with the scan's floor line, for staff (calibration-store.ts).
      expect(seen.cameraCheck?.tiltChangeDeg).toBeGreaterThan(-0.5);
      expect(seen.cameraCheck?.tiltChangeDeg).toBeLessThan(-0.3);
      // The same photos through the calibration without its edge: the nudge moves the reading by centimetres.
      const blind = await scan({ ...scanCalibrationOf(record), horizon: null });
      expect(Math.abs(heightOf(blind) - heightOf(seen))).toBeGreaterThan(2);
    } finally {
      await pipeline.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('notices a camera knocked 3° down: the floor line moved, the stature is not read', async () => {
    const own = conditionOf(customer, 1);
    const condition: CaptureCondition = { ...own, camera: { ...kioskCamera, tiltDeg: -3 } };
    const photos = { front: await photograph(customer, condition, 'front'), side: await photograph(customer, condition, 'side') };
    const step = await cameraStature(record, photos, 'flat');
    expect(step.statureCm).toBeNull();
    expect(step.warnings.map((warning) => warning.code)).toEqual(['calibration_floor_moved']);
  }, 300_000);
});
