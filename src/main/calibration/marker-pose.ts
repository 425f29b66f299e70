import { solveSpd } from '../body/matrix.js';
import { degrees, radians } from './camera-geometry.js';

/**
 * The camera's pose above the floor from the four corners of a square of known size lying on it
 * (docs/calibration.md, method 2), through the pinhole of camera-geometry.ts: principal point at
 * the photo's centre, a known focal length. Four floor points of known layout fix the floor's
 * plane in the camera's frame, hence the lens's height above it, its tilt and its roll; the
 * square's place and turn on the floor come out too and are not needed.
 *
 * Frames: the floor has x to the camera's right, y up and z forward (horizontal), the lens at
 * (0, heightM, 0). The photo has x right and y down. Tilt is the pitch (positive looks up, as in
 * camera-geometry.ts); roll turns the picture clockwise when positive (the camera turned
 * anticlockwise as seen from behind it).
 */

export interface PhotoPoint {
  x: number;
  y: number;
}

export interface FloorCamera {
  focalPx: number;
  imageWidth: number;
  imageHeight: number;
  heightM: number;
  tiltDeg: number;
  rollDeg: number;
}

/** Where the square lies: its centre on the floor (metres) and the turn of its first side from the x axis. */
export interface SquareOnFloor {
  centreXM: number;
  centreZM: number;
  yawDeg: number;
  sideM: number;
  /** +1 when the corners, as given, run anticlockwise seen from above; −1 the other way. */
  winding: 1 | -1;
}

export interface MarkerPose {
  camera: FloorCamera;
  square: SquareOnFloor;
  /** RMS distance (photo px) between the given corners and the corners the pose projects. */
  reprojectionErrorPx: number;
}

/** The square's corners on the floor (x, z), in the order the photo's corners were given. */
export function squareCornersOnFloor(square: SquareOnFloor): Array<{ xM: number; zM: number }> {
  const half = square.sideM / 2;
  const yaw = radians(square.yawDeg);
  const local = [
    [-half, -half],
    [half, -half],
    [half, half],
    [-half, half],
  ] as const;
  return local.map(([a, b]) => {
    const bw = b * square.winding;
    return {
      xM: square.centreXM + Math.cos(yaw) * a - Math.sin(yaw) * bw,
      zM: square.centreZM + Math.sin(yaw) * a + Math.cos(yaw) * bw,
    };
  });
}

/** A floor point in the camera's frame (x right, y down, z along the lens's axis). */
function floorToCamera(camera: FloorCamera, point: { xM: number; yM?: number; zM: number }): [number, number, number] {
  const tilt = radians(camera.tiltDeg);
  const roll = radians(camera.rollDeg);
  const levelY = camera.heightM - (point.yM ?? 0);
  const y1 = Math.cos(tilt) * levelY + Math.sin(tilt) * point.zM;
  const z1 = -Math.sin(tilt) * levelY + Math.cos(tilt) * point.zM;
  return [Math.cos(roll) * point.xM - Math.sin(roll) * y1, Math.sin(roll) * point.xM + Math.cos(roll) * y1, z1];
}

/** Where a point (floor frame, metres) lands in the photo; null behind the lens. */
export function projectFloorPoint(camera: FloorCamera, point: { xM: number; yM?: number; zM: number }): PhotoPoint | null {
  const [x, y, z] = floorToCamera(camera, point);
  if (!(z > 1e-9)) return null;
  return { x: camera.imageWidth / 2 + (camera.focalPx * x) / z, y: camera.imageHeight / 2 + (camera.focalPx * y) / z };
}

/** The photo direction of a corner as a ray in the camera's frame (z = 1). */
function ray(camera: Pick<FloorCamera, 'focalPx' | 'imageWidth' | 'imageHeight'>, corner: PhotoPoint): [number, number] {
  return [(corner.x - camera.imageWidth / 2) / camera.focalPx, (corner.y - camera.imageHeight / 2) / camera.focalPx];
}

type Vector = [number, number, number];
const cross = (a: Vector, b: Vector): Vector => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vector, b: Vector): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vector): number => Math.sqrt(dot(a, a));
const scale = (a: Vector, k: number): Vector => [a[0] * k, a[1] * k, a[2] * k];

