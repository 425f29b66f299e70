import type { BodyPose } from '../human/human-runtime.js';
import { angleBetweenDeg, keypoint, midlineX, minKeypointScore, torsoAxis, type TorsoAxis } from './body-geometry.js';
import { runAt, silhouetteHeightPx, type PersonSilhouette } from './person-silhouette.js';
import { defaultCaptureCheckSettings, type CaptureCheckSettings } from './settings.js';
import type { CaptureIssue, CaptureView, FrameObservation } from './types.js';

/**
 * The capture checks as pure functions: what was seen in one photo in, the problems a member of
 * staff can fix out. Each rule looks at one thing; `checkFrame` runs them all in a fixed order.
 */

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** BlazePose's answers for the photo (direct and mirrored when both ran), without the empty ones. */
export function poseRuns(observation: FrameObservation): BodyPose[] {
  const runs = observation.bodyRuns ?? [observation.body];
  return runs.filter((run): run is BodyPose => run !== null);
}

/** Is anyone there: a pose BlazePose is sure of, or a person-sized mask region. */
export function checkPersonPresent(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  const { silhouette } = observation;
  const body = [...poseRuns(observation)].sort((a, b) => b.score - a.score)[0] ?? null;
  if (body && body.score >= settings.minBodyScore) return [];
  const maskShare = silhouette ? silhouette.areaPx / (silhouette.width * silhouette.height) : 0;
  if (maskShare >= settings.minPersonAreaShare && observation.faces.length > 0) {
    return [
      {
        code: 'no_person',
        severity: 'error',
        message:
          `Someone is in the photo but their body cannot be made out (pose confidence ${round(body?.score ?? 0)}): ` +
          'make sure one person stands alone, whole and facing the camera, then take the photo again.',
      },
    ];
  }
  return [
    {
      code: 'no_person',
      severity: 'error',
      message: 'No person was found in the photo: ask the customer to stand on the marks, fully in view of the camera, then take the photo again.',
    },
  ];
}

/** Several faces (BlazePose only ever sees one person) or a second large person region in the mask. */
export function checkSinglePerson(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  const faces = observation.faces.length;
  const secondRegion = observation.silhouette?.secondRegionRatio ?? 0;
  if (faces <= 1 && secondRegion < settings.secondPersonAreaRatio) return [];
  const seen = faces > 1 ? `${faces} faces` : 'a second person';
  return [
    {
      code: 'multiple_people',
      severity: 'warning',
      message: `More than one person is in the photo (${seen}): only the largest is measured. Ask anyone else to step out of view for an exact result.`,
    },
  ];
}

function headTouchesTop(silhouette: PersonSilhouette, body: BodyPose | null): boolean {
  if (!silhouette.touches.top) return false;
  const nose = keypoint(body, 'nose', 0);
  if (!nose) return true;
  // Only the part of the top row above the head counts: a raised hand touching the edge is not the head.
  // The reach is a share of the torso's length, not of the shoulders' breadth, which is nil in profile.
  const noseX = nose.x * silhouette.scale;
  const torso = torsoAxis(body, 0);
  const reach = torso ? torso.torsoLengthPx * silhouette.scale * 0.4 : silhouette.width * 0.1;
  return (silhouette.rows[0] ?? []).some((run) => run.end > noseX - reach && run.start < noseX + reach);
}

const headParts = ['nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar'];
const footParts = ['leftAnkle', 'rightAnkle', 'leftHeel', 'rightHeel', 'leftFoot', 'rightFoot'];

/**
 * BlazePose places every keypoint, also one outside the photo, and the runtime clamps it onto the
 * frame's edge: a keypoint on the edge (within `edgeShare` of the height) lies outside the photo,
 * whatever its score. Positions, unlike the visibility scores, hold under a mirror image, a
 * resize and a re-encode.
 */
function partsOnEdge(observation: FrameObservation, parts: string[], edge: 'top' | 'bottom', edgeShare: number): boolean {
  const marginPx = Math.max(1, observation.imageHeight * edgeShare);
  return parts.some((part) => {
    const point = keypoint(observation.body, part, 0);
    if (!point) return false;
    return edge === 'top' ? point.y <= marginPx : point.y >= observation.imageHeight - marginPx;
  });
}

/** Some of `parts` seen with confidence (only needed without a mask, which shows where the body is). */
function anySeen(body: BodyPose | null, parts: string[]): boolean {
  return parts.some((part) => keypoint(body, part) !== null);
}

/**
 * Head and feet inside the frame: the mask does not touch the top edge above the head nor the
 * bottom edge, and no head or foot keypoint lies on the edge. Which side of the body the camera
 * sees, and how sure BlazePose is of each eye or heel, does not matter.
 */
