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

export const radians = (degrees: number): number => (degrees * Math.PI) / 180;
export const degrees = (angle: number): number => (angle * 180) / Math.PI;

/** Focal length in pixels of a lens with this vertical field of view on a photo `imageHeight` rows tall. */
export function focalFromFov(imageHeight: number, verticalFovDeg: number): number {
  return imageHeight / 2 / Math.tan(radians(verticalFovDeg) / 2);
}

/** Angle of a photo row below the horizon (radians) through a camera of this focal length and tilt. */
export function rowAngleBelowHorizon(camera: Pick<CameraPose, 'focalPx' | 'imageHeight' | 'tiltDeg'>, row: number): number {
  return Math.atan((row - camera.imageHeight / 2) / camera.focalPx) - radians(camera.tiltDeg);
}

/**
 * Height (metres) of what spans from the floor row to the top row, standing upright, wherever it
 * stands. `crownBehindShare`: how far the crown stands behind the floor row's point, as a share of
 * the height (a person's toes are nearer the camera than their head: the floor row is the toes').
 * With the crown d·s further away, tan(crown) = (H − Y) / (d + s·Y), so Y = H (1 − tan c / tan f) / (1 + s tan c).
 */
export function uprightHeightM(camera: CameraPose, rows: { topY: number; floorY: number }, crownBehindShare = 0): number {
  const floor = Math.tan(rowAngleBelowHorizon(camera, rows.floorY));
  // A floor at or above the horizon is no floor the camera can see in front of it.
  if (!(floor > 1e-6)) return Number.NaN;
  const crown = Math.tan(rowAngleBelowHorizon(camera, rows.topY));
  return (camera.heightM * (1 - crown / floor)) / (1 + crownBehindShare * crown);
}

/** Horizontal distance (metres) from the lens to where the floor row meets the floor. */
export function floorDistanceM(camera: CameraPose, floorY: number): number {
  const floor = Math.tan(rowAngleBelowHorizon(camera, floorY));
  return floor > 1e-6 ? camera.heightM / floor : Number.NaN;
}

/**
 * The camera's height from a person of known height photographed upright, its tilt being known
 * (0 for a level camera, the setup guide's mounting). Inverts `uprightHeightM`.
 *
 * One person cannot give the tilt as well, not even with the markers' distance taped: then
 * tan(floor) − tan(crown) = height / distance fixes it, but for a fixed span between the two rays
 * the left side is flattest when the horizon halves the span, the camera at half the person's
 * height, which is where a kiosk camera (1.0–1.5 m) stands against a person (1.5–1.9 m). On the
 * dev renders a row off by a few pixels moved that tilt by 5° or left no solution at all. A tilt
 * taken as 0 goes into the height instead; on the markers' plane that is exact for the person's own
 * height and off by under 1.5 cm for customers 25 cm taller or shorter at a 4° tilt.
 */
export function heightFromPerson(input: {
  focalPx: number;
  imageHeight: number;
  tiltDeg: number;
  topY: number;
  floorY: number;
  personM: number;
  /** As in `uprightHeightM`. */
  crownBehindShare?: number;
}): number {
  const camera = { focalPx: input.focalPx, imageHeight: input.imageHeight, tiltDeg: input.tiltDeg };
  const floor = Math.tan(rowAngleBelowHorizon(camera, input.floorY));
  const top = Math.tan(rowAngleBelowHorizon(camera, input.topY));
  if (!(floor > 1e-6) || !(floor > top)) return Number.NaN;
  return (input.personM * (1 + (input.crownBehindShare ?? 0) * top)) / (1 - top / floor);
}
