import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, postJson, type JsonResponse } from '../../fixtures/api/http.js';
import { htmlBytes, makeHugeSparsePng, makePhoto, pdfBytes, svgBytes, toBase64 } from '../../fixtures/api/images.js';
import type { MarkerFaceDetector } from '../../fixtures/api/marker-face-detector.js';
import { responseSchema, validateValue } from '../../fixtures/api/schema-check.js';

type ErrorBody = { detail: string; code: string };
type Created = { job_id: string; status: string; user_id: string; created_at: string };

describe('POST /api/v1/avatar (real server, SQLite, upload folder; marker face detector)', () => {
  let h: ApiHarness;
  let facePhoto: Buffer;
  const detector = (): MarkerFaceDetector => h.faceDetector as MarkerFaceDetector;
  /** A scan request the customer consented to, unless the payload says otherwise (or is not an object). */
  const post = <T = ErrorBody>(payload: unknown, headers?: Record<string, string>): Promise<JsonResponse<T>> =>
    postJson<T>(
      `${h.url}/api/v1/avatar`,
      typeof payload === 'object' && payload !== null ? { consent: true, ...payload } : payload,
      headers,
    );
  const uploadFolders = (): string[] => (existsSync(join(h.dataDir, 'uploads')) ? readdirSync(join(h.dataDir, 'uploads')) : []);

  beforeAll(async () => {
    h = await startApiHarness();
    facePhoto = await makePhoto({ marker: 'face' });
  });
  afterAll(async () => h.close());

  it('answers 202 with the contract fields, stores the photo before the job, and queues it', async () => {
    const before = (await h.metrics.jobsCreatedTotal.get()).values[0]?.value ?? 0;
    const response = await post<Created>(
      { user_id: ' customer-1 ', image: toBase64(facePhoto), gender: 'female' },
      { 'x-request-id': 'req-create-1' },
    );
    expect(response.status).toBe(202);
    expect(Object.keys(response.body).sort()).toEqual(['created_at', 'job_id', 'status', 'user_id']);
    expect(response.body.job_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(response.body.status).toBe('pending');
    expect(response.body.user_id).toBe('customer-1');
    expect(new Date(response.body.created_at).toISOString()).toBe(response.body.created_at);
    expect(response.headers.get('location')).toBe(`/api/v1/avatar/job/${response.body.job_id}`);
    const document = (await call<Record<string, unknown>>(`${h.url}/api/v1/openapi.json`)).body;
    expect(validateValue(document, responseSchema(document, 'post', '/api/v1/avatar', 202), response.body)).toEqual([]);

    const job = h.queue.get(response.body.job_id)!;
    expect(job).toMatchObject({
      status: 'pending',
      userId: 'customer-1',
      gender: 'female',
      requestId: 'req-create-1',
      heightCm: null,
      consent: true,
    });
    expect(job.inputImagePath).toBe(join(h.dataDir, 'uploads', job.id, 'source.jpg'));
    expect(readFileSync(job.inputImagePath).equals(facePhoto)).toBe(true);
    expect(h.createdJobs).toContain(job.id);
    expect((await h.metrics.jobsCreatedTotal.get()).values[0]?.value).toBe(before + 1);
  });

  it('answers 400 consent_required without consent: true, before looking at the photo, and stores nothing', async () => {
    const folders = uploadFolders().length;
    const jobs = h.queue.counts();
    const checks = detector().calls;
    for (const consent of [undefined, false, null, 'true', 1]) {
      const payload = { user_id: 'no-consent', image: toBase64(facePhoto), ...(consent === undefined ? {} : { consent }) };
      const response = await postJson<ErrorBody>(`${h.url}/api/v1/avatar`, payload);
      expect(response.status, String(consent)).toBe(400);
      expect(response.body.code, String(consent)).toMatch(consent === 'true' || consent === 1 ? /^invalid_request$/ : /^consent_required$/);
    }
    expect(detector().calls).toBe(checks);
    expect(uploadFolders().length).toBe(folders);
    expect(h.queue.counts()).toEqual(jobs);
    expect(h.queue.list({ userId: 'no-consent' })).toHaveLength(0);
  });

  it('stores a photo without its EXIF: no GPS position, no camera', async () => {
    const located = await sharp(await makePhoto({ width: 320, height: 480 }))
      .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(located).metadata()).exif).toBeDefined();
    const photo = Buffer.concat([located, Buffer.from('PERFIT_TEST:face', 'latin1')]);
    const response = await post<Created>({ user_id: 'located', image: toBase64(photo) });
    expect(response.status).toBe(202);
    const stored = readFileSync(h.queue.get(response.body.job_id)!.inputImagePath);
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes(Buffer.from('PhoneCo'))).toBe(false);
    expect((await sharp(stored).metadata()).width).toBe(320);
  });

  it('accepts a data: URL PNG with a WebP side photo, height and consent; gender defaults to neutral', async () => {
    const png = await makePhoto({ format: 'png', marker: 'face' });
    const side = await makePhoto({ format: 'webp' });
    const response = await post<Created>({
      user_id: 'customer-2',
      image: toBase64(png, 'image/png'),
      side_image: toBase64(side, 'image/webp'),
      height_cm: 181.5,
      consent: true,
    });
    expect(response.status).toBe(202);
    const job = h.queue.get(response.body.job_id)!;
    expect(job).toMatchObject({ gender: 'neutral', heightCm: 181.5, consent: true });
    expect(job.inputImagePath.endsWith('source.png')).toBe(true);
    expect(job.sideImagePath).toBe(join(h.dataDir, 'uploads', job.id, 'side.webp'));
    expect(readFileSync(job.sideImagePath!).equals(side)).toBe(true);
  });

  it('refuses text that is not base64 before any job exists', async () => {
    const folders = uploadFolders().length;
    const response = await post({ user_id: 'c', image: 'this is *not* base64!' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_base64');
    expect(response.body.detail).toMatch(/not valid base64/);
    expect(uploadFolders().length).toBe(folders);
  });

  it('refuses an empty image, also as an empty data: URL', async () => {
    const empty = await post({ user_id: 'c', image: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toMatch(/image is empty/);
    const emptyDataUrl = await post({ user_id: 'c', image: 'data:image/jpeg;base64,' });
    expect(emptyDataUrl.status).toBe(400);
    expect(emptyDataUrl.body).toEqual({ detail: 'image is empty', code: 'image_empty' });
  });

  it('refuses a truncated JPEG whose header is intact (found by decoding)', async () => {
    const photo = await makePhoto({ width: 640, height: 640 });
    const truncated = photo.subarray(0, Math.floor(photo.length * 0.6));
    const response = await post({ user_id: 'c', image: toBase64(truncated) });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('image_corrupt');
    expect(response.body.detail).toMatch(/truncated or corrupt/);
  });

  it.each([
    ['PDF', pdfBytes],
    ['HTML', htmlBytes],
    ['SVG', svgBytes],
  ])('refuses a %s file and names its format', async (name, bytes) => {
    const response = await post({ user_id: 'c', image: toBase64(bytes()) });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ detail: `Unsupported image format: ${name}; send JPEG, PNG or WebP`, code: 'unsupported_format' });
  });

  it('refuses a GIF by its magic bytes even when the data: URL claims JPEG', async () => {
    const gif = await makePhoto({ format: 'gif', width: 64, height: 64 });
    const response = await post({ user_id: 'c', image: toBase64(gif, 'image/jpeg') });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ detail: 'Unsupported image format: GIF; send JPEG, PNG or WebP', code: 'unsupported_format' });
  });

  it('refuses a 1×1 px image with the minimum side in the message', async () => {
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const response = await post({ user_id: 'c', image: toBase64(tiny) });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('image_too_small');
    expect(response.body.detail).toBe('image is too small: 1×1 px; each side must be at least 256 px');
  });

  it('refuses a tiny 30000×30000 px PNG from its header alone, quickly, without decoding or face check', async () => {
    const huge = makeHugeSparsePng(30000, 30000);
    expect(huge.length).toBeLessThan(2048);
    const calls = detector().calls;
    const started = performance.now();
    const response = await post({ user_id: 'c', image: toBase64(huge) });
    const elapsedMs = performance.now() - started;
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('image_too_large');
    expect(response.body.detail).toBe(
      'image is too large: 30000×30000 px (900000000 pixels); the limits are 8192 px per side and 40000000 pixels in all',
    );
    // A decode would have failed as truncated (image_corrupt) or needed 900 MB; neither happened.
    expect(elapsedMs).toBeLessThan(1000);
    expect(detector().calls).toBe(calls);
  });

  it('answers the contract body for a photo without a face, and creates no job or files', async () => {
    const noFace = await makePhoto();
    const folders = uploadFolders().length;
    const counts = h.queue.counts();
    const response = await post({ user_id: 'c', image: toBase64(noFace) });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ detail: 'No face detected in image', code: 'no_face' });
    const document = (await call<Record<string, unknown>>(`${h.url}/api/v1/openapi.json`)).body;
    expect(validateValue(document, responseSchema(document, 'post', '/api/v1/avatar', 400), response.body)).toEqual([]);
    expect(uploadFolders().length).toBe(folders);
    expect(h.queue.counts()).toEqual(counts);
  });

  it('refuses an unknown gender naming the allowed values', async () => {
    const response = await post({ user_id: 'c', image: toBase64(facePhoto), gender: 'robot' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_request');
    expect(response.body.detail).toContain('gender must be one of: male, female, neutral');
  });

  it('refuses a missing user_id and a 10 kB user_id naming the limit', async () => {
    const missing = await post({ image: toBase64(facePhoto) });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('user_id is required');
    const long = await post({ user_id: 'u'.repeat(10_000), image: toBase64(facePhoto) });
    expect(long.status).toBe(400);
    expect(long.body.detail).toContain('user_id is too long: 10000 characters; the limit is 128');
    const control = await post({ user_id: 'abc\u0000def', image: toBase64(facePhoto) });
    expect(control.status).toBe(400);
    expect(control.body.detail).toContain('printable');
  });

  it('refuses a height outside 50..250 cm and a side photo in an unsupported format', async () => {
    const height = await post({ user_id: 'c', image: toBase64(facePhoto), height_cm: 300 });
    expect(height.status).toBe(400);
    expect(height.body.detail).toContain('height_cm must be between 50 and 250');
    const side = await post({
      user_id: 'c',
      image: toBase64(facePhoto),
      side_image: toBase64(await makePhoto({ format: 'gif', width: 64, height: 64 })),
    });
    expect(side.status).toBe(400);
    expect(side.body).toEqual({ detail: 'Unsupported side_image format: GIF; send JPEG, PNG or WebP', code: 'unsupported_format' });
  });

  it('answers 400 invalid_json for malformed JSON and for a JSON array, 415 for a form post', async () => {
    const malformed = await post('{"user_id": "c", "image": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('invalid_json');
    const array = await post('[1,2]');
    expect(array.status).toBe(400);
    expect(array.body).toEqual({ detail: 'Request body must be a JSON object', code: 'invalid_json' });
    const form = await call<ErrorBody>(`${h.url}/api/v1/avatar`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user_id=c',
    });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('unsupported_media_type');
  });

  it('answers 503 with Retry-After when the face detector fails, and keeps no files', async () => {
    const folders = uploadFolders().length;
    const response = await post({ user_id: 'c', image: toBase64(await makePhoto({ marker: 'facecrash' })) });
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('face_check_unavailable');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(uploadFolders().length).toBe(folders);
  });

  it('answers 405 with Allow for a wrong method and 404 route_not_found for an unknown path', async () => {
    const wrongMethod = await call<ErrorBody>(`${h.url}/api/v1/avatar`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unknown = await call<ErrorBody>(`${h.url}/api/v2/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('route_not_found');
  });
});

describe('POST /api/v1/avatar limits from the configuration', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ config: { limits: { maxBodyBytes: 256 * 1024, maxImageBytes: 20_000, minImageBytes: 2_000 } } });
  });
  afterAll(async () => h.close());

  it('answers 413 payload_too_large for a body over maxBodyBytes, naming the limit', async () => {
    const response = await postJson<ErrorBody>(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'c', image: 'A'.repeat(300 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ detail: 'Request body is too large; the limit is 262144 bytes (256 KiB)', code: 'payload_too_large' });
  });

  it('answers 413 for a chunked body (no Content-Length) that grows over the limit', async () => {
    const chunk = new TextEncoder().encode('A'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"user_id":"c","image":"'));
        if (sent < 24) controller.enqueue(chunk);
        else controller.close();
        sent += 1;
      },
    });
    const response = await call<ErrorBody>(`${h.url}/api/v1/avatar`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('refuses images over maxImageBytes and under minImageBytes with the limit in the message', async () => {
    const big = await makePhoto({ width: 400, height: 400, marker: 'face' });
    expect(big.length).toBeGreaterThan(20_000);
    expect(big.length * 1.4).toBeLessThan(256 * 1024);
    const tooBig = await postJson<ErrorBody>(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'c', image: toBase64(big) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe('image_too_large');
    expect(tooBig.body.detail).toBe(`image is too large: ${big.length} bytes; the maximum is 20000 bytes (19.5 KiB)`);

    const flat = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#777777' } })
      .jpeg()
      .toBuffer();
    expect(flat.length).toBeLessThan(2_000);
    const tooSmall = await postJson<ErrorBody>(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'c', image: toBase64(flat) });
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.body).toEqual({
      detail: `image is too small: ${flat.length} bytes; the minimum is 2000 bytes (2 KiB)`,
      code: 'image_too_small',
    });
  });
});

describe('POST /api/v1/avatar when the queue is full', () => {
  it('answers 429 with Retry-After once maxPending jobs wait', async () => {
    const h = await startApiHarness({ config: { queue: { maxPending: 2, retryAfterSeconds: 7 } } });
    try {
      const image = toBase64(await makePhoto({ marker: 'face' }));
      for (let i = 0; i < 2; i += 1)
        expect((await postJson(`${h.url}/api/v1/avatar`, { consent: true, user_id: `c${i}`, image })).status).toBe(202);
      const full = await postJson<ErrorBody>(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'c3', image });
      expect(full.status).toBe(429);
      expect(full.body.code).toBe('queue_full');
      expect(full.body.detail).toMatch(/queue is full/);
      expect(full.headers.get('retry-after')).toBe('7');
      expect(h.queue.counts().pending).toBe(2);
    } finally {
      await h.close();
    }
  });

  it('removes the stored photos when enqueue itself refuses the job (queue filled meanwhile)', async () => {
    // The early check sees room (as it would just before another request fills the queue); enqueue refuses.
    const h = await startApiHarness({
      config: { queue: { maxPending: 1, retryAfterSeconds: 3 } },
      wrapQueue: (queue) => ({
        enqueue: (input) => queue.enqueue(input),
        get: (id) => queue.get(id),
        counts: () => queue.counts(),
        pendingCount: () => 0,
      }),
    });
    try {
      const image = toBase64(await makePhoto({ marker: 'face' }));
      expect((await postJson(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'first', image })).status).toBe(202);
      const full = await postJson<ErrorBody>(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'second', image });
      expect(full.status).toBe(429);
      expect(full.headers.get('retry-after')).toBe('3');
      expect(readdirSync(join(h.dataDir, 'uploads'))).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe('POST /api/v1/avatar with requireFace off', () => {
  it('does not run the face check', async () => {
    const h = await startApiHarness({ config: { requireFace: false } });
    try {
      const response = await postJson(`${h.url}/api/v1/avatar`, { consent: true, user_id: 'c', image: toBase64(await makePhoto()) });
      expect(response.status).toBe(202);
      expect((h.faceDetector as MarkerFaceDetector).calls).toBe(0);
    } finally {
      await h.close();
    }
  });
});
