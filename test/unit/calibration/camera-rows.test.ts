import { describe, expect, it } from 'vitest';
import { cameraFloorRow } from '../../../src/main/calibration/camera-rows.js';
import type { PersonSilhouette } from '../../../src/main/inference/capture-checks/person-silhouette.js';
import { silhouetteOf as drawnSilhouette, type Rect } from '../../factories/drawn-silhouettes.js';
import type { BodyPose } from '../../../src/main/inference/human/human-runtime.js';

/**
 * Masks drawn by hand (mask pixels = photo pixels, scale 1) with the toe keypoints placed where
 * BlazePose puts them, above the sole, so each floor row has an answer known without a model.
 */
const width = 400;
const height = 1200;

const silhouetteOf = (rects: Rect[]): PersonSilhouette => drawnSilhouette(rects, { width, height });

function toesAt(y: number | null): BodyPose {
  const points: [string, number, number][] = [
    ['leftShoulder', 240, 215],
    ['rightShoulder', 160, 215],
    ...(y === null ? [] : ([['leftFoot', 222, y] as const, ['rightFoot', 178, y - 4] as const] as [string, number, number][])),
  ];
  return {
    score: 0.99,
    box: { x: 0, y: 0, width, height },
    keypoints: points.map(([part, x, py]) => ({ part, x, y: py, z: null, score: 0.95 })),
  };
}

// A figure whose head top is at row 100 and whose soles end at row 920 (the mask's last row is
// 919, so its lower edge is 920); the toe keypoints sit 15 px above the sole, as on the renders.
const topY = 100;
const body: Rect[] = [
  { left: 170, right: 230, top: 100, bottom: 200 },
  { left: 150, right: 250, top: 200, bottom: 560 },
  { left: 155, right: 195, top: 560, bottom: 919 },
  { left: 205, right: 245, top: 560, bottom: 919 },
];
const toesY = 905;
// Where the toes put the sole: 2% of the person's height in the photo (head top to toes) below them.
const soleBelow = (toes: number): number => toes + 0.02 * (toes - topY);
const soleFromToes = soleBelow(toesY);
/** A sound mask weighed against the toes: 0.8 to 0.2, their inverse variances on the dev renders. */
const weighed = (maskBottom: number, toes: number): number => 0.8 * maskBottom + 0.2 * soleBelow(toes);

describe("the floor row the calibrated camera reads (the mask's lowest row and the toes, the toes alone where the mask failed)", () => {
  it("weighs the mask's lowest row against the toes when it ends near the sole, in both views", () => {
    expect(cameraFloorRow(silhouetteOf(body), toesAt(toesY), topY, 'front')).toBeCloseTo(weighed(920, toesY), 9);
    expect(cameraFloorRow(silhouetteOf(body), toesAt(toesY), topY, 'side')).toBeCloseTo(weighed(920, toesY), 9);
    // 50 px below the toes (6% of the person's height) is still a sole, not a shadow.
    expect(cameraFloorRow(silhouetteOf(body), toesAt(870), topY, 'front')).toBeCloseTo(weighed(920, 870), 9);
  });

  it('puts the floor where the toes put the sole when the mask runs on into a shadow', () => {
    const shadow: Rect = { left: 140, right: 260, top: 920, bottom: 1010 };
    expect(cameraFloorRow(silhouetteOf([...body, shadow]), toesAt(toesY), topY, 'front')).toBeCloseTo(soleFromToes, 9);
  });

  it('puts the floor where the toes put the sole when a profile mask ends above the toes (shoes lost against the floor)', () => {
    const lostShoes = body.map((rect) => ({ ...rect, bottom: Math.min(rect.bottom, 889) }));
    expect(cameraFloorRow(silhouetteOf(lostShoes), toesAt(toesY), topY, 'side')).toBeCloseTo(soleFromToes, 9);
    // In a front photo BlazePose may draw the toes a little below a sound mask: 15 px is not a lost foot, 40 px is.
    expect(cameraFloorRow(silhouetteOf(lostShoes), toesAt(toesY), topY, 'front')).toBeCloseTo(weighed(890, toesY), 9);
    const lostMore = body.map((rect) => ({ ...rect, bottom: Math.min(rect.bottom, 864) }));
    expect(cameraFloorRow(silhouetteOf(lostMore), toesAt(toesY), topY, 'front')).toBeCloseTo(soleFromToes, 9);
  });

  it("has nothing better than the mask's lowest row without toe keypoints", () => {
    const shadow: Rect = { left: 140, right: 260, top: 920, bottom: 1010 };
    expect(cameraFloorRow(silhouetteOf([...body, shadow]), toesAt(null), topY, 'front')).toBe(1011);
    expect(cameraFloorRow(silhouetteOf(body), null, topY, 'side')).toBe(920);
  });

  it("takes the soles' outline on the photo where one was found, unless it runs far below the toes", () => {
    expect(cameraFloorRow(silhouetteOf(body), toesAt(toesY), topY, 'front', 923.5)).toBe(923.5);
    // A profile mask that lost the shoes: the outline found them.
    const lostShoes = body.map((rect) => ({ ...rect, bottom: Math.min(rect.bottom, 889) }));
    expect(cameraFloorRow(silhouetteOf(lostShoes), toesAt(toesY), topY, 'side', 921)).toBe(921);
    // An outline 12% of the person's height below the toes is a shadow's: the toes place the floor.
    expect(cameraFloorRow(silhouetteOf(body), toesAt(toesY), topY, 'front', toesY + 0.12 * (toesY - topY))).toBeCloseTo(soleFromToes, 9);
  });
});
