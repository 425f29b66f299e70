import type { BodyModel } from '../../body/model.js';
import { multiply3 } from '../../body/pose.js';
import { regressJoints } from '../../body/shape.js';
import { jointIndex, type SmplJointName } from '../../body/skeleton.js';
import { keypoint, type Point } from '../capture-checks/body-geometry.js';
import type { SidedPart } from '../human/blazepose-landmarks.js';
import type { BodyPose } from '../human/human-runtime.js';
import type { LegLine } from './silhouette-edges.js';

/**
 * The body model's joint angles for a photo, from BlazePose's keypoints, so that the model's
 * silhouette can be compared with the customer's. Only what the silhouette shows is posed: in the
 * front photo the arms' and legs' angles in the image plane; in the profile the arms' swing, with
 * the arms hanging a little away from the body (their spread towards the camera is not seen).
 * The model's left arm is the one on the photo's right of the body in the front view, whatever
 * BlazePose calls it, so a mirrored photo is posed the same way; the legs' lines come from the
 * mask (silhouette-edges.ts, frontLegLines).
 */

export interface PhotoPose {
  /** 69 values: joints 1..23, axis-angle (SMPL's body_pose). */
  bodyPose: Float64Array;
  /** Root rotation: zero for the front view, a quarter turn about the vertical for the profile. */
  globalOrient: Float64Array;
  /** Side view: +1 when the customer faces the photo's right, −1 the left; 0 for the front view. */
  facing: -1 | 0 | 1;
  /**
   * How far the photo's stance is from the one the outlines compare best in (degrees): the legs'
   * spread from straight down in the front photo (the crotch and inner thighs deform), the arms'
   * swing in the profile (the arms cover the torso's front or back outline).
   */
  poseDeviationDeg: number;
}

/** In the profile the arms hang this far out from the body's side (not visible, assumed). */
const sideArmSpreadDeg = 12;
/** Joint angles are kept within this of the rest pose: beyond it a keypoint is wrong, not the pose. */
const maxAngleRad = (150 * Math.PI) / 180;

type Vec2 = [number, number];

function angleOf(v: Vec2): number {
  return Math.atan2(v[1], v[0]);
}

function wrap(angle: number): number {
  let a = angle;
  while (a > Math.PI) a -= 2 * Math.PI;
  while (a < -Math.PI) a += 2 * Math.PI;
  return Math.max(-maxAngleRad, Math.min(maxAngleRad, a));
}

function rotationX(angle: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return Float64Array.of(1, 0, 0, 0, c, -s, 0, s, c);
}

function rotationZ(angle: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return Float64Array.of(c, -s, 0, s, c, 0, 0, 0, 1);
}

function transpose(a: Float64Array): Float64Array {
  return Float64Array.of(a[0]!, a[3]!, a[6]!, a[1]!, a[4]!, a[7]!, a[2]!, a[5]!, a[8]!);
}

/** Axis-angle vector of a rotation matrix (row-major). */
export function matrixToAxisAngle(m: Float64Array): [number, number, number] {
  const cos = Math.max(-1, Math.min(1, (m[0]! + m[4]! + m[8]! - 1) / 2));
  const angle = Math.acos(cos);
  if (angle < 1e-9) return [0, 0, 0];
  const x = m[7]! - m[5]!;
  const y = m[2]! - m[6]!;
  const z = m[3]! - m[1]!;
  const norm = Math.hypot(x, y, z);
  if (norm < 1e-9) {
    // A half turn: the axis is the column of m + I with the largest norm.
    const columns = [0, 1, 2].map(
      (c) => [m[c]! + (c === 0 ? 1 : 0), m[3 + c]! + (c === 1 ? 1 : 0), m[6 + c]! + (c === 2 ? 1 : 0)] as [number, number, number],
    );
    const best = columns.reduce((a, b) => (Math.hypot(...a) >= Math.hypot(...b) ? a : b));
    const n = Math.hypot(...best);
    return [(best[0] / n) * angle, (best[1] / n) * angle, (best[2] / n) * angle];
  }
  return [(x / norm) * angle, (y / norm) * angle, (z / norm) * angle];
}

function setJoint(pose: Float64Array, joint: SmplJointName, rotation: Float64Array): void {
  pose.set(matrixToAxisAngle(rotation), (jointIndex(joint) - 1) * 3);
}

/** A photo vector (y down) in the model's x–y plane (y up). */
function fromPhoto(a: Point, b: Point): Vec2 {
  return [b.x - a.x, -(b.y - a.y)];
}

function restVector(joints: Float32Array, from: SmplJointName, to: SmplJointName): Vec2 {
  const a = jointIndex(from) * 3;
  const b = jointIndex(to) * 3;
  return [joints[b]! - joints[a]!, joints[b + 1]! - joints[a + 1]!];
}

/** The keypoints of one limb, ordered by the photo's sides: `model` is the model's side that limb becomes. */
interface Limb {
  model: 'left' | 'right';
  points: (Point | null)[];
}

/** Limbs (shoulder, elbow, wrist or hip, knee, ankle) assigned to the model's sides by where they are in the photo. */
function limbsByPhotoSide(body: BodyPose, parts: [SidedPart, SidedPart, SidedPart]): Limb[] {
  const sides = (['left', 'right'] as const).map((side) => parts.map((part) => keypoint(body, `${side}${part}`)));
  const rootA = sides[0]![0];
  const rootB = sides[1]![0];
  // The body faces the camera: its left is on the photo's right.
  const swap = rootA && rootB ? rootA.x < rootB.x : false;
  return [
    { model: swap ? 'right' : 'left', points: sides[0]! },
    { model: swap ? 'left' : 'right', points: sides[1]! },
  ];
}

