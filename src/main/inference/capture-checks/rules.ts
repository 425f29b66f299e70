import type { BodyPose } from '../human/human-runtime.js';
import { angleBetweenDeg, keypoint, midlineX, torsoAxis, type TorsoAxis } from './body-geometry.js';
import { runAt, silhouetteHeightPx, type PersonSilhouette } from './person-silhouette.js';
import { defaultCaptureCheckSettings, type CaptureCheckSettings } from './settings.js';
import type { CaptureIssue, CaptureView, FrameObservation } from './types.js';

/**
 * The capture checks as pure functions: what was seen in one photo in, the problems a member of
 * staff can fix out. Each rule looks at one thing; `checkFrame` runs them all in a fixed order.
 */

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** Is anyone there: a pose BlazePose is sure of, or a person-sized mask region. */
export function checkPersonPresent(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  const { body, silhouette } = observation;
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
  const nose = keypoint(body, 'nose');
  if (!nose) return true;
  // Only the part of the top row above the head counts: a raised hand touching the edge is not the head.
  const noseX = nose.x * silhouette.scale;
  const shoulders = torsoAxis(body);
  const reach = shoulders ? shoulders.shoulderBreadthPx * silhouette.scale * 0.6 : silhouette.width * 0.1;
  return (silhouette.rows[0] ?? []).some((run) => run.end > noseX - reach && run.start < noseX + reach);
}

/** Head and feet inside the frame: by the mask touching the top/bottom edge and by the keypoints' visibility. */
export function checkFraming(observation: FrameObservation): CaptureIssue[] {
  const { body, silhouette, imageHeight } = observation;
  const issues: CaptureIssue[] = [];
  // In profile the far eye, ankle and heel are hidden behind the body: one of each is enough there.
  const seen = (parts: string[]): boolean[] => parts.map((part) => keypoint(body, part) !== null);
  const front = observation.view === 'front';
  const headSeen = keypoint(body, 'nose') !== null && (front ? seen(['leftEye', 'rightEye']).every(Boolean) : seen(['leftEye', 'rightEye', 'leftEar', 'rightEar']).some(Boolean));
  if (!headSeen || (silhouette && headTouchesTop(silhouette, body))) {
    issues.push({
      code: 'head_out_of_frame',
      severity: 'error',
      message: 'The head is cut off at the top of the photo: ask the customer to step back or lower the camera until there is space above the head.',
    });
  }
  const anklesSeen = seen(['leftAnkle', 'rightAnkle']);
  const heelsSeen = seen(['leftHeel', 'rightHeel']);
  const feetSeen = front ? [...anklesSeen, ...heelsSeen].every(Boolean) : anklesSeen.some(Boolean) && heelsSeen.some(Boolean);
  const footAtEdge = ['leftFoot', 'rightFoot', 'leftHeel', 'rightHeel'].some((part) => {
    const point = keypoint(body, part, 0);
    return point !== null && point.y >= imageHeight - 1;
  });
  if (!feetSeen || footAtEdge || silhouette?.touches.bottom) {
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
  if (observation.silhouette) return silhouetteHeightPx(observation.silhouette) / observation.silhouette.scale;
  const points = observation.body?.keypoints.filter((point) => point.score >= 0.5) ?? [];
  if (points.length < 2) return null;
  return Math.max(...points.map((point) => point.y)) - Math.min(...points.map((point) => point.y));
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
  const torso = torsoAxis(observation.body);
  if (!torso) return [];
  const touching = armPostures(observation.body, observation.silhouette, torso).filter(
    (arm) => arm.angleDeg < settings.minArmAngleDeg || (arm.inTorsoShare !== null && arm.inTorsoShare > settings.maxArmInTorsoShare),
  );
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

/** Shoulder breadth over torso length between the keypoints, or null when the torso is not seen. */
export function shoulderRatio(body: BodyPose | null): number | null {
  const torso = torsoAxis(body);
  if (!torso || torso.torsoLengthPx === 0) return null;
  return torso.shoulderBreadthPx / torso.torsoLengthPx;
}

/** Front: facing the camera. Side: turned 90° (in profile). */
export function checkOrientation(observation: FrameObservation, settings = defaultCaptureCheckSettings): CaptureIssue[] {
  const ratio = shoulderRatio(observation.body);
  if (ratio === null) return [];
  if (observation.view === 'front' && ratio < settings.minFrontShoulderRatio) {
    return [
      {
        code: 'not_facing_camera',
        severity: 'error',
        message: `The customer is turned away from the camera (shoulder-to-torso ratio ${round(ratio)}): ask them to face the camera squarely, feet on the marks.`,
      },
    ];
  }
  if (observation.view === 'side' && ratio > settings.maxSideShoulderRatio) {
    return [
      {
        code: 'not_in_profile',
        severity: 'error',
        message: `The side photo is not in profile (shoulder-to-torso ratio ${round(ratio)}): ask the customer to turn a quarter turn so one shoulder points at the camera.`,
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
    ...checkFraming(observation),
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
