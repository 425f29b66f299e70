import { describe, expect, it } from 'vitest';
import { burstLook } from '../../../../src/main/inference/capture-checks/observe-burst-frame.js';

describe("a burst's extra frames", () => {
  it('alternate between the photo and its mirror image, starting with the photo, so that neither look outweighs the other', () => {
    expect([1, 2, 3, 4].map(burstLook)).toEqual(['photo', 'mirror image', 'photo', 'mirror image']);
  });
});
