// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, dataOf } from '../../../src/renderer/src/api/api-client';
import { resolveConnection } from '../../../src/renderer/src/api/connection';
import { pollJobUntilDone } from '../../../src/renderer/src/capture/job-polling';
import { checkAnswer, healthAnswer, jobAnswer } from './api-factories';
import { FakeService } from './fake-service';

describe('the API client', () => {
  it('sends JSON with the bearer key only when the service needs one', async () => {
    const service = new FakeService().on('POST', '/api/v1/capture/check', { status: 200, body: checkAnswer() });
    const withKeyClient = new ApiClient({ baseUrl: 'http://kiosk.test', token: 'secret' }, service.fetch);
    const withoutKeyClient = new ApiClient({ baseUrl: 'http://kiosk.test', token: null }, service.fetch);
    await dataOf(withKeyClient.http.POST('/api/v1/capture/check', { body: { image: 'x', view: 'side' } }));
    await dataOf(withoutKeyClient.http.POST('/api/v1/capture/check', { body: { image: 'x' } }));
    const [withKey, withoutKey] = service.requests;
    expect(withKey!.headers.get('authorization')).toBe('Bearer secret');
    expect(withKey!.headers.get('content-type')).toBe('application/json');
    expect(withKey!.body).toEqual({ image: 'x', view: 'side' });
    expect(withoutKey!.headers.has('authorization')).toBe(false);
  });

  it('fills path parameters, escaped', async () => {
    const service = new FakeService().on('GET', /^\/api\/v1\/avatar\/job\//, { status: 200, body: jobAnswer() });
    const client = new ApiClient({ baseUrl: 'http://kiosk.test', token: null }, service.fetch);
    await dataOf(client.http.GET('/api/v1/avatar/job/{job_id}', { params: { path: { job_id: 'a b/c' } } }));
    expect(service.requests[0]!.path).toBe('/api/v1/avatar/job/a%20b%2Fc');
  });

  it("turns an error answer into an ApiError with the API's code, detail and Retry-After", async () => {
    const service = new FakeService().on('POST', '/api/v1/capture/check', {
      status: 503,
      body: { detail: 'loading', code: 'capture_check_unavailable' },
      headers: { 'retry-after': '5' },
    });
    const client = new ApiClient({ baseUrl: 'http://kiosk.test', token: null }, service.fetch);
    const error = await dataOf(client.http.POST('/api/v1/capture/check', { body: { image: 'x' } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: 'capture_check_unavailable', detail: 'loading', retryAfterSeconds: 5 });
  });

  it('reads the health body on 503 as data (the service is unhealthy, not the request wrong)', async () => {
    const service = new FakeService().on('GET', '/api/v1/health', { status: 503, body: { ...healthAnswer(), status: 'error' } });
    const client = new ApiClient({ baseUrl: 'http://kiosk.test', token: null }, service.fetch);
    const health = await dataOf(client.http.GET('/api/v1/health'), { bodyIsDataOn: [503] });
    expect(health.status).toBe('error');
  });

  it('says unreadable_answer, with the status, when a 2xx answer is not JSON', async () => {
    const client = new ApiClient({ baseUrl: 'http://kiosk.test', token: null }, async () => new Response('<html>', { status: 200 }));
    const error = await dataOf(client.http.GET('/api/v1/sync')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 200, code: 'unreadable_answer' });
  });

  it('says network_error when nothing answers', async () => {
    const service = new FakeService();
    service.unreachable = true;
    const client = new ApiClient({ baseUrl: 'http://kiosk.test', token: null }, service.fetch);
    const error = await dataOf(client.http.GET('/api/v1/health')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('sends the key with kiosk file URLs but never to another origin (presigned bucket URLs)', async () => {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const client = new ApiClient({ baseUrl: 'http://kiosk.test', token: 'secret' }, async (url, init) => {
      seen.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      return new Response(new Uint8Array([1, 2, 3]));
    });
    expect((await client.fetchBytes('/api/v1/avatars/a/files/mesh.glb')).byteLength).toBe(3);
    await client.fetchBytes('https://bucket.example/avatars/x/mesh.glb?X-Amz-Signature=abc');
    expect(seen).toEqual([
      { url: 'http://kiosk.test/api/v1/avatars/a/files/mesh.glb', authorization: 'Bearer secret' },
      { url: 'https://bucket.example/avatars/x/mesh.glb?X-Amz-Signature=abc', authorization: null },
    ]);
  });
});

describe('where the service is', () => {
  it('asks the preload bridge in the Electron app', async () => {
    const connection = await resolveConnection({
      perfit: { serviceConnection: async () => ({ baseUrl: 'http://127.0.0.1:8420/', token: 'k' }) },
      location: { origin: 'file://' },
    });
    expect(connection).toEqual({ baseUrl: 'http://127.0.0.1:8420', token: 'k' });
  });

  it("uses the page's own origin and no key in a plain browser", async () => {
    expect(await resolveConnection({ location: { origin: 'http://127.0.0.1:9000' } })).toEqual({
      baseUrl: 'http://127.0.0.1:9000',
      token: null,
    });
  });
});

describe('following a job', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls until completed, riding out a few unanswered polls (the service restarting)', async () => {
    const answers: Array<() => ReturnType<typeof jobAnswer>> = [
      () => jobAnswer({ status: 'processing' }),
      () => {
        throw new ApiError(0, 'network_error', 'down');
      },
      () => {
        throw new ApiError(0, 'network_error', 'down');
      },
      () => jobAnswer({ status: 'completed' }),
    ];
    const updates: string[] = [];
    const polling = pollJobUntilDone(async () => answers.shift()!(), {
      intervalMs: 100,
      maxConsecutiveNetworkErrors: 2,
      onUpdate: (job) => updates.push(job.status),
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect((await polling).status).toBe('completed');
    expect(updates).toEqual(['processing', 'completed']);
  });

  it('gives up after too many unanswered polls in a row, and at once on an API error', async () => {
    const down = pollJobUntilDone(
      async () => {
        throw new ApiError(0, 'network_error', 'down');
      },
      { intervalMs: 100, maxConsecutiveNetworkErrors: 2, onUpdate: () => undefined },
    ).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await down).toMatchObject({ code: 'network_error' });
    const missing = await pollJobUntilDone(
      async () => {
        throw new ApiError(404, 'job_not_found', 'no such job');
      },
      { intervalMs: 100, maxConsecutiveNetworkErrors: 2, onUpdate: () => undefined },
    ).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'job_not_found' });
  });
});
