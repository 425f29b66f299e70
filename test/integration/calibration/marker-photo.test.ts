import { describe, expect, it } from 'vitest';
import { CalibrationError } from '../../../src/main/calibration/errors.js';
import { readMarkerPhoto } from '../../../src/main/calibration/read-marker-photo.js';
import { solveMarkerCalibration } from '../../../src/main/calibration/solve-marker.js';
import { markerPhoto, trueMarkerCorners, type MarkerScene } from '../../factories/marker-photo.js';

/**
 * The floor marker found in synthetic kiosk photos (drawn through known cameras, blurred, noised,
 * JPEG) and the camera solved from it: height within 1 cm and tilt within 0.2° of the camera that
 * drew it. `npx vitest run test/integration/calibration/marker-photo.test.ts`.
 */

const scenes: Array<MarkerScene & { name: string }> = [
  {
    name: 'low camera tilted down, 22 cm marker',
    camera: cam(1.0, -5, 2),
    sideM: 0.22,
    distanceM: 2.6,
    blurSigma: 0.8,
    noiseSd: 3,
    jpegQuality: 80,
  },
  {
    name: 'level camera, 30 cm marker turned 10°',
    camera: cam(1.25, 0, -1),
    sideM: 0.3,
    distanceM: 3.0,
    yawDeg: 10,
    blurSigma: 1,
    noiseSd: 4,
  },
  {
    name: 'high camera tilted up, 22 cm marker off centre',
    camera: cam(1.4, 1.5, -2),
    sideM: 0.22,
    distanceM: 3.5,
    offsetM: 0.15,
    blurSigma: 0.7,
    noiseSd: 2,
  },
  { name: 'low camera tilted up 5°, 30 cm marker', camera: cam(1.0, 5, 1), sideM: 0.3, distanceM: 3.4, blurSigma: 0.9, noiseSd: 3 },
  {
    name: 'camera 1.5 m up tilted down 5°, 30 cm marker',
    camera: cam(1.5, -5, -1.5),
    sideM: 0.3,
    distanceM: 3.2,
    blurSigma: 1,
    noiseSd: 3,
  },
  {
    name: 'middle camera, 40 cm marker far off',
    camera: cam(1.2, -2.5, 0.5),
    sideM: 0.4,
    distanceM: 3.5,
    blurSigma: 1.2,
    noiseSd: 5,
    jpegQuality: 70,
  },
  {
    name: 'landscape photo, 30 cm marker',
    camera: { ...cam(1.2, -1.5, 1.5), imageWidth: 1280, imageHeight: 720 },
    sideM: 0.3,
    distanceM: 2.8,
    blurSigma: 0.8,
    noiseSd: 3,
  },
];

function cam(heightM: number, tiltDeg: number, rollDeg: number): MarkerScene['camera'] {
  return { imageWidth: 720, imageHeight: 1280, heightM, tiltDeg, rollDeg };
}

async function refusal(scene: MarkerScene): Promise<string> {
  const error = await readMarkerPhoto(await markerPhoto(scene)).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CalibrationError);
  return (error as CalibrationError).code;
}

describe('the floor marker in a photo', () => {
  it.each(scenes)('$name: corners within 0.25 px, camera height within 1 cm, tilt within 0.2°', async (scene) => {
    const reading = await readMarkerPhoto(await markerPhoto(scene));
    const truth = trueMarkerCorners(scene);
    reading.corners.forEach((corner, i) => expect(Math.hypot(corner.x - truth[i]!.x, corner.y - truth[i]!.y)).toBeLessThan(0.25));
    const solved = solveMarkerCalibration({ reading, markerSizeCm: scene.sideM * 100, verticalFovDeg: 50 });
    expect(Math.abs(solved.camera.heightM - scene.camera.heightM)).toBeLessThan(0.01);
    expect(Math.abs(solved.camera.tiltDeg - scene.camera.tiltDeg)).toBeLessThan(0.2);
    expect(solved.camera.tiltSource).toBe('measured');
    expect(solved.method === 'marker' ? Math.abs(solved.reference.rollDeg - scene.camera.rollDeg) : null).toBeLessThan(1);
  });

  it('places the reference floor line on the far edge of the marker', async () => {
    const scene = scenes[1]!;
    const solved = solveMarkerCalibration({
      reading: await readMarkerPhoto(await markerPhoto(scene)),
      markerSizeCm: 30,
      verticalFovDeg: 50,
    });
    const truth = trueMarkerCorners({ ...scene, yawDeg: 0 });
    // Rows of the far edge's ends (turned 10°, its middle lies between them).
    const farRow = (truth[0]!.y + truth[1]!.y) / 2;
    expect(Math.abs(solved.reference.floorShare * 1280 - farRow)).toBeLessThan(2);
    expect(solved.reference.floorDistanceM).toBeCloseTo(3.15, 1);
  });

  it('refuses a floor without the marker, a marker cut off by the frame, and one too small to give the tilt', async () => {
    expect(await refusal({ ...scenes[1]!, withoutMarker: true })).toBe('calibration_marker_not_found');
    // Half a metre to the side of a camera turned that way: the square's right part leaves the photo.
    const cut = await refusal({ ...scenes[1]!, offsetM: 0.62, yawDeg: 0 });
    expect(cut).toBe('calibration_marker_not_found');
    expect(await refusal({ camera: cam(1.0, 0, 0), sideM: 0.12, distanceM: 3.6, blurSigma: 0.5 })).toMatch(
      /calibration_marker_too_small|calibration_marker_not_found/,
    );
  });

  it('refuses a marker whose size given fits no kiosk mount', () => {
    const scene = scenes[0]!;
    const reading = { view: 'marker' as const, imageWidth: 720, imageHeight: 1280, corners: trueMarkerCorners(scene), horizon: null };
    expect(() => solveMarkerCalibration({ reading, markerSizeCm: 90, verticalFovDeg: 50 })).toThrow(
      expect.objectContaining({ code: 'calibration_out_of_range' }),
    );
  });
});
