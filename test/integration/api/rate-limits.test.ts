import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness, type HarnessOptions } from '../../fixtures/api/api-harness.js';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  code: unknown;
}

/**
 * POST an empty JSON object from a chosen loopback address (Linux answers on all of 127/8), so one
 * test can be several clients. The body is refused by validation; what counts here is 429 or not.
 */
function post(harness: ApiHarness, path: string, options: { from?: string; apiKey?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = '{}';
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    if (options.apiKey) headers['authorization'] = `Bearer ${options.apiKey}`;
    const req = httpRequest(
      { host: '127.0.0.1', port: harness.port, localAddress: options.from ?? '127.0.0.1', method: 'POST', path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
            code: (JSON.parse(text) as { code?: unknown }).code,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function postTimes(times: number, send: () => Promise<Answer>): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < times; index += 1) statuses.push((await send()).status);
  return statuses;
}

describe('rate limits per route and per client', () => {
  let harness: ApiHarness | null = null;
  let nowMs = Date.parse('2026-12-03T08:00:00Z');
  const clock = () => new Date(nowMs);

  const start = async (options: HarnessOptions = {}): Promise<ApiHarness> => {
    harness = await startApiHarness({
      clock,
      ...options,
      config: {
        rateLimits: { createAvatar: { ratePerMinute: 2, burst: 3 }, captureCheck: { ratePerMinute: 60, burst: 2 } },
        ...options.config,
      },
    });
    return harness;
  };
  afterEach(async () => {
    await harness?.close();
    harness = null;
  });

  it('answers 429 rate_limited with Retry-After once a client has spent its burst on POST /api/v1/avatar', async () => {
    const h = await start();
    expect(await postTimes(3, () => post(h, '/api/v1/avatar'))).not.toContain(429);
    const refused = await post(h, '/api/v1/avatar');
    // The bucket is empty; one token comes back at 2 a minute: 30 s.
    expect(refused).toEqual({ status: 429, retryAfter: '30', code: 'rate_limited' });
    expect(h.logLines.some((line) => line['msg'] === 'rate limited')).toBe(true);
  });

  it('lets the client in again once the bucket has refilled', async () => {
    const h = await start();
    await postTimes(4, () => post(h, '/api/v1/avatar'));
    nowMs += 29_000;
    expect((await post(h, '/api/v1/avatar')).status).toBe(429);
    nowMs += 1_000;
    expect((await post(h, '/api/v1/avatar')).status).not.toBe(429);
    expect((await post(h, '/api/v1/avatar')).status).toBe(429);
  });

  it('keeps one bucket per remote address', async () => {
    const h = await start();
    await postTimes(4, () => post(h, '/api/v1/avatar', { from: '127.0.0.1' }));
    expect((await post(h, '/api/v1/avatar', { from: '127.0.0.1' })).status).toBe(429);
    expect((await post(h, '/api/v1/avatar', { from: '127.0.0.2' })).status).not.toBe(429);
  });

  it('keeps one bucket per route: a client throttled on scans can still check frames', async () => {
    const h = await start();
    await postTimes(4, () => post(h, '/api/v1/avatar'));
    expect((await post(h, '/api/v1/avatar')).status).toBe(429);
    expect(await postTimes(2, () => post(h, '/api/v1/capture/check'))).not.toContain(429);
    expect(await post(h, '/api/v1/capture/check')).toEqual({ status: 429, retryAfter: '1', code: 'rate_limited' });
  });

  it('counts a client by the API key it proved, whatever address it comes from', async () => {
    const apiKey = 'rate-limit-test-key-0123456789';
    const h = await start({ config: { apiKey, rateLimits: { createAvatar: { ratePerMinute: 2, burst: 3 } } } });
    await postTimes(3, () => post(h, '/api/v1/avatar', { from: '127.0.0.1', apiKey }));
    expect((await post(h, '/api/v1/avatar', { from: '127.0.0.3', apiKey })).status).toBe(429);
    // A request without the key is refused before it can spend or be refused by the bucket.
    expect((await post(h, '/api/v1/avatar', { from: '127.0.0.3' })).status).toBe(401);
  });

  it('runs no route for a path written other than the API writes it, so a limit cannot be stepped round', async () => {
    const h = await start();
    await postTimes(4, () => post(h, '/api/v1/avatar'));
    for (const path of ['/api/v1/avatar/', '/API/v1/avatar', '/api/v1/Avatar', '/api/v1/capture/check/']) {
      expect(await post(h, path)).toMatchObject({ status: 404, code: 'route_not_found' });
    }
    expect((await post(h, '/api/v1/avatar')).status).toBe(429);
  });

  it('leaves a route unlimited when its ratePerMinute is null', async () => {
    const h = await start({ config: { rateLimits: { createAvatar: { ratePerMinute: null } } } });
    expect(await postTimes(15, () => post(h, '/api/v1/avatar'))).not.toContain(429);
  });

  it('does not limit other routes', async () => {
    const h = await start();
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) statuses.push((await fetch(`${h.url}/api/v1/health/live`)).status);
    expect(statuses).not.toContain(429);
  });
});
