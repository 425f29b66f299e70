import { describe, expect, it } from 'vitest';
import type { BodyPose } from '../../../../src/main/inference/human/human-runtime.js';
import type { PersonSilhouette } from '../../../../src/main/inference/capture-checks/person-silhouette.js';
import { silhouetteOf as drawnSilhouette, type Rect } from '../../../factories/drawn-silhouettes.js';
import { floorRow, tragionShare, verticalExtent } from '../../../../src/main/inference/embedded/vertical-extent.js';

/**
 * Silhouettes drawn by hand (mask pixels = photo pixels, scale 1) with keypoints placed where
 * BlazePose would put them, so each reading has an answer known without running a model.
 */
const width = 400;
const height = 1000;

const silhouetteOf = (rects: Rect[]): PersonSilhouette => drawnSilhouette(rects, { width, height });

function pose(points: Record<string, [number, number]>): BodyPose {
  return {
    score: 0.99,
    box: { x: 0, y: 0, width, height },
    keypoints: Object.entries(points).map(([part, [x, y]]) => ({ part, x, y, z: null, score: 0.95 })),
  };
}

// A standing figure 800 px tall: head top at row 100, heels on the floor at row 900, toes (nearer
// the camera) reaching row 920 in the photo.
const head: Rect = { left: 170, right: 230, top: 100, bottom: 200 };
const torso: Rect = { left: 150, right: 250, top: 200, bottom: 560 };
const legs: Rect[] = [
  { left: 155, right: 195, top: 560, bottom: 900 },
  { left: 205, right: 245, top: 560, bottom: 900 },
];
const toes: Rect[] = [
  { left: 160, right: 195, top: 900, bottom: 920 },
  { left: 205, right: 240, top: 900, bottom: 920 },
];
const skeleton = {
  leftShoulder: [240, 215],
  rightShoulder: [160, 215],
  leftHip: [225, 520],
  rightHip: [175, 520],
  leftHeel: [225, 900],
  rightHeel: [175, 900],
  leftFoot: [222, 919],
  rightFoot: [178, 919],
} satisfies Record<string, [number, number]>;

// Survey-like proportions: the ear 9% of stature below the top of the head.
const levels = { tragion: tragionShare((column) => ({ stature: 1000, tragiontopofhead: 90 })[column]) };

describe('the floor line and stature in a front photo', () => {
  it('stands on the heels, not on the toes that reach lower in the photo', () => {
    const silhouette = silhouetteOf([head, torso, ...legs, ...toes]);
    const extent = verticalExtent(silhouette, pose(skeleton));
    expect(extent.topY).toBe(100);
    expect(extent.bottomY).toBe(900);
    expect(extent.notes).toEqual([]);
  });

  it("falls back to the mask's lowest row without heels, and to the feet when the mask runs into a shadow", () => {
    const { leftHeel: _left, rightHeel: _right, ...noHeels } = skeleton;
    expect(verticalExtent(silhouetteOf([head, torso, ...legs, ...toes]), pose(noHeels)).bottomY).toBe(921);
    const shadow: Rect = { left: 150, right: 250, top: 920, bottom: 990 };
    const withShadow = verticalExtent(silhouetteOf([head, torso, ...legs, ...toes, shadow]), pose(skeleton));
    expect(withShadow.bottomY).toBe(900);
    expect(withShadow.notes.join(' ')).toMatch(/shadow/);
  });

  it("places the camera on the mask's lowest row (the sole nearest the camera), or on the heels when the mask runs into a shadow", () => {
    expect(floorRow(silhouetteOf([head, torso, ...legs, ...toes]), pose(skeleton))).toEqual({ y: 921, at: 'sole' });
    const shadow: Rect = { left: 150, right: 250, top: 920, bottom: 990 };
    expect(floorRow(silhouetteOf([head, torso, ...legs, ...toes, shadow]), pose(skeleton))).toEqual({ y: 900, at: 'heel' });
  });

  it("keeps the mask's top when the mask has the head above the ears", () => {
    // Ears at 91% of the 800 px stature above the floor: row 900 − 728 = 172.
    const extent = verticalExtent(
      silhouetteOf([head, torso, ...legs, ...toes]),
      pose({ ...skeleton, leftEar: [215, 172], rightEar: [185, 172] }),
      levels.tragion,
    );
    expect(levels.tragion).toBeCloseTo(0.91, 10);
    expect(extent.topY).toBe(100);
    expect(extent.notes).toEqual([]);
  });

  it("puts the top of the head above the ears by the survey's head height when the mask has lost the head", () => {
    // The mask stops at the neck (row 200): a stature of 700 px would read every breadth 14% wide.
    const extent = verticalExtent(
      silhouetteOf([torso, ...legs, ...toes]),
      pose({ ...skeleton, leftEar: [215, 172], rightEar: [185, 172] }),
      levels.tragion,
    );
    expect(extent.topY).toBeCloseTo(100, 6);
    expect(extent.bottomY).toBe(900);
    expect(extent.notes.join(' ')).toMatch(/top of the head/);
    // Without ears (or without the proportion) there is nothing better than the mask.
    expect(verticalExtent(silhouetteOf([torso, ...legs, ...toes]), pose(skeleton), levels.tragion).topY).toBe(200);
  });
});
