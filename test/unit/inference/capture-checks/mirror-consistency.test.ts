import { describe, expect, it } from 'vitest';
import { fuseMirroredPoses, viewFusedPose } from '../../../../src/main/inference/capture-checks/mirror-fused-pose.js';
import { personSilhouette, type PersonSilhouette } from '../../../../src/main/inference/capture-checks/person-silhouette.js';
import { needsSecondLook } from '../../../../src/main/inference/capture-checks/mirror-pass.js';
import { checkFrame, facingRatio, viewFacingRatio } from '../../../../src/main/inference/capture-checks/rules.js';
import { defaultCaptureCheckSettings } from '../../../../src/main/inference/capture-checks/settings.js';
import type { FrameObservation } from '../../../../src/main/inference/capture-checks/types.js';
import { otherSide, type BodyPose } from '../../../../src/main/inference/human/human-runtime.js';

/**
 * A photo and its mirror image must get the same decision. Here on hand-made people in a 600×1000
 * frame, mirrored by hand: x → width − x, left and right keypoints swapped, the mask flipped.
 */
const width = 600;
const height = 1000;
type Points = Record<string, [number, number]>;

const standing: Points = {
  nose: [300, 150],
  leftEye: [310, 140],
  rightEye: [290, 140],
  leftEar: [325, 145],
  rightEar: [275, 145],
  leftShoulder: [390, 250],
  rightShoulder: [210, 250],
  leftElbow: [480, 300],
  rightElbow: [120, 300],
  leftWrist: [560, 350],
  rightWrist: [40, 350],
  leftHip: [340, 500],
  rightHip: [260, 500],
  leftKnee: [335, 690],
  rightKnee: [265, 690],
  leftAnkle: [330, 860],
  rightAnkle: [270, 860],
  leftHeel: [332, 880],
  rightHeel: [268, 880],
  leftFoot: [340, 895],
  rightFoot: [260, 895],
};

function pose(points: Points, scores: Record<string, number> = {}, score = 0.95): BodyPose {
  return {
    score,
    box: { x: 100, y: 100, width: 400, height: 800 },
    keypoints: Object.entries(points).map(([part, [x, y]]) => ({ part, x, y, z: null, score: scores[part] ?? 0.95 })),
  };
}

function mask(rects: [number, number, number, number][]): PersonSilhouette {
  const pixels = new Uint8Array(width * height);
  for (const [l, t, r, b] of rects) for (let y = t; y < b; y += 1) pixels.fill(255, y * width + l, y * width + r);
  return personSilhouette({ mask: pixels, width, height, scale: 1 })!;
}

const torso: [number, number, number, number] = [220, 100, 380, 900];
const arms: [number, number, number, number][] = [
  [470, 280, 580, 370],
  [20, 280, 130, 370],
];

function observation(overrides: Partial<FrameObservation> = {}): FrameObservation {
  return {
    view: 'front',
    imageWidth: width,
    imageHeight: height,
    faces: [{ x: 280, y: 120, width: 40, height: 50, score: 0.9 }],
    body: pose(standing),
    silhouette: mask([torso, ...arms]),
    image: { meanLuminance: 120, personLuminance: 110, laplacianVariance: 300, sharpness: 40, analysedWidth: 230, analysedHeight: 384 },
    ...overrides,
  };
}

function mirrorPose(body: BodyPose | null): BodyPose | null {
  if (!body) return null;
  return {
    ...body,
    box: { ...body.box, x: width - body.box.x - body.box.width },
    keypoints: body.keypoints.map((keypoint) => ({ ...keypoint, part: otherSide(keypoint.part), x: width - keypoint.x })),
  };
}

function mirrorMask(silhouette: PersonSilhouette | null): PersonSilhouette | null {
  if (!silhouette) return null;
  const pixels = new Uint8Array(width * height);
  silhouette.rows.forEach((runs, y) => {
    for (const run of runs) pixels.fill(255, y * width + (width - run.end), y * width + (width - run.start));
  });
  return personSilhouette({ mask: pixels, width, height, scale: 1 });
}

/** The observation of the mirror image: BlazePose's two answers swap roles. */
function mirrored(frame: FrameObservation): FrameObservation {
  const runs = frame.bodyRuns?.map(mirrorPose).reverse();
  return {
    ...frame,
    faces: frame.faces.map((face) => ({ ...face, x: width - face.x - face.width })),
    body: mirrorPose(frame.body),
    ...(runs ? { bodyRuns: runs } : {}),
    silhouette: mirrorMask(frame.silhouette),
  };
}

