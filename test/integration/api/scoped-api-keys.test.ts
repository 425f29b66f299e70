import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';

type ErrorBody = { detail: string; code: string };
const keys = { all: 'kiosk-full-key-0123456789abcdef', pos: 'kiosk-pos-key-0123456789abcdef', staff: 'kiosk-staff-key-0123456789abcde' };
const as = (key: string): Record<string, string> => ({ 'x-api-key': key });

/** Scoped keys: `pos` creates scans and reads results; `staff` reads history, erases and runs staff actions. */
describe('scoped API keys', () => {
  let h: ApiHarness;
  let scan: Record<string, unknown>;
  beforeAll(async () => {
    h = await startApiHarness({ config: { apiKey: keys.all, posApiKey: keys.pos, staffApiKey: keys.staff } });
    scan = { user_id: 'scoped-1', height_cm: 170, consent: true, image: toBase64(await makePhoto({ marker: 'face' })) };
  });
  afterAll(async () => h.close());

  it('lets the pos key create a scan and read its job and the avatar, but not history or erasure', async () => {
    const created = await postJson<{ job_id: string }>(`${h.url}/api/v1/avatar`, scan, as(keys.pos));
    expect(created.status).toBe(202);
    expect((await call(`${h.url}/api/v1/avatar/job/${created.body.job_id}`, { headers: as(keys.pos) })).status).toBe(200);
    expect((await call(`${h.url}/api/v1/avatar/scoped-1`, { headers: as(keys.pos) })).status).toBe(404);
    const history = await call<ErrorBody>(`${h.url}/api/v1/avatar/scoped-1/history`, { headers: as(keys.pos) });
    expect(history.status).toBe(403);
    expect(history.body.code).toBe('scope_insufficient');
    expect((await call<ErrorBody>(`${h.url}/api/v1/avatar/scoped-1`, { method: 'DELETE', headers: as(keys.pos) })).body.code).toBe(
      'scope_insufficient',
    );
  });

  it('lets the staff key read history and erase, but not create scans', async () => {
    // No avatar exists (no worker runs here): 404 means the key got past the scope check.
    expect((await call(`${h.url}/api/v1/avatar/scoped-1/history`, { headers: as(keys.staff) })).status).toBe(404);
    const refused = await postJson<ErrorBody>(`${h.url}/api/v1/avatar`, scan, as(keys.staff));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('scope_insufficient');
    expect((await call(`${h.url}/api/v1/avatar/scoped-1`, { method: 'DELETE', headers: as(keys.staff) })).status).not.toBe(403);
  });

  it('gives a scoped key nothing for a path written other than the API writes it (case, a trailing slash)', async () => {
    for (const path of ['/api/v1/sync/', '/API/v1/sync', '/metrics/', '/API/v1/staff/pin', '/api/v1/avatar/scoped-1/HISTORY']) {
      const answer = await call<ErrorBody>(`${h.url}${path}`, { headers: as(keys.pos) });
      expect([403, 404]).toContain(answer.status);
      expect(['scope_insufficient', 'route_not_found']).toContain(answer.body.code);
    }
    const created = await postJson<ErrorBody>(`${h.url}/api/v1/avatar/`, scan, as(keys.staff));
    expect([403, 404]).toContain(created.status);
  });

  it('keeps the full key for everything, and refuses a wrong key with 401', async () => {
    expect((await postJson(`${h.url}/api/v1/avatar`, scan, as(keys.all))).status).toBe(202);
    expect((await call(`${h.url}/api/v1/avatar/scoped-1/history`, { headers: as(keys.all) })).status).toBe(404);
    expect((await call(`${h.url}/api/v1/avatar/scoped-1/history`, { headers: as(`${keys.pos}x`) })).status).toBe(401);
  });
});