/**
 * A first pose from the plane-to-photo homography of the four corners (exact for exact corners):
 * its first two columns are the square's axes in the camera's frame, the third its corner.
 */
function poseFromHomography(
  lens: Pick<FloorCamera, 'focalPx' | 'imageWidth' | 'imageHeight'>,
  corners: readonly PhotoPoint[],
  sideM: number,
): { camera: FloorCamera; square: SquareOnFloor } | null {
  const model = [
    [0, 0],
    [sideM, 0],
    [sideM, sideM],
    [0, sideM],
  ] as const;
  // h33 = 1; the eight others from 2 equations per corner, solved through the normal equations.
  const rows: number[][] = [];
  const rhs: number[] = [];
  corners.forEach((corner, index) => {
    const [x, y] = ray(lens, corner);
    const [a, b] = model[index]!;
    rows.push([a, b, 1, 0, 0, 0, -x * a, -x * b]);
    rhs.push(x);
    rows.push([0, 0, 0, a, b, 1, -y * a, -y * b]);
    rhs.push(y);
  });
  const normal = new Float64Array(64);
  const right = new Float64Array(8);
  rows.forEach((row, r) => {
    for (let i = 0; i < 8; i++) {
      right[i] = right[i]! + row[i]! * rhs[r]!;
      for (let j = 0; j < 8; j++) normal[i * 8 + j] = normal[i * 8 + j]! + row[i]! * row[j]!;
    }
  });
  let h: Float64Array;
  try {
    h = solveSpd(normal, 8, right);
  } catch {
    return null;
  }
  const h1: Vector = [h[0]!, h[3]!, h[6]!];
  const h2: Vector = [h[1]!, h[4]!, h[7]!];
  const h3: Vector = [h[2]!, h[5]!, 1];
  let lambda = 2 / (norm(h1) + norm(h2));
  if (h3[2] * lambda < 0) lambda = -lambda;
  const axisA = scale(h1, lambda);
  const axisB = scale(h2, lambda);
  const origin = scale(h3, lambda);
  let up = cross(axisA, axisB);
  up = scale(up, 1 / norm(up));
  // The floor's normal that points from the floor towards the lens.
  if (dot(up, origin) > 0) up = scale(up, -1);
  const heightM = -dot(up, origin);
  const tilt = Math.asin(Math.max(-1, Math.min(1, up[2])));
  const roll = Math.atan2(up[0], -up[1]);
  const camera: FloorCamera = { ...lens, heightM, tiltDeg: degrees(tilt), rollDeg: degrees(roll) };
  // Back to the floor's frame: undo the roll, then the tilt.
  const toFloor = (v: Vector): { xM: number; zM: number } => {
    const x1 = Math.cos(roll) * v[0] + Math.sin(roll) * v[1];
    const y1 = -Math.sin(roll) * v[0] + Math.cos(roll) * v[1];
    return { xM: x1, zM: Math.sin(tilt) * y1 + Math.cos(tilt) * v[2] };
  };
  const modelPoint = (a: number, b: number): Vector => [
    origin[0] + axisA[0] * a + axisB[0] * b,
    origin[1] + axisA[1] * a + axisB[1] * b,
    origin[2] + axisA[2] * a + axisB[2] * b,
  ];
  const floorCorners = model.map(([a, b]) => toFloor(modelPoint(a, b)));
  const centre = toFloor(modelPoint(sideM / 2, sideM / 2));
  const [c0, c1, c2] = floorCorners as [(typeof floorCorners)[0], (typeof floorCorners)[0], (typeof floorCorners)[0]];
  const turn = (c1.xM - c0.xM) * (c2.zM - c1.zM) - (c1.zM - c0.zM) * (c2.xM - c1.xM);
  return {
    camera,
    square: {
      centreXM: centre.xM,
      centreZM: centre.zM,
      yawDeg: degrees(Math.atan2(c1.zM - c0.zM, c1.xM - c0.xM)),
      sideM,
      winding: turn >= 0 ? 1 : -1,
    },
  };
}

