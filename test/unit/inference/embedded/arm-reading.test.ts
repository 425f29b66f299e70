import { describe, expect, it } from 'vitest';
import type { BodyPose } from '../../../../src/main/inference/human/human-runtime.js';
import { readUpperArms, upperArmFactor, upperArmReading } from '../../../../src/main/inference/embedded/arm-reading.js';
import { rowArms } from '../../../../src/main/inference/embedded/merged-arms.js';
import type { RowRun, SampleRow } from '../../../../src/main/inference/embedded/silhouette-edges.js';

/**
 * A front photo drawn by hand: torso from x 300 to 420; arms hanging straight down with centrelines
 * at x 270 (photo left) and 450 (photo right), from the shoulders at y 200 to the elbows at y 400.
 * The mask's arms are 36 px wide, the fitted body's 30 px; rows every 10 px.
 */
const body: BodyPose = {
  score: 0.9,
  box: { x: 230, y: 100, width: 260, height: 900 },
  keypoints: [
    { part: 'leftShoulder', x: 450, y: 200, z: null, score: 0.9 },
    { part: 'leftElbow', x: 450, y: 400, z: null, score: 0.9 },
    { part: 'leftWrist', x: 450, y: 550, z: null, score: 0.9 },
    { part: 'rightShoulder', x: 270, y: 200, z: null, score: 0.9 },
    { part: 'rightElbow', x: 270, y: 400, z: null, score: 0.9 },
    { part: 'rightWrist', x: 270, y: 550, z: null, score: 0.9 },
  ],
};
const ys = Array.from({ length: 35 }, (_, k) => 200 + 10 * k);
const rows: SampleRow[] = ys.map((y) => ({ y, region: 'torso', anchors: [360] }));
const armsApart = (halfWidth: number, joinedBelowY = Infinity) =>
  ys.map((y): RowRun[] =>
    y >= joinedBelowY
      ? [{ start: 270 - halfWidth, end: 450 + halfWidth }]
      : [
          { start: 270 - halfWidth, end: 270 + halfWidth },
          { start: 300, end: 420 },
          { start: 450 - halfWidth, end: 450 + halfWidth },
        ],
  );

describe('upper arm read from the front photo', () => {
  const maskRuns = armsApart(18);
  const arms = rowArms('front', body, rows, maskRuns, 1000);

  it('compares the mask arm with the fitted arm over the middle of the upper arm, the sleeve ease off both edges', () => {
    const reading = readUpperArms({ body, rows, arms, maskRuns, modelRuns: armsApart(15), sleeveEasePx: 1.5 });
    // Rows at 30-70% of shoulder to elbow: y 260..340, nine rows per arm.
    expect(reading).toEqual({ widthRatio: (36 - 3) / 30, rowCount: 18 });
  });

  it('reads nothing where the fitted arm, or the mask arm, joins the trunk', () => {
    expect(readUpperArms({ body, rows, arms, maskRuns, modelRuns: armsApart(15, 200), sleeveEasePx: 0 })).toBeNull();
    const joined = armsApart(18, 200);
    expect(
      readUpperArms({
        body,
        rows,
        arms: rowArms('front', body, rows, joined, 1000),
        maskRuns: joined,
        modelRuns: armsApart(15),
        sleeveEasePx: 0,
      }),
    ).toBeNull();
  });

  it('needs a few rows: two rows of a joined arm do not make a reading', () => {
    const fewApart = armsApart(18, 280); // only y 260 and 270 stand apart in the band, both arms: 4 rows
    const mask = rowArms('front', body, rows, fewApart, 1000);
    expect(readUpperArms({ body, rows, arms: mask, maskRuns: fewApart, modelRuns: armsApart(15), sleeveEasePx: 0 })?.rowCount).toBe(4);
    const fewer = armsApart(18, 270);
    expect(
      readUpperArms({
        body,
        rows,
        arms: rowArms('front', body, rows, fewer, 1000),
        maskRuns: fewer,
        modelRuns: armsApart(15),
        sleeveEasePx: 0,
      }),
    ).toBeNull();
  });

  it('leaves the fitted girth where the photo shows the arm as the mask usually draws an arm of that girth, and moves it part way otherwise', () => {
    expect(upperArmFactor({ widthRatio: upperArmReading.ratioAtFittedGirth, rowCount: 10 })).toBeCloseTo(1, 12);
    const wider = upperArmFactor({ widthRatio: upperArmReading.ratioAtFittedGirth * 1.21, rowCount: 10 });
    expect(wider).toBeCloseTo(1.21 ** upperArmReading.weight, 12);
    expect(wider).toBeGreaterThan(1);
    expect(wider).toBeLessThan(1.21);
  });
});
