import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';

const apiKey = 'erasure-test-key-0123456789abcdef';

/** Every byte of the database as it lies on disk: the file and its write-ahead log. */
function databaseBytes(h: ApiHarness): Buffer {
  const file = h.db.name;
  return Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
}

describe("a customer's erasure on this kiosk's disk", () => {
  let h: ApiHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it("leaves none of the erased job's row in the database file or its log", async () => {
    h = await startApiHarness({ config: { apiKey } });
    const image = toBase64(await makePhoto({ marker: 'face' }));
    const created = await postJson<{ job_id: string }>(
      `${h.url}/api/v1/avatar`,
      { user_id: 'erased-customer', consent: true, height_cm: 170, image },
      { 'x-api-key': apiKey },
    );
    expect(created.status).toBe(202);
    // The queue's own worker does not run here: the job stays pending, which erasure refuses; fail it as a scan would.
    const leased = h.queue.lease('test-worker')!;
    h.queue.fail(leased.id, 'test-worker', { code: 'no_person', message: 'test: the scan ended', retry: false });
    const jobId = Buffer.from(created.body.job_id);
    expect(databaseBytes(h).includes(jobId)).toBe(true);

    const erased = await call(`${h.url}/api/v1/avatar/erased-customer`, { method: 'DELETE', headers: { 'x-api-key': apiKey } });
    expect(erased.status).toBe(200);
    expect(databaseBytes(h).includes(jobId)).toBe(false);
  });
});
