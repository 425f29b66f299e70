import type { BodyKeypoint, BodyPose } from '../human/human-runtime.js';
import type { BlazePosePart } from '../human/blazepose-landmarks.js';

/** Keypoints and the torso axis of a BlazePose person, in the photo's pixels. */

export interface Point {
  x: number;
  y: number;
}

/** A keypoint scoring below this is treated as not seen (BlazePose's visibility is low off-frame). */
export const minKeypointScore = 0.5;

export function keypoint(body: BodyPose | null, part: BlazePosePart, minScore = minKeypointScore): BodyKeypoint | null {
  const found = body?.keypoints.find((candidate) => candidate.part === part);
  return found && found.score >= minScore ? found : null;
}

export function midpoint(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export interface TorsoAxis {
  shoulderMid: Point;
  hipMid: Point;
  /** Distance between the two shoulder keypoints. */
  shoulderBreadthPx: number;
  /** Distance from the shoulders' midpoint to the hips' midpoint. */
  torsoLengthPx: number;
}

/** The torso from both shoulders and both hips, or null when any of them is not seen. */
export function torsoAxis(body: BodyPose | null, minScore = minKeypointScore): TorsoAxis | null {
  const ls = keypoint(body, 'leftShoulder', minScore);
  const rs = keypoint(body, 'rightShoulder', minScore);
  const lh = keypoint(body, 'leftHip', minScore);
  const rh = keypoint(body, 'rightHip', minScore);
  if (!ls || !rs || !lh || !rh) return null;
  const shoulderMid = midpoint(ls, rs);
  const hipMid = midpoint(lh, rh);
  return { shoulderMid, hipMid, shoulderBreadthPx: distance(ls, rs), torsoLengthPx: distance(shoulderMid, hipMid) };
}

/**
 * The body's midline at photo row `y`: on the line through the shoulders' and hips' midpoints,
 * held at the hips' x below the hips and at the shoulders' x above the shoulders.
 */
export function midlineX(torso: TorsoAxis, y: number): number {
  const { shoulderMid: s, hipMid: h } = torso;
  if (h.y === s.y) return (s.x + h.x) / 2;
  const t = Math.min(1, Math.max(0, (y - s.y) / (h.y - s.y)));
  return s.x + t * (h.x - s.x);
}

/** Angle in degrees between the vectors a→b and c→d. */
export function angleBetweenDeg(a: Point, b: Point, c: Point, d: Point): number {
  const ux = b.x - a.x;
  const uy = b.y - a.y;
  const vx = d.x - c.x;
  const vy = d.y - c.y;
  const norms = Math.hypot(ux, uy) * Math.hypot(vx, vy);
  if (norms === 0) return 0;
  return (Math.acos(Math.min(1, Math.max(-1, (ux * vx + uy * vy) / norms))) * 180) / Math.PI;
}
