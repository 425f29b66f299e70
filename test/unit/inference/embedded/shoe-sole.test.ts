import { describe, expect, it } from 'vitest';
import type { BodyPose } from '../../../../src/main/inference/human/human-runtime.js';
import { shoeSole } from '../../../../src/main/inference/embedded/shoe-sole.js';

const ankles = (y: number): BodyPose => ({
  score: 0.9,
  box: { x: 0, y: 0, width: 100, height: 1000 },
  keypoints: [
    { part: 'leftAnkle', x: 60, y, z: null, score: 0.9 },
    { part: 'rightAnkle', x: 40, y, z: null, score: 0.9 },
  ],
});

describe('the shoe sole under the customer', () => {
  it('is what staff gave when they gave it', () => {
    const common = { body: ankles(900), topY: 100, floorY: 1000, statureCm: 170, ankleShare: 0.04 };
    expect(shoeSole({ ...common, shoes: 'flat' })).toMatchObject({ soleCm: 2.5, sdCm: 1 });
    expect(shoeSole({ ...common, shoes: { soleCm: 3.5 } })).toMatchObject({ soleCm: 3.5, sdCm: 0.5 });
  });

  it('is judged from the ankles when not given: a 170 cm customer on a 3 cm sole', () => {
    // 900 px span for 173 cm: the ankles (4% of 170 cm = 6.8 cm) stand 9.8 cm above the floor.
    const pxPerCm = 900 / 173;
    const sole = shoeSole({ shoes: null, body: ankles(1000 - 9.8 * pxPerCm), topY: 100, floorY: 1000, statureCm: 170, ankleShare: 0.04 });
    expect(sole.soleCm).toBeCloseTo(3, 1);
    expect(sole.note).toMatch(/judged from the ankles/);
  });

  it('keeps a judged sole between barefoot and 5 cm, and assumes a flat shoe without ankles', () => {
    const common = { shoes: null, topY: 100, floorY: 1000, statureCm: 170, ankleShare: 0.04 };
    expect(shoeSole({ ...common, body: ankles(999) }).soleCm).toBe(0);
    expect(shoeSole({ ...common, body: ankles(700) }).soleCm).toBe(5);
    expect(shoeSole({ ...common, body: null })).toMatchObject({ soleCm: 2.5, note: expect.stringMatching(/assumed/) });
  });
});
