import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHumanRuntime, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import { aPoseRender } from '../../../integration/inference/embedded/photos.js';

/**
 * A runtime loaded without the warm-up pass (`warmUpInference: false`, the one-off `perfit scan`)
 * must answer its first photo exactly as it answers that photo once warm: the warm-up only moves
 * the networks' first-run set-up earlier, it never changes what they see.
 */
let runtime: HumanRuntime;
let photo: Buffer;

beforeAll(async () => {
  runtime = await createHumanRuntime({ modules: ['face', 'body', 'segmentation'], maxSidePx: 1024, warmUpInference: false });
  photo = await aPoseRender();
}, 60_000);
afterAll(() => runtime?.dispose());

describe('createHumanRuntime without the warm-up pass', () => {
  it('reports no warm-up time', () => {
    expect(runtime.info.warmUpMs).toBe(0);
  });

  it('answers the first photo as it answers it again: faces, keypoints (direct and mirrored) and mask', async () => {
    const first = {
      faces: await runtime.detectFaces(photo),
      body: await runtime.detectBody(photo),
      mirrored: await runtime.detectBody(photo, { mirrored: true }),
      mask: await runtime.segmentPerson(photo),
    };
    expect(first.body.bodies).toHaveLength(1);
    const again = {
      faces: await runtime.detectFaces(photo),
      body: await runtime.detectBody(photo),
      mirrored: await runtime.detectBody(photo, { mirrored: true }),
      mask: await runtime.segmentPerson(photo),
    };
    const answer = <T extends { durationMs: number }>({ durationMs: _, ...rest }: T) => rest;
    expect(answer(again.faces)).toEqual(answer(first.faces));
    expect(answer(again.body)).toEqual(answer(first.body));
    expect(answer(again.mirrored)).toEqual(answer(first.mirrored));
    expect(Buffer.from(again.mask.mask).equals(Buffer.from(first.mask.mask))).toBe(true);
  }, 60_000);
});