const errorCodes = (frame: FrameObservation): string[] =>
  checkFrame(frame)
    .filter((issue) => issue.severity === 'error')
    .map((issue) => issue.code)
    .sort();

const hanging: Points = { ...standing, leftElbow: [395, 370], leftWrist: [398, 480], rightElbow: [205, 370], rightWrist: [202, 480] };
const turned: Points = { ...standing, leftShoulder: [330, 250], rightShoulder: [280, 250], leftHip: [315, 500], rightHip: [290, 500] };
const cases: Record<string, FrameObservation> = {
  'a whole person facing the camera': observation(),
  'one arm against the body': observation({
    body: pose({ ...standing, leftElbow: [395, 370], leftWrist: [398, 480] }),
    silhouette: mask([torso, arms[1]!]),
  }),
  'both arms hanging': observation({ body: pose(hanging), silhouette: mask([torso]) }),
  'feet cut off': observation({
    silhouette: mask([[220, 100, 380, 1000], ...arms]),
    body: pose({ ...standing, leftFoot: [340, 1000] }, { leftFoot: 0.1 }),
  }),
  'head cut off': observation({ silhouette: mask([[220, 0, 380, 900], ...arms]) }),
  'unsure of the left eye and heel': observation({ body: pose(standing, { leftEye: 0.45, leftHeel: 0.3, leftAnkle: 0.4 }) }),
  'turned away, as the front photo': observation({ body: pose(turned) }),
  'turned away, as the side photo': observation({ view: 'side', body: pose(turned) }),
  'two BlazePose answers that disagree on one arm': observation({
    bodyRuns: [pose(standing), pose({ ...standing, leftElbow: [395, 370], leftWrist: [398, 480] })],
  }),
};

describe('capture decisions under a mirror image', () => {
  it.each(Object.entries(cases))('%s: the same refusals for the photo and its mirror image', (_name, frame) => {
    expect(errorCodes(mirrored(frame))).toEqual(errorCodes(frame));
  });

  it('the cases cover acceptance and each framing, arm and orientation refusal', () => {
    const seen = new Set(Object.values(cases).flatMap(errorCodes));
    expect([...seen].sort()).toEqual(['arms_against_body', 'feet_out_of_frame', 'head_out_of_frame', 'not_facing_camera']);
    expect(errorCodes(cases['a whole person facing the camera']!)).toEqual([]);
    expect(errorCodes(cases['unsure of the left eye and heel']!)).toEqual([]);
    expect(errorCodes(cases['turned away, as the side photo']!)).toEqual([]);
  });

  it('an arm against the body in only one of the two answers does not refuse the photo', () => {
    expect(errorCodes(cases['two BlazePose answers that disagree on one arm']!)).toEqual([]);
  });

  it('the answer nearer the asked-for view decides the orientation', () => {
    const square = pose(standing);
    const narrowed = pose(turned);
    expect(viewFacingRatio(observation({ bodyRuns: [narrowed, square] }))).toBeCloseTo(facingRatio(square)!, 9);
    expect(viewFacingRatio(observation({ view: 'side', bodyRuns: [narrowed, square] }))).toBeCloseTo(facingRatio(narrowed)!, 9);
  });
});

describe("the live check's second look (mirror-pass.ts)", () => {
  const firstLook = (frame: FrameObservation): FrameObservation => {
    const first = frame.bodyRuns?.[0] ?? frame.body;
    return { ...frame, body: first, bodyRuns: [first] };
  };

  it.each(Object.entries(cases))('%s: a first look that needs no second one gives the decision of both looks', (_name, frame) => {
    if (needsSecondLook(firstLook(frame), defaultCaptureCheckSettings) === null)
      expect(errorCodes(firstLook(frame))).toEqual(errorCodes(frame));
  });

  it('is taken for a refusal, for a torso not seen and for a foot near the edge, not for a clear photo', () => {
    expect(needsSecondLook(firstLook(cases['a whole person facing the camera']!), defaultCaptureCheckSettings)).toBeNull();
    expect(needsSecondLook(firstLook(cases['both arms hanging']!), defaultCaptureCheckSettings)).toBe('refused on the first look');
    expect(needsSecondLook(observation({ body: pose(standing, { leftHip: 0.3 }) }), defaultCaptureCheckSettings)).toBe('torso not seen');
    expect(needsSecondLook(observation({ body: pose({ ...standing, leftFoot: [340, 985] }) }), defaultCaptureCheckSettings)).toBe(
      'leftFoot near the edge',
    );
  });
});

