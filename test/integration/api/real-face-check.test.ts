import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceDetector } from '../../../src/main/inference/face-check/face-detector.js';
import type { FaceDetector } from '../../../src/main/inference/face-detector.js';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { postJson } from '../../fixtures/api/http.js';
import { toBase64 } from '../../fixtures/api/images.js';

const asset = (name: string): Promise<Buffer> =>
  readFile(fileURLToPath(new URL(`../../../node_modules/@vladmandic/human/assets/${name}`, import.meta.url)));

describe('POST /api/v1/avatar with the real face detector (worker thread, blazeface)', () => {
  let detector: FaceDetector;
  let h: ApiHarness;

  beforeAll(async () => {
    detector = createFaceDetector();
    await detector.ready();
    h = await startApiHarness({ faceDetector: detector });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await detector?.close();
  });

  it('accepts a photo of a real person', async () => {
    const photo = await asset('screenshot-faceid.jpg');
    const response = await postJson<{ job_id: string; status: string }>(`${h.url}/api/v1/avatar`, {
      consent: true,
      user_id: 'real-face',
      image: toBase64(photo, 'image/jpeg'),
    });
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('pending');
  });

  it('answers the contract no_face body for a real photo region without a face', async () => {
    const photo = await asset('screenshot-faceid.jpg');
    // The lower band of the same photo (clothes and background), re-encoded as PNG.
    const noFace = await sharp(photo).extract({ left: 0, top: 300, width: 800, height: 264 }).png().toBuffer();
    const response = await postJson(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'real-no-face', image: toBase64(noFace) });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ detail: 'No face detected in image', code: 'no_face' });
  });
});
