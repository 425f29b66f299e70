import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHumanRuntime, type BodyPose, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import { aPoseRender } from '../../../integration/inference/embedded/photos.js';

/**
 * BlazePose on the mirror image and on a region of the photo answers in the photo's own pixels
 * and names: the capture checks compare and average these answers with the direct one.
 */
let runtime: HumanRuntime;
let photo: Buffer;
let width: number;

beforeAll(async () => {
  runtime = await createHumanRuntime({ modules: ['body'], bodyModel: 'full', maxSidePx: 1024 });
  photo = await aPoseRender();
  width = (await sharp(photo).metadata()).width!;
}, 60_000);
afterAll(() => runtime?.dispose());

const point = (body: BodyPose, part: string) => body.keypoints.find((keypoint) => keypoint.part === part)!;

describe('HumanRuntime.detectBody on the mirror image and on a region', () => {
  it('the mirrored answer names the same shoulder and puts it where the direct answer does', async () => {
    const direct = (await runtime.detectBody(photo)).bodies[0]!;
    const mirrored = (await runtime.detectBody(photo, { mirrored: true })).bodies[0]!;
    for (const part of ['leftShoulder', 'rightShoulder', 'leftHip', 'rightHip', 'nose']) {
      expect(Math.abs(point(mirrored, part).x - point(direct, part).x), part).toBeLessThan(width * 0.03);
      expect(Math.abs(point(mirrored, part).y - point(direct, part).y), part).toBeLessThan(width * 0.03);
    }
    // The photo flipped by sharp gives, mirrored back, the same answer as the runtime's own mirror.
    const flipped = (await runtime.detectBody(await sharp(photo).flop().png().toBuffer())).bodies[0]!;
    expect(Math.abs(width - point(flipped, 'rightShoulder').x - point(mirrored, 'leftShoulder').x)).toBeLessThan(width * 0.01);
  });

  it("an answer on a region of the photo is in the photo's pixels", async () => {
    const direct = (await runtime.detectBody(photo)).bodies[0]!;
    const region = { left: 60, top: 0, width: width - 120, height: width - 120 };
    const inRegion = (await runtime.detectBody(photo, { region })).bodies[0]!;
    for (const part of ['leftShoulder', 'rightShoulder', 'nose']) {
      expect(Math.abs(point(inRegion, part).x - point(direct, part).x), part).toBeLessThan(width * 0.03);
      expect(Math.abs(point(inRegion, part).y - point(direct, part).y), part).toBeLessThan(width * 0.03);
    }
    const mirroredInRegion = (await runtime.detectBody(photo, { region, mirrored: true })).bodies[0]!;
    expect(Math.abs(point(mirroredInRegion, 'nose').x - point(direct, 'nose').x)).toBeLessThan(width * 0.03);
  });
});