describe('fuseMirroredPoses', () => {
  it('fusing the two answers of the mirror image gives the mirror image of the fused pose', () => {
    const direct = pose(standing, { leftEye: 0.4 });
    const other = pose({ ...standing, leftWrist: [550, 345], nose: [304, 152] }, { rightHeel: 0.3 }, 0.9);
    const fused = fuseMirroredPoses(direct, other)!;
    const fusedOfMirror = fuseMirroredPoses(mirrorPose(other), mirrorPose(direct))!;
    const byPart = (body: BodyPose) =>
      Object.fromEntries(body.keypoints.map((keypoint) => [keypoint.part, [keypoint.x, keypoint.y, keypoint.score]]));
    expect(byPart(fusedOfMirror)).toEqual(byPart(mirrorPose(fused)!));
    expect(fused.score).toBeCloseTo((0.95 + 0.9) / 2, 9);
  });

  it('pairs each keypoint with its nearer twin when the answers disagree on which side faces the camera', () => {
    const facingAway = pose(Object.fromEntries(Object.entries(standing).map(([part, point]) => [otherSide(part), point])));
    const fused = fuseMirroredPoses(pose(standing), facingAway)!;
    // Averaging by name would put both shoulders on the midline; by position they stay apart.
    expect(facingRatio(fused)).toBeCloseTo(facingRatio(pose(standing))!, 9);
  });

  it('keeps the one answer when the other found no one', () => {
    expect(fuseMirroredPoses(pose(standing), null)).toEqual(pose(standing));
    expect(fuseMirroredPoses(null, null)).toBeNull();
  });
});

describe('viewFusedPose', () => {
  const byPart = (body: BodyPose | null) =>
    Object.fromEntries((body?.keypoints ?? []).map((keypoint) => [keypoint.part, [keypoint.x, keypoint.y, keypoint.score]]));
  // The same person read as turned: shoulders and hips drawn in towards the midline (facing ratio ~0.1).
  const turned = pose(
    Object.fromEntries(
      Object.entries(standing).map(([part, [x, y]]) => [part, [/Shoulder|Hip/.test(part) ? 300 + (x - 300) * 0.15 : x, y]]),
    ) as Points,
  );
  const square = pose({ ...standing, leftWrist: [550, 345] });

  it('takes the answer that reads a front photo as facing the camera when the other reads it turned', () => {
    expect(facingRatio(turned)!).toBeLessThan(defaultCaptureCheckSettings.minFrontFacingRatio);
    expect(facingRatio(square)!).toBeGreaterThan(defaultCaptureCheckSettings.minFrontFacingRatio);
    expect(viewFusedPose(turned, square, 'front', defaultCaptureCheckSettings)).toBe(square);
    expect(viewFusedPose(square, turned, 'front', defaultCaptureCheckSettings)).toBe(square);
    // The mirror image swaps the answers and gets the mirrored pose.
    expect(byPart(viewFusedPose(mirrorPose(square), mirrorPose(turned), 'front', defaultCaptureCheckSettings))).toEqual(
      byPart(mirrorPose(square)),
    );
  });

  it('takes the answer that reads a side photo in profile when the other reads it square', () => {
    expect(viewFusedPose(square, turned, 'side', defaultCaptureCheckSettings)).toBe(turned);
  });

  it('fuses the answers when they agree on the view, and when one has no torso', () => {
    const other = pose({ ...standing, nose: [304, 152] }, {}, 0.9);
    expect(viewFusedPose(square, other, 'front', defaultCaptureCheckSettings)).toEqual(fuseMirroredPoses(square, other));
    expect(viewFusedPose(turned, turned, 'front', defaultCaptureCheckSettings)).toEqual(fuseMirroredPoses(turned, turned));
    expect(viewFusedPose(square, null, 'side', defaultCaptureCheckSettings)).toEqual(square);
  });
});
