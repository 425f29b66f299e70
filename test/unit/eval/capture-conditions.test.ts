import { describe, expect, it } from 'vitest';
import { bodyFitsInFrame, clothingClasses, drawCondition } from '../../../scripts/eval/capture-conditions.js';

describe('evaluation capture conditions', () => {
  it('are the same for the same seed and subject, and differ between seeds', () => {
    expect(drawCondition('test', 'subject-a', 3, 1750)).toEqual(drawCondition('test', 'subject-a', 3, 1750));
    expect(drawCondition('dev', 'subject-a', 3, 1750).camera).not.toEqual(drawCondition('test', 'subject-a', 3, 1750).camera);
  });

  it('stay within the stated ranges and keep the whole body in frame, tall customers included', () => {
    for (let index = 0; index < 60; index += 1) {
      const statureMm = 1450 + index * 10;
      const condition = drawCondition('test', `subject-${index}`, index, statureMm);
      expect(condition.clothing).toBe(clothingClasses[index % clothingClasses.length]);
      expect(condition.camera.heightM).toBeGreaterThanOrEqual(1.0);
      expect(condition.camera.heightM).toBeLessThanOrEqual(1.5);
      expect(condition.camera.distanceM).toBeGreaterThanOrEqual(2.5);
      expect(condition.camera.distanceM).toBeLessThanOrEqual(3.5);
      expect(Math.abs(condition.camera.tiltDeg)).toBeLessThanOrEqual(5);
      expect(condition.soleMm).toBeLessThanOrEqual(40);
      expect(condition.front.armAbductionDeg).toBeGreaterThanOrEqual(15);
      expect(bodyFitsInFrame(condition.camera, (statureMm + condition.soleMm + condition.hairVolumeMm) / 1000)).toBe(true);
    }
  });

  it('a camera too low and tilted down cuts a tall body off', () => {
    expect(bodyFitsInFrame({ widthPx: 720, heightPx: 1280, fovDeg: 50, heightM: 1.0, distanceM: 2.5, tiltDeg: -5, lensK1: 0 }, 2.05)).toBe(
      false,
    );
  });
});
