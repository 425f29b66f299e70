import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, rawRequest } from '../../fixtures/api/http.js';
import { buildOpenApiDocument } from '../../../src/main/api/openapi/document.js';

type ErrorBody = { detail: string; code: string };
const apiKey = 'kiosk-test-key-0123456789abcdef';

describe('API key when the service listens on a non-loopback address', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    // The config says 0.0.0.0 (all interfaces); the test server itself still binds 127.0.0.1.
    h = await startApiHarness({ config: { host: '0.0.0.0', apiKey } });
  });
  afterAll(async () => h.close());

  it('answers 401 unauthorized without a key or with a wrong one', async () => {
    const none = await call<ErrorBody>(`${h.url}/api/v1/health`);
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthorized');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await call<ErrorBody>(`${h.url}/api/v1/health`, { headers: { authorization: 'Bearer not-the-key' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ detail: 'The API key is not valid', code: 'unauthorized' });
    const prefix = await call<ErrorBody>(`${h.url}/api/v1/avatar/job/${crypto.randomUUID()}`, {
      headers: { 'x-api-key': apiKey.slice(0, -1) },
    });
    expect(prefix.status).toBe(401);
    const post = await call<ErrorBody>(`${h.url}/api/v1/avatar`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(401);
  });

  it('accepts the key as a bearer token or as X-API-Key', async () => {
    expect((await call(`${h.url}/api/v1/health`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(200);
    expect((await call(`${h.url}/api/v1/health`, { headers: { 'x-api-key': apiKey } })).status).toBe(200);
    expect((await call(`${h.url}/metrics`, { headers: { 'x-api-key': apiKey } })).status).toBe(200);
  });

  it('keeps liveness open and protects docs and metrics', async () => {
    expect((await call(`${h.url}/api/v1/health/live`)).status).toBe(200);
    expect((await call(`${h.url}/api/v1/openapi.json`)).status).toBe(401);
    expect((await call(`${h.url}/metrics`)).status).toBe(401);
  });
});

describe('no API key on loopback', () => {
  it('answers without a key when the configured host is 127.0.0.1', async () => {
    const h = await startApiHarness();
    try {
      expect((await call(`${h.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('Host header check (DNS rebinding protection), request ids, CORS and errors', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ allowedHosts: ['kiosk.shop.local'], config: { corsOrigins: ['http://pos.example:3000'] } });
  });
  afterAll(async () => h.close());

  it('answers for 127.0.0.1, localhost and configured names on our port', async () => {
    for (const host of [`127.0.0.1:${h.port}`, `localhost:${h.port}`, `LOCALHOST:${h.port}`, `kiosk.shop.local:${h.port}`]) {
      const response = await rawRequest(h.port, { path: '/api/v1/health/live', headers: { host } });
      expect(response.status, host).toBe(200);
    }
  });

  it('answers 421 host_not_allowed for another name or another port, 400 without Host', async () => {
    const rebinding = await rawRequest(h.port, { path: '/api/v1/health/live', headers: { host: `evil.example:${h.port}` } });
    expect(rebinding.status).toBe(421);
    expect(JSON.parse(rebinding.text)).toMatchObject({ code: 'host_not_allowed' });
    const otherPort = await rawRequest(h.port, { path: '/api/v1/health/live', headers: { host: `127.0.0.1:${h.port + 1}` } });
    expect(otherPort.status).toBe(421);
    const noPort = await rawRequest(h.port, { path: '/api/v1/health/live', headers: { host: '127.0.0.1' } });
    expect(noPort.status).toBe(421);
    const missing = await rawRequest(h.port, { path: '/api/v1/health/live', headers: {} });
    // Node's HTTP server refuses an HTTP/1.1 request without Host itself (requireHostHeader).
    expect(missing.status).toBe(400);
  });

  it('echoes a sane X-Request-Id and puts it on every log line of the request', async () => {
    const response = await call(`${h.url}/api/v1/avatar/job/${crypto.randomUUID()}`, { headers: { 'x-request-id': 'pos-7f3a.42' } });
    expect(response.headers.get('x-request-id')).toBe('pos-7f3a.42');
    const lines = h.logLines.filter((line) => line['request_id'] === 'pos-7f3a.42');
    const access = lines.find((line) => line['msg'] === 'request');
    expect(access).toMatchObject({ method: 'GET', status: 404, route: '/api/v1/avatar/job/:job_id' });
    expect(typeof access!['duration_ms']).toBe('number');
  });

  it("writes no customer number in the access line of a customer's path: the segment is named, the id pseudonymised", async () => {
    await call(`${h.url}/api/v1/avatar/secret-customer-77/history`, { headers: { 'x-request-id': 'privacy-1' } });
    const access = h.logLines.find((line) => line['request_id'] === 'privacy-1' && line['msg'] === 'request');
    expect(access).toMatchObject({ path: '/api/v1/avatar/{user_id}/history', route: '/api/v1/avatar/:user_id/history' });
    expect(access!['user_id']).toMatch(/^c-[0-9a-f]{16}$/);
    expect(JSON.stringify(access)).not.toContain('secret-customer-77');
  });

  it('writes no customer number in the access line of a request refused before routing or routed nowhere', async () => {
    const keyed = await startApiHarness({ config: { apiKey } });
    try {
      await call(`${keyed.url}/api/v1/avatar/secret-customer-78`, { headers: { 'x-request-id': 'privacy-2' } });
      await call(`${keyed.url}/api/v1/avatar/secret-customer-78/files`, { headers: { 'x-request-id': 'privacy-3', 'x-api-key': apiKey } });
      for (const [requestId, status, path] of [
        ['privacy-2', 401, '/api/v1/avatar/{…}'],
        ['privacy-3', 404, '/api/v1/avatar/{…}/files'],
      ] as const) {
        const access = keyed.logLines.find((line) => line['request_id'] === requestId && line['msg'] === 'request');
        expect(access).toMatchObject({ status, path, route: 'unmatched' });
        expect(JSON.stringify(access)).not.toContain('secret-customer-78');
      }
    } finally {
      await keyed.close();
    }
  });

  it('writes no customer number in the debug line of a refusal whose detail names the customer or quotes the path', async () => {
    const keyed = await startApiHarness({ config: { apiKey, posApiKey: 'pos-key-for-the-refusal-line-test' } });
    try {
      const pos = { 'x-api-key': 'pos-key-for-the-refusal-line-test' };
      await call(`${keyed.url}/api/v1/avatar/secret-customer-79`, { headers: { 'x-request-id': 'privacy-4', 'x-api-key': apiKey } });
      await call(`${keyed.url}/api/v1/avatar/secret-customer-79/history`, { headers: { 'x-request-id': 'privacy-5', ...pos } });
      await call(`${keyed.url}/api/v1/avatar/secret-customer-79/files`, { headers: { 'x-request-id': 'privacy-6', 'x-api-key': apiKey } });
      for (const [requestId, code] of [
        ['privacy-4', 'avatar_not_found'],
        ['privacy-5', 'scope_insufficient'],
        ['privacy-6', 'route_not_found'],
      ] as const) {
        const refused = keyed.logLines.find((line) => line['request_id'] === requestId && line['msg'] === 'request refused');
        expect(refused, requestId).toMatchObject({ code, detail: expect.any(String) });
        expect(JSON.stringify(refused)).not.toContain('secret-customer-79');
      }
      const notFound = keyed.logLines.find((line) => line['request_id'] === 'privacy-4' && line['msg'] === 'request refused');
      expect(notFound!['detail']).toContain('{user_id}');
      expect(notFound!['user_id']).toMatch(/^c-[0-9a-f]{16}$/);
    } finally {
      await keyed.close();
    }
  });

  it('replaces an insane X-Request-Id (too long, spaces, control characters) by a UUID', async () => {
    for (const value of ['x'.repeat(129), 'has spaces', 'quote"d']) {
      const response = await call(`${h.url}/api/v1/health/live`, { headers: { 'x-request-id': value } });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const generated = await call(`${h.url}/api/v1/health/live`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends CORS headers only to configured origins and answers their preflight', async () => {
    const plain = await call(`${h.url}/api/v1/health/live`);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await call(`${h.url}/api/v1/health/live`, { headers: { origin: 'http://pos.example:3000' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://pos.example:3000');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    const preflight = await call(`${h.url}/api/v1/avatar`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://pos.example:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    const other = await call(`${h.url}/api/v1/health/live`, { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const otherPreflight = await call(`${h.url}/api/v1/avatar`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(otherPreflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS header at all when no origin is configured', async () => {
    const bare = await startApiHarness();
    try {
      const response = await call(`${bare.url}/api/v1/health/live`, { headers: { origin: 'http://pos.example:3000' } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await bare.close();
    }
  });
});

describe('cross-site requests from web pages on the kiosk', () => {
  const pos = 'http://pos.example:3000';
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ config: { corsOrigins: [pos] } });
  });
  afterAll(async () => h.close());

  const scan = (headers: Record<string, string>, body = '{"user_id":"x"}') =>
    call<ErrorBody>(`${h.url}/api/v1/avatar`, { method: 'POST', headers, body });

  it('answers 415 to a body that is not declared JSON: text/plain, a form, or no type (what a page sends without a preflight)', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await scan({ 'content-type': type });
      expect(response.status, type).toBe(415);
      expect(response.body.code).toBe('unsupported_media_type');
    }
    const untyped = await rawRequest(h.port, {
      method: 'POST',
      path: '/api/v1/avatar',
      headers: { host: `127.0.0.1:${h.port}`, 'content-length': '2' },
      body: '{}',
    });
    expect(untyped.status).toBe(415);
    expect((await scan({ 'content-type': 'application/json' })).body.code).toBe('invalid_request');
  });

  it('answers 403 cross_site_request when Origin or Sec-Fetch-Site says another site, on every method', async () => {
    const refused: Array<Record<string, string>> = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://localhost:${h.port + 1}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of refused) {
      const post = await scan({ 'content-type': 'application/json', ...headers });
      expect(post.status, JSON.stringify(headers)).toBe(403);
      expect(post.body.code).toBe('cross_site_request');
      const read = await call<ErrorBody>(`${h.url}/api/v1/avatar/someone`, { headers });
      expect(read.status, JSON.stringify(headers)).toBe(403);
      const erase = await call<ErrorBody>(`${h.url}/api/v1/avatar/someone`, { method: 'DELETE', headers });
      expect(erase.body.code).toBe('cross_site_request');
    }
  });

  it('lets through the kiosk page itself, the configured origins and programs that send no browser headers', async () => {
    const own = { 'content-type': 'application/json', origin: h.url, 'sec-fetch-site': 'same-origin' };
    expect((await scan(own)).body.code).toBe('invalid_request');
    expect((await scan({ 'content-type': 'application/json', origin: pos, 'sec-fetch-site': 'cross-site' })).body.code).toBe(
      'invalid_request',
    );
    expect((await scan({ 'content-type': 'application/json' })).body.code).toBe('invalid_request');
    expect((await call(`${h.url}/api/v1/health/live`, { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
  });

  it('answers the preflight of a configured origin for every method and path the API serves', async () => {
    const document = buildOpenApiDocument();
    const sample: Record<string, string> = {
      user_id: 'someone',
      job_id: crypto.randomUUID(),
      avatar_id: crypto.randomUUID(),
      name: 'mesh.glb',
    };
    let checked = 0;
    const methodsSeen = new Set<string>();
    for (const [template, item] of Object.entries(document.paths ?? {})) {
      const path = template.replace(/\{(\w+)\}/g, (_all, name: string) => sample[name] ?? 'x');
      for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head'] as const) {
        if (!item?.[method]) continue;
        const requested = method.toUpperCase();
        const preflight = await call(`${h.url}${path}`, {
          method: 'OPTIONS',
          headers: {
            origin: pos,
            'access-control-request-method': requested,
            'access-control-request-headers': 'content-type, x-staff-token',
          },
        });
        expect(preflight.status, `${requested} ${template}`).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBe(pos);
        const methods = (preflight.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
        expect(methods, `${requested} ${template}`).toContain(requested);
        expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Staff-Token/i);
        methodsSeen.add(requested);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect([...methodsSeen].sort()).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
  });
});

describe('capture check body limit', () => {
  it('answers 413 to a capture-check body over 2 MiB before reading it, while scans keep their larger limit', async () => {
    const h = await startApiHarness();
    try {
      const frame = JSON.stringify({ image: 'A'.repeat(2 * 1024 * 1024 + 1), view: 'front' });
      const check = await call<ErrorBody>(`${h.url}/api/v1/capture/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: frame,
      });
      expect(check.status).toBe(413);
      expect(check.body.code).toBe('payload_too_large');
      const scan = await call<ErrorBody>(`${h.url}/api/v1/avatar`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ consent: true, user_id: 'c', image: 'A'.repeat(2 * 1024 * 1024 + 1) }),
      });
      expect(scan.status).not.toBe(413);
    } finally {
      await h.close();
    }
  });
});

