/**
 * The kiosk camera as a pinhole at a fixed place: its lens centre `heightM` above the floor,
 * pitched by `tiltDeg` (positive looks up), with a focal length in photo pixels and the principal
 * point at the photo's centre. A person standing upright at any distance is a vertical segment
 * from the floor to the crown; the photo rows of its two ends are angles below the horizon, and
 *   tan(angle of the floor) = H / d,   tan(angle of the crown) = (H − Y) / d
 * so Y = H · (1 − tan(crown) / tan(floor)): the distance drops out. That is why a camera whose
 * height and tilt are known measures a customer's stature wherever on the markers they stand.
 */

export interface CameraPose {
  /** Focal length in photo pixels and the photo's size it applies to. */
  focalPx: number;
  imageWidth: number;
  imageHeight: number;
  heightM: number;
  /** Pitch, positive looks up. */
  tiltDeg: number;
}

const radians = (degrees: number): number => (degrees * Math.PI) / 180;
const degrees = (value: number): number => (value * 180) / Math.PI;

/** Focal length in pixels of a lens with this vertical field of view on a photo `imageHeight` rows tall. */
export function focalFromFov(imageHeight: number, verticalFovDeg: number): number {
  return imageHeight / 2 / Math.tan(radians(verticalFovDeg) / 2);
}

/** Angle of a photo row below the horizon (radians) through a camera of this focal length and tilt. */
export function rowAngleBelowHorizon(camera: Pick<CameraPose, 'focalPx' | 'imageHeight' | 'tiltDeg'>, row: number): number {
  return Math.atan((row - camera.imageHeight / 2) / camera.focalPx) - radians(camera.tiltDeg);
}

/** Height (metres) of what spans from the floor row to the top row, standing upright, wherever it stands. */
export function uprightHeightM(camera: CameraPose, rows: { topY: number; floorY: number }): number {
  const floor = Math.tan(rowAngleBelowHorizon(camera, rows.floorY));
  // A floor at or above the horizon is no floor the camera can see in front of it.
  if (!(floor > 1e-6)) return Number.NaN;
  return camera.heightM * (1 - Math.tan(rowAngleBelowHorizon(camera, rows.topY)) / floor);
}

/** Horizontal distance (metres) from the lens to where the floor row meets the floor. */
export function floorDistanceM(camera: CameraPose, floorY: number): number {
  const floor = Math.tan(rowAngleBelowHorizon(camera, floorY));
  return floor > 1e-6 ? camera.heightM / floor : Number.NaN;
}

/**
 * The camera's height from a person of known height photographed upright, its tilt being known
 * (0 for a level camera, the setup guide's mounting). Inverts `uprightHeightM`.
 */
export function heightFromPerson(input: { focalPx: number; imageHeight: number; tiltDeg: number; topY: number; floorY: number; personM: number }): number {
  const camera = { focalPx: input.focalPx, imageHeight: input.imageHeight, tiltDeg: input.tiltDeg };
  const floor = Math.tan(rowAngleBelowHorizon(camera, input.floorY));
  const top = Math.tan(rowAngleBelowHorizon(camera, input.topY));
  if (!(floor > 1e-6) || !(floor > top)) return Number.NaN;
  return input.personM / (1 - top / floor);
}

/**
 * Height and tilt from a person of known height at a known distance (the floor markers' distance
 * from the lens, measured with a tape): tan(floor) − tan(crown) = person / distance fixes the tilt,
 * then H = distance · tan(floor). For a fixed span between the two rays the left side is smallest
 * when the horizon halves the span, the camera at half the person's height; a kiosk camera is
 * mounted above that (1.0–1.5 m against a person of 1.5 m or more), where the left side falls as
 * the tilt rises, so bisection between −30° and the halving tilt finds it. Null when no tilt there
 * explains the photo (the distance is too short or too long for the person's span).
 */
export function tiltAndHeightFromPerson(input: {
  focalPx: number;
  imageHeight: number;
  topY: number;
  floorY: number;
  personM: number;
  distanceM: number;
}): { tiltDeg: number; heightM: number } | null {
  const centre = input.imageHeight / 2;
  const floorRay = Math.atan((input.floorY - centre) / input.focalPx);
  const topRay = Math.atan((input.topY - centre) / input.focalPx);
  if (!(floorRay > topRay) || !(input.distanceM > 0)) return null;
  const target = input.personM / input.distanceM;
  const gap = (tilt: number): number => Math.tan(floorRay - tilt) - Math.tan(topRay - tilt) - target;
  let low = radians(-30);
  let high = (floorRay + topRay) / 2;
  if (!(gap(low) >= 0 && gap(high) <= 0)) return null;
  for (let step = 0; step < 60; step += 1) {
    const mid = (low + high) / 2;
    if (gap(mid) > 0) low = mid;
    else high = mid;
  }
  const tilt = (low + high) / 2;
  const heightM = input.distanceM * Math.tan(floorRay - tilt);
  if (!(heightM > 0)) return null;
  return { tiltDeg: degrees(tilt), heightM };
}
