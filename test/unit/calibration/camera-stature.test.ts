import { describe, expect, it } from 'vitest';
import { focalFromFov } from '../../../src/main/calibration/camera-geometry.js';
import type { ScanCalibration } from '../../../src/main/calibration/calibration-record.js';
import { crownHairCm, statureFromCamera, typedHeightCheck } from '../../../src/main/calibration/camera-stature.js';
import type { PersonSilhouette } from '../../../src/main/inference/capture-checks/person-silhouette.js';
import { cameraStatureStep } from '../../../src/main/inference/embedded/camera-stature-step.js';
import { boxCameraStature } from '../../../src/main/inference/hmr2/box-stature.js';
import { soleWhenNotGiven } from '../../../src/main/scans/capture-conditions.js';
import { personRows, photoRow, type KnownCamera } from '../../factories/calibration-photos.js';

const camera: KnownCamera = { imageWidth: 720, imageHeight: 1280, heightM: 1.18, tiltDeg: 2 };
const calibration: ScanCalibration = {
  id: '0b7e4c52-43a4-4d5e-9a55-8f0d1c2b3a4e',
  camera: { focalPx: focalFromFov(1280, 50), imageWidth: 720, imageHeight: 1280, heightM: 1.18, tiltDeg: 2 },
  sideHeightM: null,
  referenceFloorShare: photoRow(camera, { y: 0, d: 3 }) / 1280,
  horizon: null,
};
const rowsOf = (statureM: number, distanceM: number, shot: KnownCamera = camera, view: 'front' | 'side' = 'front') =>
  personRows(shot, view, { statureM, distanceM });

describe('stature through the calibrated camera', () => {
  it("reads a customer 10 cm off the markers to the millimetre and takes the sole and the hair's allowance off", () => {
    const reading = statureFromCamera({ calibration, imageWidth: 720, imageHeight: 1280, ...rowsOf(1.645, 3.1), soleCm: 2.5 });
    expect(reading.kind).toBe('measured');
    if (reading.kind !== 'measured') return;
    expect(reading.spanCm).toBeCloseTo(164.5, 1);
    expect(crownHairCm).toBe(2.5);
    expect(reading.hairCm).toBe(crownHairCm);
    expect(reading.statureCm).toBeCloseTo(164.5 - 2.5 - crownHairCm, 1);
  });

  it('reads a half-size copy of the photo the same', () => {
    const rows = rowsOf(1.8, 2.9);
    const reading = statureFromCamera({
      calibration,
      imageWidth: 360,
      imageHeight: 640,
      topY: rows.topY / 2,
      floorY: rows.floorY / 2,
      soleCm: 0,
    });
    expect(reading.kind === 'measured' && reading.statureCm).toBeCloseTo(180 - crownHairCm, 1);
  });

  it('does not read a photo once the camera has tilted 3° down: the floor line moved', () => {
    const reading = statureFromCamera({
      calibration,
      imageWidth: 720,
      imageHeight: 1280,
      ...rowsOf(1.7, 3, { ...camera, tiltDeg: -1 }),
      soleCm: 0,
    });
    expect(reading).toMatchObject({ kind: 'unusable', code: 'calibration_floor_moved' });
  });

  it("does not read a photo of another shape than the calibration's", () => {
    const reading = statureFromCamera({ calibration, imageWidth: 1280, imageHeight: 720, topY: 100, floorY: 700, soleCm: 0 });
    expect(reading).toMatchObject({ kind: 'unusable', code: 'calibration_photo_size', floorShare: null });
  });

  it('flags a typed height more than 4 cm from the camera, and not one within', () => {
    expect(typedHeightCheck(178, 187)).toMatchObject({ code: 'height_disagrees_with_camera' });
    expect(typedHeightCheck(178, 187)!.message).toMatch(/9\.0 cm below/);
    expect(typedHeightCheck(183.9, 180)).toBeNull();
    expect(typedHeightCheck(175.9, 180)).not.toBeNull();
  });
});

