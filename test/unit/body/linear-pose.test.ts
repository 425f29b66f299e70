import { describe, expect, it } from 'vitest';
import { linearPosedBody, posedVertices } from '../../../src/main/body/linear-pose.js';
import { loadOpenBodyModel } from '../../../src/main/body/load-model.js';
import { poseBody } from '../../../src/main/body/pose.js';

describe('a posed body as an affine function of the betas', () => {
  it('gives the same vertices as the forward pass for any betas, with the pose fixed', async () => {
    const model = await loadOpenBodyModel('female');
    const bodyPose = new Float64Array(69).map((_, k) => 0.3 * Math.sin(k * 1.7));
    const globalOrient = [0.1, 1.2, -0.05];
    const linear = linearPosedBody(model, { bodyPose, globalOrient });
    for (const betas of [new Array<number>(20).fill(0), Array.from({ length: 20 }, (_, k) => 1.5 * Math.cos(k * 2.3))]) {
      const expected = poseBody(model, { betas, bodyPose, globalOrient }).vertices;
      const actual = posedVertices(linear, betas);
      let largest = 0;
      for (let k = 0; k < expected.length; k++) largest = Math.max(largest, Math.abs(actual[k]! - expected[k]!));
      expect(largest).toBeLessThan(1e-5);
    }
  });

  it("keeps each model's pose-free parts apart: models linearised in turn each match their own forward pass", async () => {
    const models = [await loadOpenBodyModel('female'), await loadOpenBodyModel('male'), await loadOpenBodyModel('neutral')];
    const bodyPose = new Float64Array(69).map((_, k) => 0.2 * Math.cos(k * 0.9));
    const globalOrient = [0, 0.3, 0];
    const betas = Array.from({ length: 20 }, (_, k) => Math.sin(k * 1.1));
    for (const model of [...models, ...models]) {
      const expected = poseBody(model, { betas, bodyPose, globalOrient }).vertices;
      const actual = posedVertices(linearPosedBody(model, { bodyPose, globalOrient }), betas);
      let largest = 0;
      for (let k = 0; k < expected.length; k++) largest = Math.max(largest, Math.abs(actual[k]! - expected[k]!));
      expect(largest).toBeLessThan(1e-5);
    }
  });
});