export function checkFraming(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  const { body, silhouette } = observation;
  const issues: CaptureIssue[] = [];
  const headCut = silhouette ? headTouchesTop(silhouette, body) : !anySeen(body, headParts);
  if (headCut || partsOnEdge(observation, headParts, 'top', settings.edgeShare)) {
    issues.push({
      code: 'head_out_of_frame',
      severity: 'error',
      message: 'The head is cut off at the top of the photo: ask the customer to step back or lower the camera until there is space above the head.',
    });
  }
  const feetCut = silhouette ? silhouette.touches.bottom : !anySeen(body, footParts);
  if (feetCut || partsOnEdge(observation, footParts, 'bottom', settings.edgeShare)) {
    issues.push({
      code: 'feet_out_of_frame',
      severity: 'error',
      message: 'The feet are cut off at the bottom of the photo: ask the customer to step back until both feet and some floor are in view.',
    });
  }
  return issues;
}

/** The person's height in the photo's pixels: the mask's rows, or the keypoints' span without a mask. */
export function personHeightPx(observation: FrameObservation): number | null {
  const points = observation.body?.keypoints.filter((point) => point.score >= minKeypointScore) ?? [];
  const keypointSpanPx = points.length < 2 ? null : Math.max(...points.map((point) => point.y)) - Math.min(...points.map((point) => point.y));
  if (!observation.silhouette) return keypointSpanPx;
  // The mask's largest region can be part of the person only (a mask split at the waist kept the
  // legs alone on a resized copy): the keypoints' span is a floor.
  const maskPx = silhouetteHeightPx(observation.silhouette) / observation.silhouette.scale;
  return Math.max(maskPx, keypointSpanPx ?? 0);
}

export function checkPersonSize(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  const heightPx = personHeightPx(observation);
  if (heightPx === null) return [];
  const share = heightPx / observation.imageHeight;
  if (share >= settings.minPersonHeightShare) return [];
  return [
    {
      code: 'person_too_small',
      severity: 'error',
      message:
        `The customer fills only ${percent(share)} of the photo's height (at least ${percent(settings.minPersonHeightShare)} is needed): ` +
        'ask them to step closer to the camera, keeping head and feet in view.',
    },
  ];
}

export interface ArmPosture {
  side: 'left' | 'right';
  /** Angle between shoulder→wrist and the torso line (shoulders' midpoint → hips' midpoint). */
  angleDeg: number;
  /** Share of forearm samples inside the torso's mask run on their row; null without a mask. */
  inTorsoShare: number | null;
}

/** Each arm's angle from the torso and whether the mask shows a gap between forearm and torso. */
export function armPostures(body: BodyPose | null, silhouette: PersonSilhouette | null, torso: TorsoAxis): ArmPosture[] {
  const postures: ArmPosture[] = [];
  for (const side of ['left', 'right'] as const) {
    const shoulder = keypoint(body, `${side}Shoulder`);
    const elbow = keypoint(body, `${side}Elbow`);
    const wrist = keypoint(body, `${side}Wrist`);
    if (!shoulder || !wrist) continue;
    const angleDeg = angleBetweenDeg(torso.shoulderMid, torso.hipMid, shoulder, wrist);
    let inTorsoShare: number | null = null;
    if (silhouette && elbow) {
      const samples = [0.2, 0.4, 0.6, 0.8, 1].map((t) => ({ x: elbow.x + t * (wrist.x - elbow.x), y: elbow.y + t * (wrist.y - elbow.y) }));
      const scale = silhouette.scale;
      const inside = samples.filter((point) => {
        const run = runAt(silhouette, point.y * scale, midlineX(torso, point.y) * scale);
        return run !== null && point.x * scale >= run.start && point.x * scale < run.end;
      });
      inTorsoShare = inside.length / samples.length;
    }
    postures.push({ side, angleDeg: round(angleDeg, 1), inTorsoShare });
  }
  return postures;
}

/** Front view: arms held away from the body, so the torso's width can be read from the mask. */
export function checkArms(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  if (observation.view !== 'front') return [];
  // An arm is against the body only when every BlazePose answer that sees it puts it there: one
  // answer that pulls a wrist onto the torso (it does on untextured arms) does not refuse the photo.
  const isTouching = (arm: ArmPosture): boolean =>
    arm.angleDeg < settings.minArmAngleDeg || (arm.inTorsoShare !== null && arm.inTorsoShare > settings.maxArmInTorsoShare);
  const perRun = poseRuns(observation).flatMap((body) => {
    const torso = torsoAxis(body);
    return torso ? [armPostures(body, observation.silhouette, torso)] : [];
  });
  if (perRun.length === 0) return [];
  const touching = (['left', 'right'] as const)
    .filter((side) => {
      const seen = perRun.flatMap((arms) => arms.filter((arm) => arm.side === side));
      return seen.length > 0 && seen.every(isTouching);
    })
    .map((side) => ({ side }));
  if (touching.length === 0) return [];
  const which = touching.length === 2 ? 'Both arms are' : `The customer's ${touching[0]!.side} arm is`;
  return [
    {
      code: 'arms_against_body',
      severity: 'error',
      message: `${which} against the body: ask the customer to hold both arms slightly away from the sides (a hand's width), so the waist can be seen between arm and body.`,
    },
  ];
}

