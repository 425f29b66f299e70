import type { BlazePosePart } from '../human/blazepose-landmarks.js';
import type { BodyPose } from '../human/human-runtime.js';
import { angleBetweenDeg, keypoint, midlineX, minKeypointScore, torsoAxis, type TorsoAxis } from './body-geometry.js';
import { runAt, silhouetteHeightPx, type PersonSilhouette } from './person-silhouette.js';
import { defaultCaptureCheckSettings, type CaptureCheckSettings } from './settings.js';
import type { CaptureIssue, FrameObservation } from './types.js';

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
      message:
        'No person was found in the photo: ask the customer to stand on the marks, fully in view of the camera, then take the photo again.',
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
      message:
        `More than one person is in the photo (${seen}): only the largest is measured. Ask anyone else to step out of ` +
        `view for an exact result.`,
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

const headParts = ['nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar'] as const;
const footParts = ['leftAnkle', 'rightAnkle', 'leftHeel', 'rightHeel', 'leftFoot', 'rightFoot'] as const;

/**
 * BlazePose places every keypoint, also one outside the photo, and the runtime clamps it onto the
 * frame's edge: a keypoint on the edge (within `edgeShare` of the height) lies outside the photo,
 * whatever its score. Positions, unlike the visibility scores, hold under a mirror image, a
 * resize and a re-encode.
 */
function partsOnEdge(observation: FrameObservation, parts: readonly BlazePosePart[], edge: 'top' | 'bottom', edgeShare: number): boolean {
  const marginPx = Math.max(1, observation.imageHeight * edgeShare);
  return parts.some((part) => {
    const point = keypoint(observation.body, part, 0);
    if (!point) return false;
    return edge === 'top' ? point.y <= marginPx : point.y >= observation.imageHeight - marginPx;
  });
}

/** Some of `parts` seen with confidence (only needed without a mask, which shows where the body is). */
function anySeen(body: BodyPose | null, parts: readonly BlazePosePart[]): boolean {
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
      message:
        'The head is cut off at the top of the photo: ask the customer to step back or lower the camera ' +
        'until there is space above the head.',
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
  const keypointSpanPx =
    points.length < 2 ? null : Math.max(...points.map((point) => point.y)) - Math.min(...points.map((point) => point.y));
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
}

/** Each arm's angle from the torso, for the arms BlazePose sees (shoulder and wrist). */
export function armPostures(body: BodyPose | null, torso: TorsoAxis): ArmPosture[] {
  const postures: ArmPosture[] = [];
  for (const side of ['left', 'right'] as const) {
    const shoulder = keypoint(body, `${side}Shoulder`);
    const wrist = keypoint(body, `${side}Wrist`);
    if (!shoulder || !wrist) continue;
    postures.push({ side, angleDeg: round(angleBetweenDeg(torso.shoulderMid, torso.hipMid, shoulder, wrist), 1) });
  }
  return postures;
}

/**
 * The mask's gap between each arm and the torso, from the keypoints of the torso only (an arm
 * against the body hides its own wrist from BlazePose: an untextured hand on the hip scored 0.1):
 * on rows from halfway down the torso to the hips, the share of rows in which the mask has a run
 * of its own beside the torso's run on that arm's side. Null without a mask or when the torso's
 * run is not found on any of those rows.
 */
