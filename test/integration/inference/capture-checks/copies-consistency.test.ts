import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHumanOptions } from '../../../../src/main/inference/capture-checks/human-settings.js';
import { observeFrame } from '../../../../src/main/inference/capture-checks/observe-frame.js';
import { checkFrame } from '../../../../src/main/inference/capture-checks/rules.js';
import type { FrameObservation } from '../../../../src/main/inference/capture-checks/types.js';
import { createHumanRuntime, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import { aPoseRender, mirrorSelfie, withoutFeet } from '../embedded/photos.js';

/**
 * The real checks (Human on tfjs-WASM, in this thread) on the full-body photos of
 * @vladmandic/human/assets: a photo, its mirror image, a copy resized to 60% and a copy re-encoded
 * as JPEG quality 60 get the same decision and the same refusals; the live check, which looks at
 * the mirror image only when its first look does not decide, gets the scan's.
 */
const copies: Record<string, (photo: Buffer) => Promise<Buffer>> = {
  mirrored: (photo) => sharp(photo).flop().jpeg({ quality: 92 }).toBuffer(),
  resized: async (photo) => {
    const { width = 0 } = await sharp(photo).metadata();
    return sharp(photo)
      .resize({ width: Math.round(width * 0.6), kernel: 'lanczos3' })
      .jpeg({ quality: 92 })
      .toBuffer();
  },
  reencoded: (photo) => sharp(photo).jpeg({ quality: 60 }).toBuffer(),
};

describe('capture decisions on real photos and their copies', () => {
  let runtime: HumanRuntime;
  beforeAll(async () => {
    runtime = await createHumanRuntime({ ...captureHumanOptions, log: () => {} });
  }, 120_000);
  afterAll(() => runtime?.dispose());

  const errorsOf = (observation: FrameObservation): string[] =>
    checkFrame(observation)
      .filter((issue) => issue.severity === 'error')
      .map((issue) => issue.code)
      .sort();
  /** The scan's refusals (both looks); the live check's, which looks at the mirror image only when unsure, must be the same. */
  const refusals = async (photo: Buffer): Promise<string[]> => {
    const scan = errorsOf((await observeFrame(runtime, photo, 'front')).observation);
    const live = errorsOf((await observeFrame(runtime, photo, 'front', { mirrorPass: 'when-unsure' })).observation);
    expect(live).toEqual(scan);
    return scan;
  };

  it.each([
    ['the A-pose render (accepted)', aPoseRender, []],
    ['the mirror selfie (an arm against the body)', mirrorSelfie, ['arms_against_body']],
    ['the A-pose render without its feet', async () => withoutFeet(await aPoseRender()), ['feet_out_of_frame']],
  ] as const)(
    '%s: the photo, its mirror image, a resized and a re-encoded copy get the same refusals',
    async (_name, photoOf, expected) => {
      const photo = await photoOf();
      expect(await refusals(photo)).toEqual(expected);
      for (const [copy, make] of Object.entries(copies)) {
        expect({ copy, refusals: await refusals(await make(photo)) }).toEqual({ copy, refusals: expected });
      }
    },
    120_000,
  );

  it('the scan averages the masks of a photo and of its mirror image: the two photos get mirror-image masks', async () => {
    const photo = await aPoseRender();
    const direct = await observeFrame(runtime, photo, 'front');
    const mirrored = await observeFrame(runtime, await copies.mirrored!(photo), 'front');
    const rows = (frame: typeof direct) => frame.observation.silhouette!.rows;
    const width = direct.observation.silhouette!.width;
    // Row by row, the mirror image's runs flipped back must cover the photo's own (JPEG re-encoding of the copy aside).
    let differing = 0;
    let total = 0;
    rows(direct).forEach((runs, y) => {
      const own = new Set(runs.flatMap((run) => Array.from({ length: run.end - run.start }, (_, i) => run.start + i)));
      const flipped = new Set(
        rows(mirrored)[y]!.flatMap((run) => Array.from({ length: run.end - run.start }, (_, i) => width - 1 - (run.start + i))),
      );
      for (const x of own) if (!flipped.has(x)) differing += 1;
      for (const x of flipped) if (!own.has(x)) differing += 1;
      total += own.size;
    });
    expect(differing / total).toBeLessThan(0.01);
  }, 120_000);
});
