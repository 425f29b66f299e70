import type { BodyModel } from '../../../../src/main/body/model.js';
import { poseBody } from '../../../../src/main/body/pose.js';
import { jointIndex, type SmplJointName } from '../../../../src/main/body/skeleton.js';
import { personSilhouette, type PersonSilhouette } from '../../../../src/main/inference/capture-checks/person-silhouette.js';
import type { BodyKeypoint, BodyPose } from '../../../../src/main/inference/human/human-runtime.js';
import type { FitView } from '../../../../src/main/inference/embedded/silhouette-fit.js';
import { floorRow, verticalExtent } from '../../../../src/main/inference/embedded/vertical-extent.js';

/**
 * A photo's mask and keypoints without a browser: a body's posed mesh drawn by a level pinhole
 * camera into a person mask (every mask pixel whose centre a triangle covers), and BlazePose-named
 * keypoints at the projected joints. For tests of the silhouette fit; the renders of
 * scripts/render check the same camera end to end.
 */
export interface SyntheticCamera {
  widthPx: number;
  heightPx: number;
  fovDeg: number;
  heightM: number;
  distanceM: number;
  /** Mask pixels per photo pixel (the segmentation's resolution). */
  maskScale: number;
}

export const kioskLikeCamera: SyntheticCamera = { widthPx: 720, heightPx: 1280, fovDeg: 50, heightM: 1.2, distanceM: 3, maskScale: 0.8 };

export interface SyntheticPhoto {
  silhouette: PersonSilhouette;
  body: BodyPose;
  imageWidth: number;
  imageHeight: number;
}

const keypointJoints = { Shoulder: 'shoulder', Elbow: 'elbow', Wrist: 'wrist', Hip: 'hip', Knee: 'knee', Ankle: 'ankle' } as const;