function frontPose(body: BodyPose, legs: LegLine[] | null, joints: Float32Array, pose: Float64Array): number {
  let largest = 0;
  for (const limb of limbsByPhotoSide(body, ['Shoulder', 'Elbow', 'Wrist'])) {
    const [shoulder, elbow, wrist] = limb.points;
    if (!shoulder || !elbow) continue;
    const upper = wrap(angleOf(fromPhoto(shoulder, elbow)) - angleOf(restVector(joints, `${limb.model}_shoulder`, `${limb.model}_elbow`)));
    setJoint(pose, `${limb.model}_shoulder`, rotationZ(upper));
    if (!wrist) continue;
    const fore = wrap(angleOf(fromPhoto(elbow, wrist)) - angleOf(restVector(joints, `${limb.model}_elbow`, `${limb.model}_wrist`)) - upper);
    setJoint(pose, `${limb.model}_elbow`, rotationZ(fore));
  }
  // Legs left to right in the photo: the model's right leg, then its left.
  legs?.forEach((leg, k) => {
    const side = k === 0 ? 'right' : 'left';
    const spread = wrap(
      angleOf(fromPhoto(leg.hip, leg.ankle)) - angleOf(restVector(joints, `${side}_hip`, `${side}_ankle`)) + (leg.turnRad ?? 0),
    );
    setJoint(pose, `${side}_hip`, rotationZ(spread));
    largest = Math.max(largest, Math.abs(angleOf(fromPhoto(leg.hip, leg.ankle)) + Math.PI / 2));
  });
  return largest;
}

/** +1 when a profile faces the photo's right: the nose is ahead of the ears, the toes ahead of the heels. */
export function profileFacing(body: BodyPose | null): -1 | 1 {
  const nose = keypoint(body, 'nose', 0.3);
  const ears = (['leftEar', 'rightEar'] as const).map((part) => keypoint(body, part, 0.3)).filter((point) => point !== null);
  if (nose && ears.length > 0) return nose.x >= ears.reduce((sum, ear) => sum + ear.x, 0) / ears.length ? 1 : -1;
  const toes = (['leftFoot', 'rightFoot'] as const).map((part) => keypoint(body, part, 0.3)).filter((point) => point !== null);
  const heels = (['leftHeel', 'rightHeel'] as const).map((part) => keypoint(body, part, 0.3)).filter((point) => point !== null);
  if (toes.length > 0 && heels.length > 0) return toes[0]!.x >= heels[0]!.x ? 1 : -1;
  return 1;
}

function sidePose(body: BodyPose | null, joints: Float32Array, pose: Float64Array, facing: -1 | 1): number {
  // The arm BlazePose is surer of (the near one) gives the swing of both.
  const arms = (['left', 'right'] as const)
    .map((side) => ({
      shoulder: keypoint(body, `${side}Shoulder`, 0.3),
      elbow: keypoint(body, `${side}Elbow`, 0.3),
      wrist: keypoint(body, `${side}Wrist`, 0.3),
    }))
    .filter((arm) => arm.shoulder && arm.elbow)
    .sort((a, b) => b.elbow!.score + b.shoulder!.score - (a.elbow!.score + a.shoulder!.score));
  const arm = arms[0];
  // Forward swing from hanging straight down, in the sagittal plane (the photo's plane).
  const swingOf = (a: Point, b: Point): number => Math.atan2(facing * (b.x - a.x), b.y - a.y);
  const upperSwing = arm ? swingOf(arm.shoulder!, arm.elbow!) : 0;
  const foreSwing = arm?.wrist ? swingOf(arm.elbow!, arm.wrist) : upperSwing;
  for (const side of ['left', 'right'] as const) {
    const outward = side === 'left' ? 1 : -1;
    const hang = angleOf([outward * Math.sin((sideArmSpreadDeg * Math.PI) / 180), -Math.cos((sideArmSpreadDeg * Math.PI) / 180)]);
    const lower = wrap(hang - angleOf(restVector(joints, `${side}_shoulder`, `${side}_elbow`)));
    // Swinging forward turns the arm's downward vector towards +z: a negative turn about x.
    const shoulder = multiply3(rotationX(-upperSwing), rotationZ(lower));
    setJoint(pose, `${side}_shoulder`, shoulder);
    const bend = multiply3(multiply3(transpose(shoulder), rotationX(-(foreSwing - upperSwing))), shoulder);
    setJoint(pose, `${side}_elbow`, bend);
  }
  return Math.abs(upperSwing);
}

/** The pose of the model for a photo of `view`. */
export function photoPose(model: BodyModel, body: BodyPose | null, view: 'front' | 'side', legs: LegLine[] | null = null): PhotoPose {
  const joints = regressJoints(model, model.vTemplate);
  const bodyPose = new Float64Array(69);
  if (view === 'front') {
    const largest = body ? frontPose(body, legs, joints, bodyPose) : 0;
    return { bodyPose, globalOrient: new Float64Array(3), facing: 0, poseDeviationDeg: (largest * 180) / Math.PI };
  }
  const facing = profileFacing(body);
  const largest = sidePose(body, joints, bodyPose, facing);
  // A quarter turn about the vertical brings the body's front (+z) to the photo's right (+x).
  return { bodyPose, globalOrient: Float64Array.of(0, (facing * Math.PI) / 2, 0), facing, poseDeviationDeg: (largest * 180) / Math.PI };
}
