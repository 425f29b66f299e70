import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceHost } from '../../../src/main/inference/inference-host.js';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { startTestInferenceHost } from '../../fixtures/api/test-inference-host.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';

type Json = Record<string, unknown>;

/**
 * The whole flow of pipeline.md through the API: POST → the real inference host (worker thread,
 * the test pipeline from test/fixtures) leases the job → poll GET job → completed with the avatar
 * → GET avatar → fetch its mesh from the URL in the answer.
 */
describe('a scan from POST to avatar with the real inference host', () => {
  let h: ApiHarness;
  let host: InferenceHost;

  beforeAll(async () => {
    h = await startApiHarness();
    host = await startTestInferenceHost(h);
  }, 60_000);
  afterAll(async () => {
    await host?.stop(1_000);
    await h?.close();
  });

  it('completes the job and serves the avatar and its files', async () => {
    const created = await postJson<{ job_id: string }>(`${h.url}/api/v1/avatar`, {
      user_id: 'flow-customer',
      consent: true,
      image: toBase64(await makePhoto({ marker: 'face' })),
      gender: 'male',
      height_cm: 182,
    });
    expect(created.status).toBe(202);
    const jobUrl = `${h.url}/api/v1/avatar/job/${created.body.job_id}`;
    let body: Json = {};
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      body = (await call<Json>(jobUrl)).body;
      if (body['status'] === 'completed' || body['status'] === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(body['status']).toBe('completed');
    expect(body['progress']).toMatchObject({ percent: 100 });
    const avatar = body['avatar'] as Json;
    expect(avatar['user_id']).toBe('flow-customer');
    expect(avatar['gender']).toBe('male');
    expect(avatar['height_cm']).toBeCloseTo(182, 6);
    expect(avatar['chest_circumference_cm']).toBeCloseTo(182 * 0.55, 6);

    const latest = await call<Json>(`${h.url}/api/v1/avatar/flow-customer`);
    expect(latest.body['id']).toBe(avatar['id']);
    const mesh = await fetch(latest.body['mesh_url'] as string);
    expect(mesh.status).toBe(200);
    expect(await mesh.text()).toBe('# test double\n');
  });
});