/** Turns world vertices (metres, floor at y = 0) about the vertical by `yawDeg` (+90: the front to +x). */
function turned(vertices: Float32Array, yawDeg: number): Float32Array {
  const a = (yawDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const out = new Float32Array(vertices.length);
  for (let v = 0; v < vertices.length; v += 3) {
    out[v] = c * vertices[v]! + s * vertices[v + 2]!;
    out[v + 1] = vertices[v + 1]!;
    out[v + 2] = -s * vertices[v]! + c * vertices[v + 2]!;
  }
  return out;
}

/**
 * Draws `vertices` (a posed mesh of `model`, any height; it is stood on the floor, plus `liftM`
 * for a shoe sole) turned by `yawDeg`, and places keypoints at its `joints`.
 */
export function photographMesh(
  model: BodyModel,
  vertices: Float32Array,
  joints: Float32Array,
  options: { yawDeg: number; camera?: SyntheticCamera; liftM?: number },
): SyntheticPhoto {
  const camera = options.camera ?? kioskLikeCamera;
  let floor = Infinity;
  for (let v = 1; v < vertices.length; v += 3) floor = Math.min(floor, vertices[v]!);
  const lift = (options.liftM ?? 0) - floor;
  const world = turned(vertices, options.yawDeg);
  const worldJoints = turned(joints, options.yawDeg);
  const focal = camera.heightPx / 2 / Math.tan((camera.fovDeg * Math.PI) / 360);
  const project = (x: number, y: number, z: number): [number, number] => {
    const depth = camera.distanceM - z;
    return [camera.widthPx / 2 + (focal * x) / depth, camera.heightPx / 2 - (focal * (y + lift - camera.heightM)) / depth];
  };
  const width = Math.round(camera.widthPx * camera.maskScale);
  const height = Math.round(camera.heightPx * camera.maskScale);
  const mask = new Uint8Array(width * height);
  const projected = new Float64Array((world.length / 3) * 2);
  for (let v = 0; v < world.length / 3; v++) {
    const [px, py] = project(world[v * 3]!, world[v * 3 + 1]!, world[v * 3 + 2]!);
    projected[v * 2] = px * camera.maskScale;
    projected[v * 2 + 1] = py * camera.maskScale;
  }
  const faces = model.faces;
  for (let f = 0; f < faces.length; f += 3) {
    const p = [faces[f]!, faces[f + 1]!, faces[f + 2]!].map((v) => [projected[v * 2]!, projected[v * 2 + 1]!] as const);
    const yMin = Math.max(0, Math.ceil(Math.min(p[0]![1], p[1]![1], p[2]![1]) - 0.5));
    const yMax = Math.min(height - 1, Math.floor(Math.max(p[0]![1], p[1]![1], p[2]![1]) - 0.5));
    for (let row = yMin; row <= yMax; row++) {
      const y = row + 0.5;
      const xs: number[] = [];
      for (const [a, b] of [
        [0, 1],
        [1, 2],
        [2, 0],
      ] as const) {
        const [xa, ya] = p[a]!;
        const [xb, yb] = p[b]!;
        if (ya === yb || (ya - y) * (yb - y) > 0) continue;
        xs.push(xa + ((y - ya) / (yb - ya)) * (xb - xa));
      }
      if (xs.length < 2) continue;
      const x0 = Math.max(0, Math.ceil(Math.min(...xs) - 0.5));
      const x1 = Math.min(width - 1, Math.floor(Math.max(...xs) - 0.5));
      for (let x = x0; x <= x1; x++) mask[row * width + x] = 255;
    }
  }
  const silhouette = personSilhouette({ mask, width, height, scale: camera.maskScale });
  if (!silhouette) throw new Error("the mesh is out of the camera's view");
  const keypoints: BodyKeypoint[] = [];
  const add = (part: string, x: number, y: number, z: number): void => {
    const [px, py] = project(x, y, z);
    keypoints.push({ part, x: px, y: py, z: null, score: 0.95 });
  };
  for (const side of ['left', 'right'] as const) {
    for (const [part, joint] of Object.entries(keypointJoints)) {
      const j = jointIndex(`${side}_${joint}` as SmplJointName) * 3;
      add(`${side}${part}`, worldJoints[j]!, worldJoints[j + 1]!, worldJoints[j + 2]!);
    }
    const ankle = jointIndex(`${side}_ankle`) * 3;
    add(`${side}Heel`, worldJoints[ankle]!, floor, worldJoints[ankle + 2]!);
    const head = jointIndex('head') * 3;
    const [ex, , ez] = turned(Float32Array.of(side === 'left' ? 0.07 : -0.07, 0, 0), options.yawDeg);
    add(`${side}Ear`, worldJoints[head]! + ex!, worldJoints[head + 1]! + 0.03, worldJoints[head + 2]! + ez!);
  }
  const head = jointIndex('head') * 3;
  const [nx, , nz] = turned(Float32Array.of(0, 0, 0.1), options.yawDeg);
  add('nose', worldJoints[head]! + nx!, worldJoints[head + 1]!, worldJoints[head + 2]! + nz!);
  const xs = keypoints.map((point) => point.x);
  const ys = keypoints.map((point) => point.y);
  const box = {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
  return { silhouette, body: { score: 0.95, box, keypoints }, imageWidth: camera.widthPx, imageHeight: camera.heightPx };
}

/** Arms lowered `degrees` from the T-pose (the kiosk's front pose is about 25°; hanging is about 75°). */
export function armsDown(degrees: number): Float64Array {
  const pose = new Float64Array(69);
  const radians = (degrees * Math.PI) / 180;
  pose[(jointIndex('left_shoulder') - 1) * 3 + 2] = -radians;
  pose[(jointIndex('right_shoulder') - 1) * 3 + 2] = radians;
  return pose;
}

/** The body of `betas` posed with `bodyPose`, photographed front (yaw 0) or in profile (yaw 90). */
export function photographBody(
  model: BodyModel,
  betas: ArrayLike<number>,
  bodyPose: Float64Array,
  yawDeg: number,
  camera?: SyntheticCamera,
): SyntheticPhoto {
  const posed = poseBody(model, { betas, bodyPose });
  return photographMesh(model, posed.vertices, posed.joints, { yawDeg, camera });
}

/** A photo as the silhouette fit takes it, with the top and floor rows found as the pipeline finds them. */
export function fitViewOf(view: 'front' | 'side', photo: SyntheticPhoto): FitView {
  const floor = floorRow(photo.silhouette, photo.body);
  const topY = verticalExtent(photo.silhouette, photo.body).topY;
  return {
    view,
    silhouette: photo.silhouette,
    body: photo.body,
    imageWidth: photo.imageWidth,
    imageHeight: photo.imageHeight,
    topY,
    floorY: floor.y,
    floorAt: floor.at,
  };
}