describe("the embedded pipeline's camera step", () => {
  // A customer of 187 cm whose hair stands the allowance above the skull.
  const crownM = 1.87 + crownHairCm / 100;
  const rows = rowsOf(crownM, 3);
  /** A person mask standing from the crown's row to the floor's (mask pixels at half the photo's scale). */
  const silhouette = (floorY: number): PersonSilhouette =>
    ({ scale: 0.5, top: Math.round(rows.topY * 0.5), bottom: Math.round(floorY * 0.5) - 1 }) as PersonSilhouette;
  const front = {
    view: 'front' as const,
    imageWidth: 720,
    imageHeight: 1280,
    silhouette: silhouette(rows.floorY),
    body: null,
    topY: rows.topY,
  };
  const step = (typedHeightCm: number | null, given: ScanCalibration | null = calibration) =>
    cameraStatureStep({ calibration: given, typedHeightCm, views: [front], soleCm: 0 });

  it('gives the stature when no height is typed, and the floor line to watch', () => {
    const result = step(null);
    expect(result.statureCm).toBeCloseTo(187, 0);
    expect(result.readCm).toBe(result.statureCm);
    expect(result.warnings).toEqual([]);
    expect(result.check!.calibrationId).toBe(calibration.id);
    expect(result.check!.floorShare).toBeCloseTo(rows.floorY / 1280, 2);
  });

  it('keeps a typed height, flagging it with a stable code when the camera disagrees by more than 4 cm', () => {
    const mistyped = step(178);
    expect(mistyped.statureCm).toBeNull();
    // What the camera read is kept for staff, who may choose it over the typed height.
    expect(mistyped.readCm).toBeCloseTo(187, 0);
    expect(mistyped.warnings.map((warning) => warning.code)).toEqual(['height_disagrees_with_camera']);
    expect(step(186).warnings).toEqual([]);
  });

  /** No height typed, the front photo and a side photo whose floor line and crown are these rows. */
  const withSide = (sideRows: { topY: number; floorY: number }) =>
    cameraStatureStep({
      calibration: { ...calibration, sideHeightM: 1.18 },
      typedHeightCm: null,
      views: [front, { ...front, view: 'side' as const, silhouette: silhouette(sideRows.floorY), topY: sideRows.topY }],
      soleCm: 0,
    });

  it("reads the side photo through the side's own calibration and averages the two", () => {
    const both = withSide(rowsOf(crownM, 3.2, camera, 'side'));
    expect(both.statureCm).toBeCloseTo(187, 0);
    expect(both.notes[0]).toMatch(/front 18\d\.\d, side 18\d\.\d/);
  });

  it("leaves the side photo out when its reading is more than 6 cm off the front's (a profile mask that lost a shoe)", () => {
    // The side mask ends 60 px above the floor: through the camera that reads some 9 cm taller.
    const sideRows = rowsOf(crownM, 3, camera, 'side');
    const both = withSide({ topY: sideRows.topY, floorY: sideRows.floorY - 60 });
    expect(both.statureCm).toBeCloseTo(187, 0);
    expect(both.notes[0]).toMatch(/side 19\d\.\d; the side photo's reading is more than 6 cm off the front's and is left out/);
  });

  it('warns and gives no stature once the floor line has moved', () => {
    const moved = cameraStatureStep({
      calibration: { ...calibration, referenceFloorShare: calibration.referenceFloorShare - 0.05 },
      typedHeightCm: null,
      views: [front],
      soleCm: 0,
    });
    expect(moved.statureCm).toBeNull();
    expect(moved.readCm).toBeNull();
    expect(moved.warnings.map((warning) => warning.code)).toEqual(['calibration_floor_moved']);
  });

  it('does nothing without a calibration', () => {
    expect(step(null, null)).toEqual({ statureCm: null, readCm: null, notes: [], warnings: [], check: null });
  });
});

describe("the hmr2 pipeline's camera step, from the person box", () => {
  const crownM = 1.87 + crownHairCm / 100;
  const rows = rowsOf(crownM, 3);
  const box = { x1: 250, y1: rows.topY, x2: 470, y2: rows.floorY };
  const read = (shoes: 'none' | null, typedHeightCm: number | null = null) =>
    boxCameraStature({ calibration, typedHeightCm, box, imageWidth: 720, imageHeight: 1280, shoes });

  it("reads the box's top as the crown and its bottom as the floor line, with staff's sole or a street shoe's", () => {
    expect(read('none').statureCm).toBeCloseTo(187, 0);
    // Nobody said: a street shoe's sole is assumed under the same rows.
    expect(read(null).statureCm).toBeCloseTo(187 - soleWhenNotGiven.soleCm, 0);
    // An assumed sole is said so in the scan's notes; a given one is not repeated there.
    expect(read(null).notes.at(-1)).toBe(
      `Shoes not given: the camera's reading assumes a street shoe's ${soleWhenNotGiven.soleCm} cm sole.`,
    );
    expect(read('none').notes.join(' ')).not.toMatch(/Shoes not given/);
    expect(read('none').check!.floorShare).toBeCloseTo(rows.floorY / 1280, 6);
  });

  it('keeps a typed height and flags it when the camera disagrees by more than 4 cm', () => {
    const mistyped = read('none', 178);
    expect(mistyped.statureCm).toBeNull();
    expect(mistyped.warnings.map((warning) => warning.code)).toEqual(['height_disagrees_with_camera']);
    expect(read('none', 186).warnings).toEqual([]);
  });
});