export function armGapShares(
  silhouette: PersonSilhouette | null,
  body: BodyPose | null,
  torso: TorsoAxis,
): { left: number; right: number } | null {
  if (!silhouette) return null;
  const leftShoulder = keypoint(body, 'leftShoulder');
  const rightShoulder = keypoint(body, 'rightShoulder');
  if (!leftShoulder || !rightShoulder) return null;
  // Which side of the photo each arm is on (the customer's left is on the photo's right when facing it).
  const leftOnPhotoRight = leftShoulder.x >= rightShoulder.x;
  const { scale } = silhouette;
  let rows = 0;
  let photoLeft = 0;
  let photoRight = 0;
  for (let i = 0; i < armGapRows; i += 1) {
    const t = 0.5 + (0.5 * i) / (armGapRows - 1);
    const y = torso.shoulderMid.y + t * (torso.hipMid.y - torso.shoulderMid.y);
    const row = silhouette.rows[Math.round(y * scale)];
    const trunk = runAt(silhouette, y * scale, midlineX(torso, y) * scale);
    if (!row || !trunk) continue;
    rows += 1;
    if (row.some((run) => run.end <= trunk.start)) photoLeft += 1;
    if (row.some((run) => run.start >= trunk.end)) photoRight += 1;
  }
  if (rows === 0) return null;
  const [left, right] = leftOnPhotoRight ? [photoRight, photoLeft] : [photoLeft, photoRight];
  return { left: left / rows, right: right / rows };
}

/** Rows sampled between halfway down the torso and the hips for the arm gap. */
const armGapRows = 12;

/**
 * Front view: a gap between each arm and the body, so the waist and hips can be read from the
 * mask. What harms the measurement is an arm merged with the torso in the mask, not its angle:
 * on the evaluation's dev photos the girth error did not depend on the angle between 15° and 45°
 * out from the body, and arms hanging against the body added to it (docs/capture-checks.md).
 * An arm is against the body when the mask shows it apart from the torso on fewer than
 * `minArmGapShare` of the rows from halfway down the torso to the hips, unless BlazePose sees it
 * raised at least `raisedArmDeg` from the torso (a raised forearm leaves those rows). BlazePose's
 * wrists are not trusted further: it pulls an untextured forearm onto the torso in some answers.
 */
export function checkArms(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  if (observation.view !== 'front' || !observation.silhouette) return [];
  const perRun = poseRuns(observation).flatMap((body) => {
    const torso = torsoAxis(body);
    const gaps = torso ? armGapShares(observation.silhouette, body, torso) : null;
    return torso && gaps ? [{ arms: armPostures(body, torso), gaps }] : [];
  });
  // An arm is against the body only when every BlazePose answer that sees the torso puts it there,
  // so a photo and its mirror image, which swap the answers, get the same decision.
  const touching = (['left', 'right'] as const).filter(
    (side) =>
      perRun.length > 0 &&
      perRun.every(({ arms, gaps }) => {
        const raised = arms.some((arm) => arm.side === side && arm.angleDeg >= settings.raisedArmDeg);
        return gaps[side] < settings.minArmGapShare && !raised;
      }),
  );
  if (touching.length === 0) return [];
  const which = touching.length === 2 ? 'Both arms are' : `The customer's ${touching[0]!} arm is`;
  return [
    {
      code: 'arms_against_body',
      severity: 'error',
      message:
        `${which} against the body: ask the customer to hold both arms a little out from the sides, ` +
        'with a gap between each arm and the waist, then take the photo again.',
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
  const across = (left: BlazePosePart, right: BlazePosePart): number => Math.abs(keypoint(body, left)!.x - keypoint(body, right)!.x);
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
        message:
          `The customer is turned away from the camera (breadth-to-torso ratio ${round(ratio)}): ask them to face the ` +
          `camera squarely, feet on the marks.`,
      },
    ];
  }
  if (observation.view === 'side' && ratio > settings.maxSideFacingRatio) {
    return [
      {
        code: 'not_in_profile',
        severity: 'error',
        message:
          `The side photo is not in profile (breadth-to-torso ratio ${round(ratio)}): ask the customer to turn a ` +
          `quarter turn so one shoulder points at the camera.`,
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
      message:
        `The photo is too dark (brightness ${Math.round(image.personLuminance ?? image.meanLuminance)} of 255): turn ` +
        `on the kiosk light or move the customer out of the shadow.`,
    });
  }
  if (image.sharpness < settings.minSharpness) {
    issues.push({
      code: 'too_blurry',
      severity: 'error',
      message:
        `The photo is blurred (sharpness ${round(image.sharpness, 1)}, at least ${settings.minSharpness} is needed): ` +
        `ask the customer to stand still and clean the camera lens, then take the photo again.`,
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
