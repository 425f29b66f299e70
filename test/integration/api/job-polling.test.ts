import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call } from '../../fixtures/api/http.js';

type JobBody = { status: string; progress: { stage: string | null; percent: number }; avatar: unknown };

/** GET /api/v1/avatar/job/{id} as polling clients use it: always the current state, cheap when unchanged. */
describe('polling a job', () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await startApiHarness();
  });
  afterEach(async () => h.close());

  it('answers every change of the job at once (no stale answer), with an ETag that changes with it', async () => {
    const job = h.queue.enqueue({ userId: 'poller', gender: 'female', inputImagePath: '/x/source.jpg', consent: true });
    const url = `${h.url}/api/v1/avatar/job/${job.id}`;
    const first = await call<JobBody>(url);
    expect(first.body.status).toBe('pending');
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const again = await call<JobBody>(url);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));

    h.queue.lease('worker-1');
    const leased = await call<JobBody>(url);
    expect(leased.body.status).toBe('processing');
    expect(leased.headers.get('etag')).not.toBe(first.headers.get('etag'));

    h.queue.reportProgress(job.id, 'worker-1', 'detect', 40);
    expect((await call<JobBody>(url)).body.progress).toEqual({ stage: 'detect', percent: 40 });
  });

  it('answers 304 with no body to If-None-Match of the current ETag, and 200 once the job moved on', async () => {
    const job = h.queue.enqueue({ userId: 'poller', gender: 'female', inputImagePath: '/x/source.jpg', consent: true });
    const url = `${h.url}/api/v1/avatar/job/${job.id}`;
    const etag = (await call(url)).headers.get('etag')!;
    const unchanged = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    h.queue.lease('worker-1');
    const changed = await call<JobBody>(url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('processing');
  });

  it('still answers 404 for an unknown job, also after asking twice', async () => {
    const url = `${h.url}/api/v1/avatar/job/${crypto.randomUUID()}`;
    expect((await call(url)).status).toBe(404);
    expect((await call(url)).status).toBe(404);
  });
});
