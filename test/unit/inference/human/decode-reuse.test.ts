import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHumanRuntime, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import { faceCheckDetectorSettings, faceCheckMaxSidePx } from '../../../../src/main/inference/face-check/settings.js';
import { asset } from './photos.js';

const calls = vi.hoisted(() => ({ decodes: 0, detections: 0 }));

vi.mock('../../../../src/main/inference/human/image-decoder.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../src/main/inference/human/image-decoder.js')>();
  return {
    ...original,
    decodeImage: (...args: Parameters<typeof original.decodeImage>) => {
      calls.decodes += 1;
      return original.decodeImage(...args);
    },
  };
});

vi.mock('../../../../src/main/inference/human/blazeface-boxes.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../src/main/inference/human/blazeface-boxes.js')>();
  return {
    ...original,
    createBlazeFace: (...args: Parameters<typeof original.createBlazeFace>) => {
      const blazeFace = original.createBlazeFace(...args);
      return {
        ...blazeFace,
        detect: (...input: Parameters<typeof blazeFace.detect>) => {
          calls.detections += 1;
          return blazeFace.detect(...input);
        },
      };
    },
  };
});

let runtime: HumanRuntime;

beforeAll(async () => {
  runtime = await createHumanRuntime({ modules: ['face'], face: faceCheckDetectorSettings, maxSidePx: faceCheckMaxSidePx });
});

afterAll(() => runtime?.dispose());

describe('HumanRuntime looks at a photo once for the looks that follow one another', () => {
  it('reuses the decode and the faces for the same bytes in another buffer (a one-off scan reads its stored photo again), not for another photo', async () => {
    const photo = await asset('screenshot-faceid.jpg');
    const before = { ...calls };
    const first = await runtime.detectFaces(new Uint8Array(photo));
    const detectionsOfOnePhoto = calls.detections - before.detections;
    expect(detectionsOfOnePhoto).toBeGreaterThan(0);
    const again = await runtime.detectFaces(new Uint8Array(Buffer.from(photo)));
    expect(calls.decodes - before.decodes).toBe(1);
    expect(calls.detections - before.detections).toBe(detectionsOfOnePhoto);
    expect(again.faces).toEqual(first.faces);
    expect(again.faces[0]).not.toBe(first.faces[0]);

    const other = await asset('screenshot-facedetect.jpg');
    await runtime.detectFaces(new Uint8Array(other));
    expect(calls.decodes - before.decodes).toBe(2);
    expect(calls.detections - before.detections).toBeGreaterThan(detectionsOfOnePhoto);
  });
});
