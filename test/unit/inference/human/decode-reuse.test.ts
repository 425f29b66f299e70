import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHumanRuntime, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import { faceCheckDetectorSettings, faceCheckMaxSidePx } from '../../../../src/main/inference/face-check/settings.js';
import { asset } from './photos.js';

const decodes = vi.hoisted(() => ({ count: 0 }));

vi.mock('../../../../src/main/inference/human/image-decoder.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../src/main/inference/human/image-decoder.js')>();
  return {
    ...original,
    decodeImage: (...args: Parameters<typeof original.decodeImage>) => {
      decodes.count += 1;
      return original.decodeImage(...args);
    },
  };
});

let runtime: HumanRuntime;

beforeAll(async () => {
  runtime = await createHumanRuntime({ modules: ['face'], face: faceCheckDetectorSettings, maxSidePx: faceCheckMaxSidePx });
});

afterAll(() => runtime?.dispose());

describe('HumanRuntime decodes a photo once for the looks that follow one another', () => {
  it('reuses the decode for the same bytes in another buffer (a one-off scan reads its stored photo again), not for another photo', async () => {
    const photo = await asset('screenshot-faceid.jpg');
    const before = decodes.count;
    const first = await runtime.detectFaces(new Uint8Array(photo));
    const again = await runtime.detectFaces(new Uint8Array(Buffer.from(photo)));
    expect(decodes.count - before).toBe(1);
    expect(again.faces).toEqual(first.faces);

    const other = await asset('screenshot-facedetect.jpg');
    await runtime.detectFaces(new Uint8Array(other));
    expect(decodes.count - before).toBe(2);
  });
});
