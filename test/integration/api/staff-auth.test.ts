import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call } from '../../fixtures/api/http.js';

type Json = Record<string, unknown> & { code?: string };
const apiKey = 'kiosk-test-key-0123456789abcdef';

function sendJson(url: string, method: string, payload: unknown, headers: Record<string, string> = {}) {
  return call<Json>(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
}

async function openSession(h: ApiHarness, pin: string): Promise<string> {
  const session = await sendJson(`${h.url}/api/v1/staff/session`, 'POST', { pin });
  expect(session.status).toBe(201);
  return session.body['token'] as string;
}

describe('staff PIN and sessions on the server', () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await startApiHarness();
  });
  afterEach(async () => h.close());

  it('has no default PIN: nothing opens a session until the PIN is set at first start', async () => {
    expect((await call<Json>(`${h.url}/api/v1/staff/pin`)).body).toEqual({ pin_set: false, failed_attempts: 0, locked_until: null });
    for (const pin of ['2468', '246800', '00000000']) {
      const session = await sendJson(`${h.url}/api/v1/staff/session`, 'POST', { pin });
      expect([400, 409]).toContain(session.status);
    }
    const notSet = await sendJson(`${h.url}/api/v1/staff/session`, 'POST', { pin: '246800' });
    expect(notSet.body.code).toBe('staff_pin_not_set');
  });

  it('stores the PIN as a scrypt hash in an owner-only file, and opens a session only with the right PIN', async () => {
    const set = await sendJson(`${h.url}/api/v1/staff/pin`, 'PUT', { pin: '73194628' });
    expect(set.status).toBe(200);
    expect(set.body['pin_set']).toBe(true);
    const path = join(h.dataDir, 'staff-pin.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const stored = readFileSync(path, 'utf8');
    expect(stored).not.toContain('73194628');
    expect(JSON.parse(stored)).toMatchObject({ pin: { algorithm: 'scrypt' } });

    const wrong = await sendJson(`${h.url}/api/v1/staff/session`, 'POST', { pin: '73194629' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('staff_pin_wrong');
    const session = await sendJson(`${h.url}/api/v1/staff/session`, 'POST', { pin: '73194628' });
    expect(session.status).toBe(201);
    expect(session.body['token']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.body['ttl_seconds']).toBe(900);
    expect(session.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a PIN that is not 6 to 8 digits', async () => {
    for (const pin of ['12345', '123456789', 'abcdef', 123456]) {
      const set = await sendJson(`${h.url}/api/v1/staff/pin`, 'PUT', { pin });
      expect(set.status, String(pin)).toBe(400);
    }
  });

  it('lets only staff change a PIN once one is set, and signs every session out when it changes', async () => {
    await sendJson(`${h.url}/api/v1/staff/pin`, 'PUT', { pin: '73194628' });
    const takeover = await sendJson(`${h.url}/api/v1/staff/pin`, 'PUT', { pin: '11112222' });
    expect(takeover.status).toBe(401);
    expect(takeover.body.code).toBe('staff_required');
    const token = await openSession(h, '73194628');
    const change = await sendJson(`${h.url}/api/v1/staff/pin`, 'PUT', { pin: '11112222' }, { 'x-staff-token': token });
    expect(change.status).toBe(200);
    const erase = await call<Json>(`${h.url}/api/v1/avatar/someone`, { method: 'DELETE', headers: { 'x-staff-token': token } });
    expect(erase.status).toBe(401);
    expect(erase.body.code).toBe('staff_session_expired');
    await openSession(h, '11112222');
  });

  it('erases a customer only with a live staff session; signing out ends it', async () => {
    await sendJson(`${h.url}/api/v1/staff/pin`, 'PUT', { pin: '73194628' });
    const anonymous = await call<Json>(`${h.url}/api/v1/avatar/someone`, { method: 'DELETE' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('staff_required');
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Staff/);
    const forged = await call<Json>(`${h.url}/api/v1/avatar/someone`, { method: 'DELETE', headers: { 'x-staff-token': 'A'.repeat(43) } });
    expect(forged.body.code).toBe('staff_session_expired');

    const token = await openSession(h, '73194628');
    const erased = await call<Json>(`${h.url}/api/v1/avatar/someone`, { method: 'DELETE', headers: { 'x-staff-token': token } });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ user_id: 'someone', avatars_deleted: 0 });

    expect((await call(`${h.url}/api/v1/staff/session`, { method: 'DELETE', headers: { 'x-staff-token': token } })).status).toBe(204);
    const after = await call<Json>(`${h.url}/api/v1/avatar/someone`, { method: 'DELETE', headers: { 'x-staff-token': token } });
    expect(after.status).toBe(401);
  });

  it('keeps reads open on loopback without a key: a customer reads their avatar with no staff session', async () => {
    expect((await call<Json>(`${h.url}/api/v1/avatar/nobody`)).body.code).toBe('avatar_not_found');
    expect((await call<Json>(`${h.url}/api/v1/avatar/nobody/history`)).body.code).toBe('avatar_not_found');
  });

  it('locks out after 5 wrong PINs, answering 429 with Retry-After even for the right PIN, and the lock outlives a restart', async () => {
    await sendJson(`${h.url}/api/v1/staff/pin`, 'PUT', { pin: '73194628' });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await sendJson(`${h.url}/api/v1/staff/session`, 'POST', { pin: '00000000' });
      expect(wrong.status, `attempt ${attempt}`).toBe(401);
    }
    const locked = await sendJson(`${h.url}/api/v1/staff/session`, 'POST', { pin: '73194628' });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('staff_locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(30);

    // A second app on the same data folder stands for a restart: the counter and the lock are on disk.
    const restarted = await startApiHarness({ config: { dataDir: h.dataDir } });
    try {
      const status = await call<Json>(`${restarted.url}/api/v1/staff/pin`);
      expect(status.body).toMatchObject({ pin_set: true, failed_attempts: 5 });
      expect(status.body['locked_until']).not.toBeNull();
      expect((await sendJson(`${restarted.url}/api/v1/staff/session`, 'POST', { pin: '73194628' })).status).toBe(429);
    } finally {
      await restarted.close();
    }
  });
});

describe('staff actions with the API key', () => {
  it('erases with the API key and no staff session; a configured key is enforced on loopback for reads too', async () => {
    const h = await startApiHarness({ config: { apiKey } });
    try {
      expect((await call<Json>(`${h.url}/api/v1/avatar/nobody`)).status).toBe(401);
      expect((await call<Json>(`${h.url}/api/v1/avatar/nobody`, { headers: { 'x-api-key': apiKey } })).status).toBe(404);
      const erased = await call<Json>(`${h.url}/api/v1/avatar/someone`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(erased.status).toBe(200);
      expect((await call<Json>(`${h.url}/api/v1/health/live`)).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