describe('bodies that would freeze the service or fill its memory', () => {
  it('answers 413 to a staff PIN body beyond a few fields, before reading it', async () => {
    const h = await startApiHarness();
    try {
      const answer = await call<ErrorBody>(`${h.url}/api/v1/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pin: '1234', padding: 'x'.repeat(32 * 1024) }),
      });
      expect(answer.status).toBe(413);
      expect(answer.body.code).toBe('payload_too_large');
    } finally {
      await h.close();
    }
  });

  it('answers 400 json_too_complex to a scan body of a million empty objects or nested arrays, and liveness answers meanwhile', async () => {
    const h = await startApiHarness();
    try {
      for (const body of [`{"a":[${'{},'.repeat(1_000_000)}{}]}`, `{"a":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`]) {
        const [answer, live] = await Promise.all([
          call<ErrorBody>(`${h.url}/api/v1/avatar`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
          call(`${h.url}/api/v1/health/live`),
        ]);
        expect(answer.status).toBe(400);
        expect(answer.body.code).toBe('json_too_complex');
        expect(live.status).toBe(200);
      }
    } finally {
      await h.close();
    }
  });

  it('answers 503 server_busy to a large body the body budget cannot take while others are held, and takes it once they are gone', async () => {
    // A 1 MiB body limit gives a budget of 3 MiB: three bodies of 1 MiB held open fill it. No rate
    // limit: the polls below send more scans than its burst allows.
    const h = await startApiHarness({
      config: { limits: { maxBodyBytes: 1024 * 1024 }, rateLimits: { createAvatar: { ratePerMinute: null } } },
    });
    const heldBodyBytes = 1024 * 1024 - 100;
    const heldBytes = async (): Promise<number> => {
      const text = (await call(`${h.url}/metrics`)).text;
      return Number(/^perfit_http_request_body_bytes_held (\d+)$/m.exec(text)?.[1] ?? -1);
    };
    const held = await Promise.all([0, 1, 2].map(() => holdBody(h.port, '/api/v1/avatar', heldBodyBytes)));
    try {
      const send = () =>
        call<ErrorBody>(`${h.url}/api/v1/avatar`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ consent: true, user_id: 'c', image: 'A'.repeat(512 * 1024) }),
        });
      // Only once the service has read the held bodies (all but their last 11 bytes, less each body's
      // free 64 KiB), as its metric shows: a large body sent while they still arrive would take the
      // budget from them, and one of them would be the body refused.
      await expect.poll(heldBytes, { timeout: 15_000, interval: 50 }).toBe(3 * (heldBodyBytes - 1 - 64 * 1024));
      const busy = await send();
      expect(busy.status).toBe(503);
      expect(busy.body.code).toBe('server_busy');
      expect(busy.headers.get('retry-after')).toBe('2');
      // Small bodies do not wait behind photos.
      expect((await call(`${h.url}/api/v1/staff/pin`)).status).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
    }
    await expect
      .poll(
        async () => {
          const again = await call<ErrorBody>(`${h.url}/api/v1/avatar`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ consent: true, user_id: 'c', image: 'A'.repeat(512 * 1024) }),
          });
          return again.status;
        },
        { timeout: 15_000, interval: 100 },
      )
      .not.toBe(503);
    // Every body answered or dropped gives its bytes back.
    await expect.poll(heldBytes, { timeout: 15_000, interval: 50 }).toBe(0);
    await h.close();
  });
});

/** Opens a POST whose body is declared a little longer than it sends, and sends all but its end: the service holds what it has read. */
async function holdBody(port: number, path: string, bytes: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${bytes + 10}\r\n\r\n`,
  );
  socket.write(`{"image":"${'A'.repeat(bytes - 11)}`);
  return socket;
}

describe('unexpected errors', () => {
  it('answer 500 with a generic detail; the cause and stack go to the log with the request id', async () => {
    const h = await startApiHarness({
      wrapQueue: (queue) => ({
        enqueue: (input) => queue.enqueue(input),
        counts: () => queue.counts(),
        pendingCount: () => queue.pendingCount(),
        get: () => {
          throw new Error('disk exploded at /secret/path');
        },
      }),
    });
    try {
      const response = await call<ErrorBody>(`${h.url}/api/v1/avatar/job/${crypto.randomUUID()}`, {
        headers: { 'x-request-id': 'boom-1' },
      });
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ detail: 'Internal server error (request id boom-1)', code: 'internal_error' });
      expect(response.text).not.toContain('secret');
      const logged = h.logLines.find((line) => line['request_id'] === 'boom-1' && line['err'] !== undefined) as
        { err: { message: string; stack: string } } | undefined;
      expect(logged?.err.message).toBe('disk exploded at /secret/path');
      expect(logged?.err.stack).toContain('Error: disk exploded');
    } finally {
      await h.close();
    }
  });
});
