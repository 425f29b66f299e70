import { describe, expect, it } from 'vitest';
import { findHorizonNear, findReferenceHorizon, personColumns } from '../../../src/main/calibration/background-horizon.js';
import { calibrationRecordSchema, type ScanCalibration } from '../../../src/main/calibration/calibration-record.js';
import { focalFromFov } from '../../../src/main/calibration/camera-geometry.js';
import { horizonTilt } from '../../../src/main/calibration/horizon-tilt.js';
import type { GrayImage } from '../../../src/main/inference/capture-checks/image-statistics.js';

interface Scene {
  /** The wall's foot: rows above it are the wall (grey 180), below it the floor (140), blended across its pixel. */
  edgeRow: number;
  /** Rows per column: a rolled camera. */
  slope?: number;
  /** A person: darker columns from near the top to near the bottom, with their own horizontal edges (head, hem). */
  person?: { left: number; right: number };
  seed?: number;
}

const width = 216;
const height = 384;

/** A kiosk's background as the capture checks' grayscale copy holds it, with sensor noise of ±3 grey levels. */
function photo(scene: Scene): GrayImage {
  const gray = new Uint8Array(width * height);
  let state = scene.seed ?? 7;
  const noise = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 6 - 3;
  };
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const edge = scene.edgeRow + (scene.slope ?? 0) * (x - width / 2);
      const wallShare = Math.min(1, Math.max(0, edge - y));
      let value = 180 * wallShare + 140 * (1 - wallShare);
      const { person } = scene;
      if (person && x >= person.left && x <= person.right && y >= 40 && y <= 350) value = y < 60 ? 60 : y < 200 ? 100 : 70;
      gray[y * width + x] = Math.round(value + noise());
    }
  }
  return { gray, width, height };
}

const person = { left: 80, right: 130 };

describe('the background horizon', () => {
  it('is found in a calibration photo beside the person, to a fraction of a row, with its polarity', () => {
    const reference = findReferenceHorizon(photo({ edgeRow: 171.3, person }), { maxShare: 0.9, person });
    expect(reference).not.toBeNull();
    expect(reference!.polarity).toBe(-1);
    expect(Math.abs(reference!.share * height - 171.3)).toBeLessThan(0.6);
    expect(Math.abs(reference!.slope)).toBeLessThan(0.002);
  });

  it('follows a rolled camera: the slant is measured and a scan reads the edge at the middle column', () => {
    const reference = findReferenceHorizon(photo({ edgeRow: 171.3, slope: 0.03 }), { maxShare: 0.9, person: null })!;
    expect(reference.slope).toBeCloseTo(0.03, 2);
    // The person stands left of the middle: the bands beside them still give the middle column's row.
    const shifted = findHorizonNear(photo({ edgeRow: 175.1, slope: 0.03, person: { left: 40, right: 90 }, seed: 3 }), reference, {
      left: 40,
      right: 90,
    });
    expect(shifted).not.toBeNull();
    expect((shifted! - reference.share) * height).toBeCloseTo(3.8, 0);
  });

  it('measures how far the edge moved in a scan to a tenth of a row', () => {
    const reference = findReferenceHorizon(photo({ edgeRow: 171.3, person }), { maxShare: 0.9, person })!;
    for (const move of [-4.6, -1.2, 0, 0.4, 5.3]) {
      const scan = findHorizonNear(photo({ edgeRow: 171.3 + move, person, seed: 11 }), reference, person);
      expect(scan).not.toBeNull();
      expect(Math.abs((scan! - reference.share) * height - move)).toBeLessThan(0.1);
    }
  });

  it('is not found in a plain background, nor where the person hides most of it, nor far from where it was', () => {
    const plain = photo({ edgeRow: 1000 });
    expect(findReferenceHorizon(plain, { maxShare: 0.9, person: null })).toBeNull();
    const reference = findReferenceHorizon(photo({ edgeRow: 171.3 }), { maxShare: 0.9, person: null })!;
    expect(findHorizonNear(plain, reference, null)).toBeNull();
    const wide = { left: 20, right: 196 };
    expect(findHorizonNear(photo({ edgeRow: 171.3, person: wide }), reference, wide)).toBeNull();
    // 8% of the photo's height away: beyond the search, as a camera moved that far is stale anyway.
    expect(findHorizonNear(photo({ edgeRow: 171.3 + 0.08 * height }), reference, null)).toBeNull();
  });

  it("takes a person's columns from their mask at its own scale", () => {
    expect(personColumns({ width: 108, left: 40, right: 64 }, photo({ edgeRow: 100 }))).toEqual({ left: 80, right: 129 });
  });
});

describe("a scan's camera tilt from the horizon", () => {
  const imageHeight = 1280;
  const focalPx = focalFromFov(imageHeight, 50);
  const calibration: ScanCalibration = {
    id: '0b7e4c52-43a4-4d5e-9a55-8f0d1c2b3a4e',
    camera: { focalPx, imageWidth: 720, imageHeight, heightM: 1.2, tiltDeg: -2 },
    sideHeightM: null,
    referenceFloorShare: 0.9,
    horizon: null,
  };

  it('turns the calibrated tilt by the angle the edge moved through the lens', () => {
    const reference = findReferenceHorizon(photo({ edgeRow: 171.3, person }), { maxShare: 0.9, person })!;
    const seen = horizonTilt({ ...calibration, horizon: reference }, photo({ edgeRow: 175.3, person, seed: 5 }), person);
    const angle = (share: number): number => (Math.atan(((share - 0.5) * imageHeight) / focalPx) * 180) / Math.PI;
    const expected = angle(175.3 / height) - angle(171.3 / height);
    // Lower in the photo: the camera now looks further up.
    expect(seen.changeDeg!).toBeGreaterThan(0);
    expect(seen.changeDeg!).toBeCloseTo(expected, 2);
    expect(seen.calibration.camera.tiltDeg).toBeCloseTo(-2 + expected, 2);
    expect(seen.note).toMatch(/up from calibration/);
  });

  it('keeps the calibrated tilt, and says so, when the edge is not found; says nothing for a calibration without one', () => {
    const reference = findReferenceHorizon(photo({ edgeRow: 171.3 }), { maxShare: 0.9, person: null })!;
    const lost = horizonTilt({ ...calibration, horizon: reference }, photo({ edgeRow: 1000 }), null);
    expect(lost.calibration.camera.tiltDeg).toBe(-2);
    expect(lost.changeDeg).toBeNull();
    expect(lost.note).toMatch(/not found/);
    expect(horizonTilt(calibration, photo({ edgeRow: 171.3 }), null)).toEqual({ calibration, changeDeg: null, note: null });
    // A photo of another shape than the calibration's is not read through it: nothing to say about its tilt.
    const square = { ...calibration, camera: { ...calibration.camera, imageWidth: 1280 }, horizon: reference };
    expect(horizonTilt(square, photo({ edgeRow: 175.3 }), null)).toEqual({ calibration: square, changeDeg: null, note: null });
  });

  it('reads a calibration stored before the horizon was recorded, as one without it', () => {
    const stored = {
      version: 1,
      id: calibration.id,
      calibratedAt: '2026-12-01T10:00:00.000Z',
      method: 'person',
      camera: { ...calibration.camera, tiltSource: 'assumed_level', verticalFovDeg: 50 },
      reference: {
        personHeightCm: 176,
        soleCm: 2,
        floorDistanceM: 3,
        floorShare: 0.9,
        views: [{ view: 'front', topY: 300, floorY: 1150, heightM: 1.2 }],
      },
    };
    expect(calibrationRecordSchema.parse(stored).reference.horizon).toBeNull();
  });
});
