/**
 * What each evaluation photograph varies, drawn per subject from the seed: clothing, shoes, hair,
 * how the arms are held, where the camera stands and how it is tilted, its lens, the light, the
 * background, the skin and garment colours, and the JPEG's quality and noise.
 */
import type { EvalSeed } from './population.js';
import { randomFor } from './random.js';

export const clothingClasses = ['bare', 'tight', 'regular', 'loose', 'dress'] as const;
export type ClothingClass = (typeof clothingClasses)[number];

export interface CameraSetup {
  widthPx: number;
  heightPx: number;
  /** The kiosk webcam's vertical field of view. */
  fovDeg: number;
  heightM: number;
  distanceM: number;
  /** Pitch: positive looks up. */
  tiltDeg: number;
  /** Radial distortion k1 of the normalised image radius (negative: barrel). */
  lensK1: number;
}

export interface PhotoLook {
  backgroundRgb: [number, number, number];
  /** Hemisphere light intensity and the key light's direction. */
  ambient: number;
  keyIntensity: number;
  keyAzimuthDeg: number;
  jpegQuality: number;
  /** Gaussian noise added to each channel before encoding (0–255 scale). */
  noiseSd: number;
}

export interface CaptureCondition {
  clothing: ClothingClass;
  soleMm: number;
  hairVolumeMm: number;
  hairLong: boolean;
  front: { armAbductionDeg: number; elbowFlexDeg: number; ankleSpacingMm: number };
  side: { yawDeg: number; armAbductionDeg: number; armForwardDeg: number };
  camera: CameraSetup;
  colours: {
    skin: [number, number, number];
    top: [number, number, number];
    bottom: [number, number, number];
    shoe: [number, number, number];
    hair: [number, number, number];
  };
  look: { front: PhotoLook; side: PhotoLook };
}

const skinTones: Array<[number, number, number]> = [
  [241, 209, 182],
  [224, 172, 138],
  [198, 134, 96],
  [160, 104, 70],
  [118, 76, 52],
  [84, 54, 38],
];
const garmentColours: Array<[number, number, number]> = [
  [30, 30, 34],
  [235, 235, 230],
  [40, 60, 110],
  [120, 30, 40],
  [70, 100, 70],
  [150, 140, 120],
  [200, 170, 60],
  [90, 90, 95],
  [170, 190, 210],
];
const hairColours: Array<[number, number, number]> = [
  [25, 20, 18],
  [70, 45, 30],
  [140, 100, 60],
  [200, 170, 120],
  [120, 120, 120],
];
const backgrounds: Array<[number, number, number]> = [
  [217, 213, 205],
  [235, 235, 235],
  [180, 190, 200],
  [200, 185, 160],
  [150, 150, 150],
  [225, 220, 190],
];

/**
 * Whether a standing body from the floor to `topM` (and its feet, 0.35 m in front of or behind
 * the body's plane at most) fits in the photo with a margin: the setup guide asks for a camera
 * placed so that the whole customer is in frame.
 */
export function bodyFitsInFrame(camera: CameraSetup, topM: number, marginDeg = 1.5): boolean {
  const half = camera.fovDeg / 2 - marginDeg;
  const angle = (heightM: number, distanceM: number): number =>
    (Math.atan2(heightM - camera.heightM, distanceM) * 180) / Math.PI - camera.tiltDeg;
  return angle(topM, camera.distanceM) < half && angle(0, camera.distanceM - 0.35) > -half && angle(0, camera.distanceM + 0.35) > -half;
}

/**
 * The condition of the subject at position `index` of a seed's population: clothing classes in
 * turn, everything else at random; camera placements that would cut the body off are drawn again.
 */
export function drawCondition(seed: EvalSeed, subjectId: string, index: number, statureMm: number): CaptureCondition {
  const random = randomFor(seed, subjectId, 'condition');
  const look = (): PhotoLook => ({
    backgroundRgb: random.pick(backgrounds),
    ambient: random.uniform(1.4, 2.4),
    keyIntensity: random.uniform(0.8, 1.8),
    keyAzimuthDeg: random.uniform(-50, 50),
    jpegQuality: Math.round(random.uniform(60, 92)),
    noiseSd: random.uniform(0, 5),
  });
  const barefoot = random.next() < 0.25;
  const soleMm = barefoot ? 0 : random.uniform(5, 40);
  const hairVolumeMm = random.uniform(0, 40);
  let camera: CameraSetup;
  let attempt = 0;
  do {
    const place = randomFor(seed, subjectId, 'camera', attempt);
    camera = {
      widthPx: 720,
      heightPx: 1280,
      fovDeg: 50,
      heightM: place.uniform(1.0, 1.5),
      distanceM: place.uniform(2.5, 3.5),
      tiltDeg: place.uniform(-5, 5),
      lensK1: place.uniform(-0.06, 0.03),
    };
    attempt += 1;
  } while (!bodyFitsInFrame(camera, (statureMm + soleMm + hairVolumeMm) / 1000 + 0.02) && attempt < 200);
  return {
    clothing: clothingClasses[index % clothingClasses.length]!,
    soleMm,
    hairVolumeMm,
    hairLong: random.next() < 0.4,
    front: { armAbductionDeg: random.uniform(15, 45), elbowFlexDeg: random.uniform(0, 20), ankleSpacingMm: random.uniform(120, 300) },
    side: { yawDeg: 90 + random.uniform(-8, 8), armAbductionDeg: random.uniform(6, 12), armForwardDeg: random.uniform(-5, 12) },
    camera,
    colours: {
      skin: random.pick(skinTones),
      top: random.pick(garmentColours),
      bottom: random.pick(garmentColours),
      shoe: random.pick(garmentColours),
      hair: random.pick(hairColours),
    },
    look: { front: look(), side: look() },
  };
}