function residuals(camera: FloorCamera, square: SquareOnFloor, corners: readonly PhotoPoint[]): number[] | null {
  const out: number[] = [];
  const floor = squareCornersOnFloor(square);
  for (let i = 0; i < 4; i++) {
    const projected = projectFloorPoint(camera, floor[i]!);
    if (!projected) return null;
    out.push(projected.x - corners[i]!.x, projected.y - corners[i]!.y);
  }
  return out;
}

type Params = [number, number, number, number, number, number];
const unpack = (lens: Pick<FloorCamera, 'focalPx' | 'imageWidth' | 'imageHeight'>, p: Params, square: SquareOnFloor) => ({
  camera: { ...lens, heightM: p[0], tiltDeg: p[1], rollDeg: p[2] },
  square: { ...square, centreXM: p[3], centreZM: p[4], yawDeg: p[5] },
});
const sumSquares = (values: number[]): number => values.reduce((sum, value) => sum + value * value, 0);

/**
 * The pose that projects the square closest to the photo's corners (least squares, Levenberg–
 * Marquardt from the homography's pose): with measured corners the homography alone fits them
 * exactly by bending the square, while the pose keeps it a square of the given size.
 * `corners` run around the square in order (either way); null when no pose explains them.
 */
export function solveMarkerPose(input: {
  corners: readonly PhotoPoint[];
  sideM: number;
  focalPx: number;
  imageWidth: number;
  imageHeight: number;
}): MarkerPose | null {
  if (input.corners.length !== 4) return null;
  const lens = { focalPx: input.focalPx, imageWidth: input.imageWidth, imageHeight: input.imageHeight };
  const start = poseFromHomography(lens, input.corners, input.sideM);
  if (!start || !Number.isFinite(start.camera.heightM) || start.camera.heightM <= 0) return null;
  const square = start.square;
  let p: Params = [start.camera.heightM, start.camera.tiltDeg, start.camera.rollDeg, square.centreXM, square.centreZM, square.yawDeg];
  const evaluate = (params: Params): number[] | null => {
    const { camera, square: placed } = unpack(lens, params, square);
    return residuals(camera, placed, input.corners);
  };
  let r = evaluate(p);
  if (!r) return null;
  let cost = sumSquares(r);
  let damping = 1e-3;
  const steps = [1e-6, 1e-5, 1e-5, 1e-6, 1e-6, 1e-5];
  for (let iteration = 0; iteration < 100 && cost > 1e-18; iteration++) {
    const jacobian: number[][] = [];
    for (let k = 0; k < 6; k++) {
      const moved = [...p] as Params;
      moved[k] = p[k]! + steps[k]!;
      const rk = evaluate(moved);
      if (!rk) return null;
      jacobian.push(rk.map((value, i) => (value - r![i]!) / steps[k]!));
    }
    const jtj = new Float64Array(36);
    const jtr = new Float64Array(6);
    for (let a = 0; a < 6; a++) {
      for (let i = 0; i < r.length; i++) jtr[a] = jtr[a]! - jacobian[a]![i]! * r[i]!;
      for (let b = 0; b < 6; b++) {
        let sum = 0;
        for (let i = 0; i < r.length; i++) sum += jacobian[a]![i]! * jacobian[b]![i]!;
        jtj[a * 6 + b] = sum;
      }
    }
    let improved = false;
    while (damping < 1e8) {
      const damped = Float64Array.from(jtj);
      for (let a = 0; a < 6; a++) damped[a * 6 + a] = damped[a * 6 + a]! * (1 + damping) + 1e-12;
      let delta: Float64Array;
      try {
        delta = solveSpd(damped, 6, jtr);
      } catch {
        damping *= 10;
        continue;
      }
      const trial = p.map((value, k) => value + delta[k]!) as Params;
      const rt = evaluate(trial);
      const trialCost = rt ? sumSquares(rt) : Number.POSITIVE_INFINITY;
      if (rt && trialCost < cost) {
        const gain = cost - trialCost;
        p = trial;
        r = rt;
        cost = trialCost;
        damping = Math.max(damping / 10, 1e-9);
        improved = gain > 1e-14 * Math.max(1, cost);
        break;
      }
      damping *= 10;
    }
    if (!improved) break;
  }
  const solved = unpack(lens, p, square);
  if (!(solved.camera.heightM > 0)) return null;
  return { ...solved, reprojectionErrorPx: Math.sqrt(cost / 4) };
}