/**
 * How square to the camera the body stands: the shoulders' and the hips' breadth across the photo
 * (x only), averaged, over the torso's length. About 0.5–0.9 facing the camera, near 0 in profile.
 * Only x counts: in profile BlazePose puts the hidden shoulder higher or lower than the near one,
 * and a straight-line distance would read that as breadth. Hips and shoulders together: one pair
 * alone is off by the arm's pull on the shoulder keypoint, or by a hip hidden behind the hand.
 */
export function facingRatio(body: BodyPose | null): number | null {
  const torso = torsoAxis(body);
  if (!torso || torso.torsoLengthPx === 0) return null;
  const across = (left: string, right: string): number => Math.abs(keypoint(body, left)!.x - keypoint(body, right)!.x);
  return (across('leftShoulder', 'rightShoulder') + across('leftHip', 'rightHip')) / (2 * torso.torsoLengthPx);
}

/** Front: facing the camera. Side: turned 90° (in profile). */
/**
 * The facing ratio that decides the photo's view. BlazePose can read a body square to the camera
 * as turned (it narrows the shoulders of an untextured body) in one of its two answers: the answer
 * nearer the asked-for view decides. Null when no answer sees the torso.
 */
export function viewFacingRatio(observation: FrameObservation): number | null {
  const ratios = poseRuns(observation).flatMap((body) => {
    const ratio = facingRatio(body);
    return ratio === null ? [] : [ratio];
  });
  if (ratios.length === 0) return null;
  return observation.view === 'front' ? Math.max(...ratios) : Math.min(...ratios);
}

export function checkOrientation(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  const ratio = viewFacingRatio(observation);
  if (ratio === null) return [];
  if (observation.view === 'front' && ratio < settings.minFrontFacingRatio) {
    return [
      {
        code: 'not_facing_camera',
        severity: 'error',
        message: `The customer is turned away from the camera (breadth-to-torso ratio ${round(ratio)}): ask them to face the camera squarely, feet on the marks.`,
      },
    ];
  }
  if (observation.view === 'side' && ratio > settings.maxSideFacingRatio) {
    return [
      {
        code: 'not_in_profile',
        severity: 'error',
        message: `The side photo is not in profile (breadth-to-torso ratio ${round(ratio)}): ask the customer to turn a quarter turn so one shoulder points at the camera.`,
      },
    ];
  }
  return [];
}

export function checkExposure(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  const { image } = observation;
  const issues: CaptureIssue[] = [];
  const dark =
    image.personLuminance !== null ? image.personLuminance < settings.minPersonLuminance : image.meanLuminance < settings.minFrameLuminance;
  if (dark) {
    issues.push({
      code: 'too_dark',
      severity: 'error',
      message: `The photo is too dark (brightness ${Math.round(image.personLuminance ?? image.meanLuminance)} of 255): turn on the kiosk light or move the customer out of the shadow.`,
    });
  }
  if (image.sharpness < settings.minSharpness) {
    issues.push({
      code: 'too_blurry',
      severity: 'error',
      message: `The photo is blurred (sharpness ${round(image.sharpness, 1)}, at least ${settings.minSharpness} is needed): ask the customer to stand still and clean the camera lens, then take the photo again.`,
    });
  }
  return issues;
}

/**
 * Every check on one photo. Without a person only `no_person`, the person's size and the image
 * checks are reported: the others would only repeat it.
 */
export function checkFrame(observation: FrameObservation, settings: CaptureCheckSettings = defaultCaptureCheckSettings): CaptureIssue[] {
  const presence = checkPersonPresent(observation, settings);
  const people = checkSinglePerson(observation, settings);
  // A person too small in the frame is often why BlazePose sees no one: say so when the mask shows them.
  const size = observation.silhouette ? checkPersonSize(observation, settings) : [];
  if (presence.length > 0) return [...presence, ...people, ...size, ...checkExposure(observation, settings)];
  return [
    ...people,
    ...checkFraming(observation, settings),
    ...(observation.silhouette ? size : checkPersonSize(observation, settings)),
    ...checkArms(observation, settings),
    ...checkOrientation(observation, settings),
    ...checkExposure(observation, settings),
  ];
}

export function hasErrors(issues: readonly CaptureIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** The views' names as staff read them. */
export const viewNames: Record<CaptureView, string> = { front: 'front photo', side: 'side photo' };
