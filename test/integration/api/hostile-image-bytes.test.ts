import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, postJson } from '../../fixtures/api/http.js';

type ErrorBody = { detail: string; code: string };

/** A 1 KB header of empty HTML comments froze the whole main process through an exponential regex. */
const commentBomb = Buffer.from('<!---->'.repeat(146) + '<x', 'latin1');

describe('image fields carrying crafted markup', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(async () => h.close());

  it.each(['/api/v1/avatar', '/api/v1/capture/check'])('%s refuses a comment bomb at once and the service stays live', async (path) => {
    const payload =
      path === '/api/v1/avatar'
        ? { user_id: 'c-1', gender: 'female', height_cm: 165, consent: true, image: commentBomb.toString('base64') }
        : { view: 'front', image: commentBomb.toString('base64') };
    const started = performance.now();
    const [answer, live] = await Promise.all([postJson<ErrorBody>(`${h.url}${path}`, payload), call(`${h.url}/api/v1/health/live`)]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('unsupported_format');
    expect(live.status).toBe(200);
  });
});
