/**
 * The kiosk's camera as a pinhole: level, looking along −z at the customer, who stands on the
 * floor (y = 0) around x = z = 0. Its lens is known (the setup guide's webcam); where it stands is
 * not fixed to the centimetre, so its distance and height are found per photo from the customer's
 * stature: the top of the head and the floor line are `statureM` apart in the body's plane.
 */

/** Vertical field of view of the kiosk's portrait webcam (docs/architecture.md, the setup guide). */
export const kioskVerticalFovDeg = 50;

export interface PhotoCamera {
  /** Focal length in photo pixels. */
  focalPx: number;
  /** Principal point: the photo's centre. */
  centreX: number;
  centreY: number;
  /** Lens centre above the floor and in front of the body's plane (metres). */
  heightM: number;
  distanceM: number;
}

export function calibratePhotoCamera(input: {
  imageWidth: number;
  imageHeight: number;
  /** Photo rows of the top of the head and the floor line (where the sole point nearest the camera stands). */
  topY: number;
  floorY: number;
  /** What the photo shows from floor to crown: the stature plus any shoe sole (metres). */
  statureM: number;
  /** How far the crown and that sole point are in front of the body's plane, towards the camera (metres). */
  crownDepthM?: number;
  heelDepthM?: number;
  verticalFovDeg?: number;
}): PhotoCamera {
  const fov = ((input.verticalFovDeg ?? kioskVerticalFovDeg) * Math.PI) / 180;
  const focalPx = input.imageHeight / 2 / Math.tan(fov / 2);
  const centreY = input.imageHeight / 2;
  const top = input.topY - centreY;
  const floor = input.floorY - centreY;
  const crownZ = input.crownDepthM ?? 0;
  const heelZ = input.heelDepthM ?? 0;
  // Both rows through the pinhole: (row − centre)·(D − z) = −f·(y − H), linear in D and H.
  const distanceM = (top * crownZ - floor * heelZ - focalPx * input.statureM) / Math.min(-1, top - floor);
  const heightM = (floor * (distanceM - heelZ)) / focalPx;
  return { focalPx, centreX: input.imageWidth / 2, centreY, heightM, distanceM };
}

/** Photo column of a body point (metres) shifted by `shiftPx`, and its derivatives by x and z. */
export function projectX(camera: PhotoCamera, x: number, z: number, shiftPx = 0): { px: number; dx: number; dz: number } {
  const depth = camera.distanceM - z;
  const dx = camera.focalPx / depth;
  return { px: camera.centreX + x * dx + shiftPx, dx, dz: (x * dx) / depth };
}

/** Photo row of a body point (metres). */
export function projectY(camera: PhotoCamera, y: number, z: number): number {
  return camera.centreY - (camera.focalPx * (y - camera.heightM)) / (camera.distanceM - z);
}

/** Metres in the body's plane per photo pixel. */
export function metresPerPixel(camera: PhotoCamera): number {
  return camera.distanceM / camera.focalPx;
}
