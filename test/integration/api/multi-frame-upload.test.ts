import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';
import type { MarkerFaceDetector } from '../../fixtures/api/marker-face-detector.js';

type ErrorBody = { detail: string; code: string };
type Created = { job_id: string };

/** Multi-frame capture (issue 12, part 3): a burst of frames per view in POST /api/v1/avatar. */
describe('POST /api/v1/avatar with a burst of frames (real server, SQLite, upload folder)', () => {
  let h: ApiHarness;
  let face: string;
  let frame: string;
  const detector = (): MarkerFaceDetector => h.faceDetector as MarkerFaceDetector;
  const post = <T = ErrorBody>(payload: Record<string, unknown>) =>
    postJson<T>(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'burst', image: face, ...payload });
  const uploadFolders = (): number => (existsSync(join(h.dataDir, 'uploads')) ? readdirSync(join(h.dataDir, 'uploads')).length : 0);

  beforeAll(async () => {
    h = await startApiHarness({ config: { limits: { maxExtraFramesPerView: 4 } } });
    face = toBase64(await makePhoto({ marker: 'face' }));
    // No face marker: only the first frame is face-checked, so the others need none.
    frame = toBase64(await makePhoto({ width: 330 }));
  });
  afterAll(async () => h.close());

  it('stores every frame of both views with the job, in order, and face-checks only the first', async () => {
    const sideFrame = toBase64(await makePhoto({ format: 'png', width: 300 }));
    const checks = detector().calls;
    const response = await post<Created>({ images: [frame, frame, frame, frame], side_image: sideFrame, side_images: [sideFrame] });
    expect(response.status).toBe(202);
    expect(detector().calls).toBe(checks + 1);
    const job = h.queue.get(response.body.job_id)!;
    const folder = join(h.dataDir, 'uploads', job.id);
    expect(job.inputImagePath).toBe(join(folder, 'source.jpg'));
    expect(job.framePaths).toEqual([2, 3, 4, 5].map((n) => join(folder, `source-${n}.jpg`)));
    expect(job.sideImagePath).toBe(join(folder, 'side.png'));
    expect(job.sideFramePaths).toEqual([join(folder, 'side-2.png')]);
    expect(readFileSync(job.framePaths[0]!).equals(Buffer.from(frame, 'base64'))).toBe(true);
    expect(h.logLines.find((line) => line['msg'] === 'job created' && line['job_id'] === job.id)).toMatchObject({
      extra_frames: 4,
      extra_side_frames: 1,
    });
  });

  it('treats an empty or null list of frames as a single photo', async () => {
    for (const images of [[], null]) {
      const response = await post<Created>({ images, side_images: images });
      expect(response.status).toBe(202);
      expect(h.queue.get(response.body.job_id)).toMatchObject({ framePaths: [], sideFramePaths: [], sideImagePath: null });
    }
  });

  it('answers 400 too_many_frames beyond maxExtraFramesPerView per view, before any photo is checked, and stores nothing', async () => {
    const folders = uploadFolders();
    const checks = detector().calls;
    const front = await post({ images: Array.from({ length: 5 }, () => frame) });
    expect(front.status).toBe(400);
    expect(front.body).toEqual({
      detail: 'images holds 5 frames; at most 4 extra frames per view are accepted (besides image)',
      code: 'too_many_frames',
    });
    const side = await post({ side_image: frame, side_images: Array.from({ length: 6 }, () => frame) });
    expect(side.body.code).toBe('too_many_frames');
    expect(side.body.detail).toMatch(/^side_images holds 6 frames/);
    expect(detector().calls).toBe(checks);
    expect(uploadFolders()).toBe(folders);
  });

  it('refuses a frame that fails the per-image checks, naming it, without a face check or files', async () => {
    const folders = uploadFolders();
    const checks = detector().calls;
    const truncated = Buffer.from(frame, 'base64').subarray(0, 3000);
    const corrupt = await post({ images: [frame, toBase64(truncated)] });
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.code).toBe('image_corrupt');
    expect(corrupt.body.detail).toMatch(/^images\[1\] /);
    const gif = await post({ side_image: frame, side_images: [toBase64(await makePhoto({ format: 'gif' }))] });
    expect(gif.body).toMatchObject({ code: 'unsupported_format' });
    expect(gif.body.detail).toMatch(/side_images\[0\]/);
    const notBase64 = await post({ images: ['not base64 at all!'] });
    expect(notBase64.body.code).toBe('invalid_base64');
    expect(detector().calls).toBe(checks);
    expect(uploadFolders()).toBe(folders);
  });

  it('refuses side_images without side_image, and frames that are not strings', async () => {
    const orphan = await post({ side_images: [frame] });
    expect(orphan.status).toBe(400);
    expect(orphan.body.code).toBe('invalid_request');
    expect(orphan.body.detail).toMatch(/side_images needs side_image/);
    const numbers = await post({ images: [42] });
    expect(numbers.body.code).toBe('invalid_request');
  });

  it('describes both fields and their limit in the OpenAPI document', async () => {
    const document = (
      await call<{ components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } }>(
        `${h.url}/api/v1/openapi.json`,
      )
    ).body;
    const properties = document.components.schemas['CreateAvatarRequest']!.properties;
    for (const field of ['images', 'side_images']) {
      expect(properties[field], field).toMatchObject({ type: ['array', 'null'], maxItems: 4 });
      expect(String(properties[field]!['description'])).toMatch(/too_many_frames/);
    }
  });
});

describe('POST /api/v1/avatar with a burst over the body limit', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ config: { limits: { maxBodyBytes: 64 * 1024 } } });
  });
  afterAll(async () => h.close());

  it('answers 413 payload_too_large when the frames together pass maxBodyBytes, though each is within the image limits', async () => {
    const frame = toBase64(await makePhoto({ marker: 'face' }));
    expect(frame.length).toBeLessThan(64 * 1024);
    const response = await postJson<ErrorBody>(`${h.url}/api/v1/avatar`, {
      consent: true,
      user_id: 'burst',
      image: frame,
      images: Array.from({ length: 8 }, () => frame),
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });
});
