import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceHost } from '../../../src/main/inference/inference-host.js';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { startTestInferenceHost } from '../../fixtures/api/test-inference-host.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';

type Json = Record<string, unknown>;

/**
 * The clothing class, the footwear and the typed height's range through POST /api/v1/avatar: stored
 * with the job, answered in GET job, handed to the pipeline in the worker thread (the test pipeline
 * writes what it received into its notes); a height the body model does not cover refused, and a
 * body far outside the survey flagged in the avatar.
 */
describe('clothing, shoes and the supported height range at the API', () => {
  let h: ApiHarness;
  let host: InferenceHost;
  let photo: string;

  beforeAll(async () => {
    h = await startApiHarness();
    photo = toBase64(await makePhoto({ marker: 'face' }));
    host = await startTestInferenceHost(h);
  }, 60_000);
  afterAll(async () => {
    await host?.stop(1_000);
    await h?.close();
  });

  const scan = (fields: Json) =>
    postJson<Json>(`${h.url}/api/v1/avatar`, {
      user_id: 'conditions',
      consent: true,
      image: photo,
      gender: 'female',
      height_cm: 168,
      ...fields,
    });

  async function finished(jobId: string): Promise<Json> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { body } = await call<Json>(`${h.url}/api/v1/avatar/job/${jobId}`);
      if (body['status'] === 'completed' || body['status'] === 'failed' || Date.now() > deadline) return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('stores the clothing class and a sole height, answers them in the job and hands them to the pipeline', async () => {
    const created = await scan({ clothing: 'loose', shoes: 3.5 });
    expect(created.status).toBe(202);
    const job = await finished(String(created.body['job_id']));
    expect(job['status']).toBe('completed');
    expect(job['clothing']).toBe('loose');
    expect(job['shoes']).toBe(3.5);
    const notes = (job['avatar'] as { provenance: { notes: string[] } }).provenance.notes;
    expect(notes).toContain('clothing: loose; shoes: {"soleCm":3.5}');
  }, 30_000);

  it('takes a shoe kind, and leaves clothing and shoes unsaid (null) when not given', async () => {
    const heels = await finished(String((await scan({ clothing: 'tight', shoes: 'heels' })).body['job_id']));
    expect([heels['clothing'], heels['shoes']]).toEqual(['tight', 'heels']);
    expect((heels['avatar'] as { provenance: { notes: string[] } }).provenance.notes).toContain('clothing: tight; shoes: "heels"');
    const plain = await finished(String((await scan({})).body['job_id']));
    expect([plain['clothing'], plain['shoes']]).toEqual([null, null]);
    expect((plain['avatar'] as { provenance: { notes: string[] } }).provenance.notes).toContain('clothing: null; shoes: null');
    const dress = await finished(String((await scan({ clothing: 'dress', shoes: 'flat' })).body['job_id']));
    expect([dress['clothing'], dress['shoes']]).toEqual(['dress', 'flat']);
    expect((dress['avatar'] as { provenance: { notes: string[] } }).provenance.notes).toContain('clothing: dress; shoes: "flat"');
  }, 30_000);

  it('answers in the avatar how it was captured: views and frames read, where the height came from, clothing and shoes', async () => {
    const sideCreated = await scan({ clothing: 'loose', shoes: 3.5, side_image: photo });
    expect(sideCreated.status).toBe(202);
    const side = await finished(String(sideCreated.body['job_id']));
    expect((side['avatar'] as Json)['capture']).toEqual({
      views: ['front', 'side'],
      frames: { front: 1, side: 1 },
      height_source: 'typed',
      typed_height_cm: 168,
      camera_height_cm: null,
      clothing: 'loose',
      clothing_source: 'staff',
      shoes: 3.5,
    });
    const untyped = await finished(String((await scan({ height_cm: null, shoes: 'flat' })).body['job_id']));
    expect((untyped['avatar'] as Json)['capture']).toEqual({
      views: ['front'],
      frames: { front: 1, side: 0 },
      height_source: 'survey_mean',
      typed_height_cm: null,
      camera_height_cm: null,
      // Not given, and the test pipeline does not judge it: regular, assumed.
      clothing: 'regular',
      clothing_source: 'assumed',
      shoes: 'flat',
    });
    const latest = await call<Json>(`${h.url}/api/v1/avatar/conditions`);
    expect(latest.body['capture']).toEqual((untyped['avatar'] as Json)['capture']);
  }, 30_000);

  it.each([
    [{ clothing: 'baggy' }, 'clothing must be one of: tight, regular, loose, dress'],
    [{ shoes: 'boots' }, 'shoes must be one of none, flat, heels'],
    [{ shoes: 16 }, 'a shoe sole is 0 to 15 cm'],
    [{ shoes: -1 }, 'a shoe sole is 0 to 15 cm'],
  ])('refuses %j with 400 invalid_request', async (fields, message) => {
    const before = h.queue.counts();
    const answer = await scan(fields);
    expect(answer.status).toBe(400);
    expect(answer.body['code']).toBe('invalid_request');
    expect(String(answer.body['detail'])).toContain(message);
    expect(h.queue.counts()).toEqual(before);
  });

  it.each([120, 144.9, 205.1, 230])('refuses a typed height of %d cm with 422 height_out_of_range and stores nothing', async (heightCm) => {
    const before = h.queue.counts();
    const answer = await scan({ height_cm: heightCm });
    expect(answer.status).toBe(422);
    expect(answer.body['code']).toBe('height_out_of_range');
    expect(String(answer.body['detail'])).toContain('145 to 205 cm');
    expect(h.queue.counts()).toEqual(before);
  });

  it('flags a body far outside the survey in the avatar, and flags nothing on an ordinary one', async () => {
    const wide = toBase64(await makePhoto({ marker: 'face PERFIT_TEST:girths=200' }));
    const flagged = await finished(String((await scan({ image: wide })).body['job_id']));
    const warnings = (flagged['avatar'] as { warnings: { code: string; message: string }[] }).warnings;
    expect(warnings.map((warning) => warning.code)).toEqual(['shape_out_of_range']);
    expect(warnings[0]!.message).toContain('check them with a tape');
    const ordinary = await finished(String((await scan({})).body['job_id']));
    expect((ordinary['avatar'] as { warnings: unknown[] }).warnings).toEqual([]);
    // Stored, not recomputed: the customer's latest avatar answers the same flags.
    const latest = await call<{ warnings: unknown[] }>(`${h.url}/api/v1/avatar/conditions`);
    expect(latest.body.warnings).toEqual([]);
  }, 30_000);

  it.each([145, 205])('accepts a typed height of %d cm, the edge of the covered range', async (heightCm) => {
    expect((await scan({ height_cm: heightCm })).status).toBe(202);
  });
});
