import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { insertAvatar, makeScan } from '../../fixtures/api/avatar-factory.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';
import { responseSchema, validateValue } from '../../fixtures/api/schema-check.js';

type ErrorBody = { detail: string; code: string };
type Json = Record<string, unknown>;

describe('GET job, avatar, history and files (real server and SQLite)', () => {
  let h: ApiHarness;
  let document: Json;
  const owner = 'test-worker';

  async function createJob(userId: string): Promise<string> {
    const response = await postJson<{ job_id: string }>(`${h.url}/api/v1/avatar`, {
      consent: true,
      user_id: userId,
      image: toBase64(await makePhoto({ marker: 'face' })),
    });
    expect(response.status).toBe(202);
    return response.body.job_id;
  }

  /** Leases jobs until `id` is the one leased; older jobs of earlier tests are failed out of the way. */
  function leaseJob(id: string): void {
    for (;;) {
      const job = h.queue.lease(owner);
      if (!job) throw new Error(`job ${id} was not pending`);
      if (job.id === id) return;
      h.queue.fail(job.id, owner, { code: 'pipeline_failed', message: 'not this test', retry: false });
    }
  }

  function expectDocumented(method: string, path: string, status: number, body: unknown): void {
    expect(validateValue(document, responseSchema(document, method, path, status), body)).toEqual([]);
  }

  beforeAll(async () => {
    h = await startApiHarness();
    document = (await call<Json>(`${h.url}/api/v1/openapi.json`)).body;
  });
  afterAll(async () => h.close());

  it('answers a pending job with every ExtractionJob field in snake_case and our additions', async () => {
    const id = await createJob('reader-1');
    const response = await call<Json>(`${h.url}/api/v1/avatar/job/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const contract = [
      'id',
      'user_id',
      'status',
      'gender',
      'input_image_path',
      'avatar_id',
      'error_message',
      'rq_job_id',
      'created_at',
      'started_at',
      'completed_at',
    ];
    for (const field of contract) expect(response.body).toHaveProperty(field);
    expect(response.body).toMatchObject({
      id,
      user_id: 'reader-1',
      status: 'pending',
      gender: 'neutral',
      avatar_id: null,
      error_message: null,
      started_at: null,
      completed_at: null,
      progress: { stage: null, percent: 0 },
      stage_timings: [],
      attempts: 0,
      error_code: null,
      avatar: null,
    });
    expect(response.body['rq_job_id']).toBe(h.queue.get(id)!.rqJobId);
    expectDocumented('get', '/api/v1/avatar/job/{job_id}', 200, response.body);
  });

  it('serves avatars stored before consent was required with their recorded value', async () => {
    const before = insertAvatar(h, { userId: 'early-customer', consent: null });
    const declined = insertAvatar(h, { userId: 'early-declined', consent: false });
    expect((await call<Json>(`${h.url}/api/v1/avatar/early-customer`)).body).toMatchObject({ id: before.id, consent: null });
    expect((await call<Json>(`${h.url}/api/v1/avatar/early-declined`)).body).toMatchObject({ id: declined.id, consent: false });
  });

  it('presents how an avatar was captured in snake_case, shoes as the request takes them, and null for one stored before', async () => {
    const captured = insertAvatar(h, {
      userId: 'captured-customer',
      capture: {
        frames: { front: 4, side: 0 },
        heightSource: 'camera',
        typedHeightCm: null,
        cameraHeightCm: 171.4,
        clothing: 'tight',
        clothingSource: 'photo',
        shoes: { soleCm: 2.5 },
      },
    });
    const answer = await call<Json>(`${h.url}/api/v1/avatar/captured-customer`);
    expect(answer.body).toMatchObject({ id: captured.id });
    expect(answer.body['capture']).toEqual({
      views: ['front'],
      frames: { front: 4, side: 0 },
      height_source: 'camera',
      typed_height_cm: null,
      camera_height_cm: 171.4,
      clothing: 'tight',
      clothing_source: 'photo',
      shoes: 2.5,
    });
    expectDocumented('get', '/api/v1/avatar/{user_id}', 200, answer.body);

    const old = insertAvatar(h, { userId: 'uncaptured-customer' });
    const oldAnswer = await call<Json>(`${h.url}/api/v1/avatar/uncaptured-customer/history`);
    expect(oldAnswer.body['avatars']).toEqual([expect.objectContaining({ id: old.id, capture: null })]);
    expectDocumented('get', '/api/v1/avatar/{user_id}/history', 200, oldAnswer.body);
  });

  it('shows progress and stage timings while processing, then embeds the avatar when completed', async () => {
    const id = await createJob('reader-2');
    leaseJob(id);
    h.queue.reportProgress(id, owner, 'reconstruct', 40, { stage: 'detect', durationMs: 123 });
    const processing = await call<Json>(`${h.url}/api/v1/avatar/job/${id}`);
    expect(processing.body).toMatchObject({
      status: 'processing',
      progress: { stage: 'reconstruct', percent: 40 },
      stage_timings: [{ stage: 'detect', duration_ms: 123 }],
      attempts: 1,
    });
    expect(typeof processing.body['started_at']).toBe('string');

    const scan = makeScan(h, { userId: 'reader-2', jobId: id, heightCm: 180 });
    h.queue.complete(id, owner, scan);
    const avatar = scan.avatar;
    const completed = await call<Json>(`${h.url}/api/v1/avatar/job/${id}`);
    expect(completed.body).toMatchObject({ status: 'completed', avatar_id: avatar.id });
    const embedded = completed.body['avatar'] as Json;
    expect(embedded['id']).toBe(avatar.id);
    expect(embedded['height_cm']).toBe(180);
    expectDocumented('get', '/api/v1/avatar/job/{job_id}', 200, completed.body);
  });

  it('answers a failed job with its message and code', async () => {
    const id = await createJob('reader-3');
    leaseJob(id);
    h.queue.fail(id, owner, { code: 'no_person', message: 'No person detected in the photo', retry: false });
    const failed = await call<Json>(`${h.url}/api/v1/avatar/job/${id}`);
    expect(failed.body).toMatchObject({
      status: 'failed',
      error_message: 'No person detected in the photo',
      error_code: 'no_person',
      avatar: null,
    });
    expect(typeof failed.body['completed_at']).toBe('string');
  });

  it('answers 404 job_not_found for an unknown UUID and 400 invalid_id for a malformed one; accepts uppercase', async () => {
    const unknown = await call<ErrorBody>(`${h.url}/api/v1/avatar/job/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('job_not_found');
    expectDocumented('get', '/api/v1/avatar/job/{job_id}', 404, unknown.body);
    const malformed = await call<ErrorBody>(`${h.url}/api/v1/avatar/job/not-a-uuid`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('invalid_id');
    expect(malformed.body.detail).toContain('job_id must be a UUID');
    const id = await createJob('reader-4');
    const upper = await call<Json>(`${h.url}/api/v1/avatar/job/${id.toUpperCase()}`);
    expect(upper.status).toBe(200);
    expect(upper.body['id']).toBe(id);
  });

  it('answers the latest avatar with every contract field, measurements, provenance and absolute local file URLs', async () => {
    insertAvatar(h, { userId: 'shopper', heightCm: 160, createdAt: '2025-01-01T10:00:00.000Z' });
    const latest = insertAvatar(h, { userId: 'shopper', heightCm: 170, createdAt: '2025-02-01T10:00:00.000Z' });
    const response = await call<Json>(`${h.url}/api/v1/avatar/shopper`);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body['id']).toBe(latest.id);
    const contract = [
      'id',
      'user_id',
      'gender',
      'smplx_betas',
      'smplx_body_pose',
      'smplx_global_orient',
      'height_cm',
      'chest_circumference_cm',
      'waist_circumference_cm',
      'hip_circumference_cm',
      'inseam_cm',
      'shoulder_width_cm',
      'arm_length_cm',
      'thigh_circumference_cm',
      'neck_circumference_cm',
      'smplx_params_url',
      'mesh_url',
      'source_image_url',
      'created_at',
    ];
    for (const field of contract) expect(body).toHaveProperty(field);
    expect(body['smplx_betas']).toHaveLength(10);
    expect(body['smplx_body_pose']).toHaveLength(69);
    expect(body['smplx_global_orient']).toHaveLength(3);
    expect(body['height_cm']).toBe(170);
    expect(body['chest_circumference_cm']).toBeCloseTo(170 * 0.55, 6);
    expect(body['neck_circumference_cm']).toBeCloseTo(170 * 0.22, 6);
    expect(body['measurements']).toContainEqual({ name: 'bicep', value_cm: 30, sd_cm: null, method: 'factory' });
    expect(body['provenance']).toMatchObject({
      pipeline: 'factory',
      pipeline_version: '1.2.3',
      body_model: { name: 'perfit-body', version: '0.1' },
      execution_provider: 'cpu',
    });
    expect(body['sync_state']).toBe('pending');
    const base = `${h.url}/api/v1/avatars/${latest.id}/files`;
    expect(body['mesh_url']).toBe(`${base}/mesh.obj`);
    expect(body['mesh_glb_url']).toBe(`${base}/mesh.glb`);
    expect(body['smplx_params_url']).toBe(`${base}/smplx_params.npz`);
    expect(body['source_image_url']).toBe(`${base}/source.jpg`);
    expectDocumented('get', '/api/v1/avatar/{user_id}', 200, body);
  });

  it('answers 404 avatar_not_found for a customer without avatars, on latest and on history', async () => {
    const latest = await call<ErrorBody>(`${h.url}/api/v1/avatar/nobody`);
    expect(latest.status).toBe(404);
    expect(latest.body.code).toBe('avatar_not_found');
    const history = await call<ErrorBody>(`${h.url}/api/v1/avatar/nobody/history`);
    expect(history.status).toBe(404);
    expect(history.body.code).toBe('avatar_not_found');
  });

  it('answers the history newest first', async () => {
    const older = insertAvatar(h, { userId: 'regular', createdAt: '2024-05-01T00:00:00.000Z' });
    const newest = insertAvatar(h, { userId: 'regular', createdAt: '2024-07-01T00:00:00.000Z' });
    const middle = insertAvatar(h, { userId: 'regular', createdAt: '2024-06-01T00:00:00.000Z' });
    const response = await call<{ user_id: string; count: number; avatars: Array<{ id: string }> }>(
      `${h.url}/api/v1/avatar/regular/history`,
    );
    expect(response.status).toBe(200);
    expect(response.body.user_id).toBe('regular');
    expect(response.body.count).toBe(3);
    expect(response.body.avatars.map((a) => a.id)).toEqual([newest.id, middle.id, older.id]);
    expectDocumented('get', '/api/v1/avatar/{user_id}/history', 200, response.body);
  });

  it('pages a long history with limit and before, newest first, until next_before is null', async () => {
    const ids = Array.from(
      { length: 5 },
      (_, day) => insertAvatar(h, { userId: 'walk-in', createdAt: `2024-08-0${day + 1}T00:00:00.000Z` }).id,
    );
    type Page = { count: number; total: number; avatars: Array<{ id: string }>; next_before: string | null };
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const query: string = before === null ? '?limit=2' : `?limit=2&before=${before}`;
      const page: { status: number; body: Page } = await call<Page>(`${h.url}/api/v1/avatar/walk-in/history${query}`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(5);
      expect(page.body.count).toBe(page.body.avatars.length);
      expectDocumented('get', '/api/v1/avatar/{user_id}/history', 200, page.body);
      seen.push(...page.body.avatars.map((avatar) => avatar.id));
      before = page.body.next_before;
      pages += 1;
    } while (before !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    // Without a limit the whole history fits one answer.
    const whole = await call<Page>(`${h.url}/api/v1/avatar/walk-in/history`);
    expect(whole.body).toMatchObject({ count: 5, total: 5, next_before: null });
  });

  it("refuses a bad limit, and a before that is not one of the customer's avatars, with stable codes", async () => {
    insertAvatar(h, { userId: 'pager' });
    const other = insertAvatar(h, { userId: 'someone-else' });
    for (const limit of ['0', '201', '2.5', 'many']) {
      const answer = await call<ErrorBody>(`${h.url}/api/v1/avatar/pager/history?limit=${limit}`);
      expect(answer.status, limit).toBe(400);
      expect(answer.body.code).toBe('invalid_request');
      expect(answer.body.detail).toContain('limit');
    }
    const malformed = await call<ErrorBody>(`${h.url}/api/v1/avatar/pager/history?before=last`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('invalid_request');
    const foreign = await call<ErrorBody>(`${h.url}/api/v1/avatar/pager/history?before=${other.id}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('invalid_cursor');
    const unknown = await call<ErrorBody>(`${h.url}/api/v1/avatar/nobody/history?before=${other.id}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('avatar_not_found');
  });

  it('finds user ids with spaces, slashes and unicode when URL-encoded, and the history of a customer called "job"', async () => {
    const odd = insertAvatar(h, { userId: 'Zoë / 42' });
    const response = await call<Json>(`${h.url}/api/v1/avatar/${encodeURIComponent('Zoë / 42')}`);
    expect(response.status).toBe(200);
    expect(response.body['id']).toBe(odd.id);
    const jobUser = insertAvatar(h, { userId: 'job' });
    const history = await call<{ avatars: Array<{ id: string }> }>(`${h.url}/api/v1/avatar/job/history`);
    expect(history.status).toBe(200);
    expect(history.body.avatars[0]!.id).toBe(jobUser.id);
    const tooLong = await call<ErrorBody>(`${h.url}/api/v1/avatar/${'x'.repeat(200)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.detail).toContain('the limit is 128');
  });

  it('streams an avatar file with its content type and ETag, and 404s unknown or vanished files', async () => {
    const jpeg = await makePhoto({ width: 32, height: 32 });
    const avatar = insertAvatar(h, { userId: 'files', sourceJpeg: jpeg });
    const body = (await call<Json>(`${h.url}/api/v1/avatar/files`)).body;
    const source = await fetch(body['source_image_url'] as string);
    expect(source.status).toBe(200);
    expect(source.headers.get('content-type')).toBe('image/jpeg');
    // A customer's photo and body are never kept by a browser or proxy cache.
    expect(source.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await source.arrayBuffer()).equals(jpeg)).toBe(true);
    const etag = source.headers.get('etag')!;
    const cached = await fetch(body['source_image_url'] as string, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    const glb = await fetch(body['mesh_glb_url'] as string);
    expect(glb.headers.get('content-type')).toBe('model/gltf-binary');
    expect(await glb.text()).toBe('glTF-test-bytes');

    const missingName = await call<ErrorBody>(`${h.url}/api/v1/avatars/${avatar.id}/files/nothing.bin`);
    expect(missingName.status).toBe(404);
    expect(missingName.body.code).toBe('file_not_found');
    const badId = await call<ErrorBody>(`${h.url}/api/v1/avatars/xyz/files/mesh.obj`);
    expect(badId.status).toBe(400);
    const traversal = await call<ErrorBody>(`${h.url}/api/v1/avatars/${avatar.id}/files/..%2F..%2Fperfit.sqlite`);
    expect(traversal.status).toBe(400);
    rmSync(h.artifacts.folderOf(avatar.id), { recursive: true });
    const vanished = await call<ErrorBody>(`${h.url}/api/v1/avatars/${avatar.id}/files/mesh.obj`);
    expect(vanished.status).toBe(404);
  });

  it('builds file URLs from the origin the client used (localhost)', async () => {
    insertAvatar(h, { userId: 'origin-check' });
    const response = await call<Json>(`http://localhost:${h.port}/api/v1/avatar/origin-check`);
    expect(response.status).toBe(200);
    expect(response.body['mesh_url']).toMatch(new RegExp(`^http://localhost:${h.port}/api/v1/avatars/`));
  });
});
