import { describe, expect, it } from 'vitest';
import type { BodyPose } from '../../../../src/main/inference/human/human-runtime.js';
import { armJoined, rowArms, torsoEdgeInMask } from '../../../../src/main/inference/embedded/merged-arms.js';
import type { RowRun, SampleRow } from '../../../../src/main/inference/embedded/silhouette-edges.js';

/**
 * A front photo drawn by hand: torso from x 300 to 420 on every row; arms hanging straight down
 * with centrelines at x 280 (photo left) and 440 (photo right), 30 px wide, from the shoulders at
 * y 200 to the wrists at y 500. Above y 300 the mask joins each arm to the torso.
 */
const body: BodyPose = {
  score: 0.9,
  box: { x: 250, y: 100, width: 220, height: 900 },
  keypoints: [
    { part: 'leftShoulder', x: 440, y: 200, z: null, score: 0.9 },
    { part: 'leftElbow', x: 440, y: 350, z: null, score: 0.9 },
    { part: 'leftWrist', x: 440, y: 500, z: null, score: 0.9 },
    { part: 'rightShoulder', x: 280, y: 200, z: null, score: 0.9 },
    { part: 'rightElbow', x: 280, y: 350, z: null, score: 0.9 },
    { part: 'rightWrist', x: 280, y: 500, z: null, score: 0.9 },
  ],
};
const ys = [150, 220, 260, 290, 310, 330, 420, 600];
const rows: SampleRow[] = ys.map((y) => ({ y, region: y < 200 ? 'neck' : y < 550 ? 'torso' : 'legs', anchors: [360] }));
const runsAt = (y: number): RowRun[] => {
  if (y < 200 || y >= 550) return [{ start: 320, end: 400 }];
  if (y < 300) return [{ start: 265, end: 455 }];
  if (y <= 500)
    return [
      { start: 265, end: 295 },
      { start: 300, end: 420 },
      { start: 425, end: 455 },
    ];
  return [{ start: 300, end: 420 }];
};
const maskRuns = ys.map(runsAt);

describe('merged arms: the torso side of a front photo where the mask joins an arm to it', () => {
  const arms = rowArms('front', body, rows, maskRuns, 1000);

  it('finds where each arm crosses the torso rows, the photo-left arm on the start side', () => {
    expect(arms[0]).toBeNull(); // neck row
    expect(arms[7]).toBeNull(); // legs row
    expect(arms[2]).toEqual({ start: { x: 280, widthPx: 30 }, end: { x: 440, widthPx: 30 } });
    // y 220 is 90 px above the first row where the arms stand apart: beyond 8% of the 1000 px stature.
    expect(arms[1]).toEqual({ start: { x: 280, widthPx: null }, end: { x: 440, widthPx: null } });
  });

  it('reads the torso side as the arm inner edge where the arm is joined, and as the run end where it stands apart', () => {
    const joined = { start: 265, end: 455 };
    expect(torsoEdgeInMask(joined, arms[2]!.start, 'start')).toBe(295);
    expect(torsoEdgeInMask(joined, arms[2]!.end, 'end')).toBe(425);
    const apart = { start: 300, end: 420 };
    expect(torsoEdgeInMask(apart, arms[4]!.start, 'start')).toBe(300);
    expect(torsoEdgeInMask(apart, arms[4]!.end, 'end')).toBe(420);
  });

  it('takes the width only from rows near enough, and gives no edge when the joined arm has none', () => {
    const far = rowArms('front', body, rows, maskRuns, 100); // reach 8 px: only the rows beside an apart row
    expect(far[3]!.end!.widthPx).toBeNull(); // y 290: the nearest apart row is 20 px away
    expect(torsoEdgeInMask({ start: 265, end: 455 }, far[3]!.end, 'end')).toBeNull();
    expect(far[4]!.end!.widthPx).toBe(30);
  });

  it('compares outer edges where the model joins its own arm too', () => {
    expect(armJoined({ start: 262, end: 458 }, arms[2]!.end)).toBe(true);
    expect(armJoined({ start: 302, end: 418 }, arms[2]!.end)).toBe(false);
    expect(armJoined({ start: 302, end: 418 }, null)).toBe(false);
  });

  it('leaves profiles and photos without both arms alone', () => {
    expect(rowArms('side', body, rows, maskRuns, 1000).every((row) => row === null)).toBe(true);
    const oneArm: BodyPose = { ...body, keypoints: body.keypoints.filter((point) => !point.part.startsWith('right')) };
    expect(rowArms('front', oneArm, rows, maskRuns, 1000)[1]).toEqual({ start: null, end: null });
  });

  it('gives the same edges for the mirror image', () => {
    const width = 720;
    const mirrored: BodyPose = { ...body, keypoints: body.keypoints.map((point) => ({ ...point, x: width - point.x })) };
    const mirroredRuns = maskRuns.map((runs) => runs.map((run) => ({ start: width - run.end, end: width - run.start })).reverse());
    const mirroredRows = rows.map((row) => ({ ...row, anchors: row.anchors.map((x) => width - x) }));
    const back = rowArms('front', mirrored, mirroredRows, mirroredRuns, 1000);
    const joined = { start: width - 455, end: width - 265 };
    expect(width - torsoEdgeInMask(joined, back[2]!.end, 'end')!).toBe(torsoEdgeInMask({ start: 265, end: 455 }, arms[2]!.start, 'start'));
  });
});
