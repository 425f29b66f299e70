import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { staffHeaders } from '../../fixtures/api/staff-session.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';
import { responseSchema, validateValue } from '../../fixtures/api/schema-check.js';
import { startServiceWithSync, type ServiceWithSync } from '../../fixtures/sync/service-with-sync.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { waitFor } from '../../helpers/wait-for.js';

type Json = Record<string, unknown>;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** GET /api/v1/sync, the avatar URLs, DELETE and the remote lookup through the whole service (createService). */
describe('sync through the REST API', () => {
  let server: TestS3Server;
  const running: ServiceWithSync[] = [];
  let document: Json;

  async function start(options: Parameters<typeof startServiceWithSync>[0]): Promise<ServiceWithSync> {
    const kiosk = await startServiceWithSync(options);
    running.push(kiosk);
    document ??= (await call<Json>(`${kiosk.url}/api/v1/openapi.json`)).body;
    return kiosk;
  }
  function expectDocumented(method: string, path: string, status: number, body: unknown): void {
    expect(validateValue(document, responseSchema(document, method, path, status), body)).toEqual([]);
  }
  async function syncState(kiosk: ServiceWithSync): Promise<Json> {
    const response = await call<Json>(`${kiosk.url}/api/v1/sync`);
    expect(response.status).toBe(200);
    expectDocumented('get', '/api/v1/sync', 200, response.body);
    return response.body;
  }
  async function drained(kiosk: ServiceWithSync): Promise<void> {
    await waitFor(() => (kiosk.service.sync.summary().queue.length === 0 ? true : undefined), 15_000, 'the sync queue to drain');
  }

  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterEach(async () => {
    await server.start();
    for (const kiosk of running.splice(0)) await kiosk.close();
  });
  afterAll(async () => server?.close());

  it('says sync is off while no S3 endpoint is set, and keeps the avatars queued for later', async () => {
    const kiosk = await start({});
    await kiosk.scan('offline-only');
    const body = await syncState(kiosk);
    expect(body).toMatchObject({ enabled: false, online: null, endpoint: null, queue_length: 3, queue: { pending_uploads: 3 } });
    expect(body['detail']).toMatch(/PERFIT_S3_ENDPOINT/);
    const health = await call<{ components: { sync: Json } }>(`${kiosk.url}/api/v1/health`);
    expect(health.body.components.sync).toMatchObject({ status: 'disabled', enabled: false });
    const avatar = await call<Json>(`${kiosk.url}/api/v1/avatar/offline-only`);
    expect(avatar.body).toMatchObject({ sync_state: 'pending', source: 'local' });

    // Erasure works offline too; the bucket side waits in the outbox (its uploads are dropped).
    const erased = await call<Json>(`${kiosk.url}/api/v1/avatar/offline-only`, {
      method: 'DELETE',
      headers: await staffHeaders(kiosk.url),
    });
    expect(erased.body).toMatchObject({ avatars_deleted: 1, remote: 'sync_off', remote_deletes_queued: 3 });
    expect(await syncState(kiosk)).toMatchObject({ queue: { pending_uploads: 0, pending_deletes: 4 } });
  });

  it('answers kiosk URLs before sync and presigned bucket URLs after, and reports offline and online in /sync and /health', async () => {
    const bucket = await server.createBucket();
    const kiosk = await start({ s3: { server, bucket }, config: { s3: { presignExpirySeconds: 600 } } });
    await server.stop();
    const avatarId = await kiosk.scan('presigned');

    const before = (await call<Json>(`${kiosk.url}/api/v1/avatar/presigned`)).body;
    expect(before['sync_state']).toBe('pending');
    expect(before['mesh_url']).toBe(`${kiosk.url}/api/v1/avatars/${avatarId}/files/mesh.obj`);
    await waitFor(() => (kiosk.service.sync.summary().online === false ? true : undefined), 10_000, 'offline');
    const offlineState = await syncState(kiosk);
    expect(offlineState).toMatchObject({ enabled: true, online: false, last_error: { code: 'unreachable' } });
    expect(offlineState['queue_length']).toBeGreaterThanOrEqual(3);
    const health = await call<{ status: string; components: { sync: Json } }>(`${kiosk.url}/api/v1/health`);
    expect(health.body.components.sync).toMatchObject({ status: 'degraded', enabled: true, online: false });

    await server.start();
    await drained(kiosk);
    const after = (await call<Json>(`${kiosk.url}/api/v1/avatar/presigned`)).body;
    expectDocumented('get', '/api/v1/avatar/{user_id}', 200, after);
    expect(after['sync_state']).toBe('synced');
    expect(after['synced_at']).toEqual(expect.any(String));
    for (const field of ['mesh_url', 'source_image_url']) {
      const url = new URL(after[field] as string);
      expect(url.origin).toBe(server.endpoint);
      expect(url.pathname).toMatch(new RegExp(`^/${bucket}/avatars/presigned/${avatarId}/`));
      expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      const name = url.pathname.split('/').pop()!;
      const fetched = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(sha256(fetched)).toBe(sha256(readFileSync(join(kiosk.dataDir, 'avatars', avatarId, name))));
    }
    const online = await syncState(kiosk);
    expect(online).toMatchObject({ online: true, queue_length: 0, last_error: { code: 'unreachable' } });
    expect(online['last_success_at']).toEqual(expect.any(String));
    expect((online['avatars'] as Json)['synced']).toBe(1);
  });

  it('erases a customer end to end: avatars, photos and jobs here, every object under their prefix in the bucket; others untouched', async () => {
    const bucket = await server.createBucket();
    const kiosk = await start({ s3: { server, bucket } });
    const erasedIds = [await kiosk.scan('erase-me'), await kiosk.scan('erase-me')];
    const keptId = await kiosk.scan('keep-me');
    await drained(kiosk);
    // An avatar another store uploaded for the same customer.
    await server.put(bucket, 'avatars/erase-me/11111111-2222-4333-8444-555555555555/avatar.json', Buffer.from('{}'));
    const jobs = kiosk.service.queue.list({ userId: 'erase-me' });
    expect(jobs).toHaveLength(2);

    const response = await call<Json>(`${kiosk.url}/api/v1/avatar/erase-me`, { method: 'DELETE', headers: await staffHeaders(kiosk.url) });
    expect(response.status).toBe(200);
    expectDocumented('delete', '/api/v1/avatar/{user_id}', 200, response.body);
    expect(response.body).toEqual({ user_id: 'erase-me', avatars_deleted: 2, jobs_deleted: 2, remote: 'queued', remote_deletes_queued: 6 });

    // Here, at once.
    expect((await call(`${kiosk.url}/api/v1/avatar/erase-me`)).status).toBe(404);
    expect(kiosk.service.queue.list({ userId: 'erase-me' })).toHaveLength(0);
    for (const id of erasedIds) expect(existsSync(join(kiosk.dataDir, 'avatars', id))).toBe(false);
    for (const job of jobs) expect(existsSync(join(kiosk.dataDir, 'uploads', job.id))).toBe(false);
    expect(existsSync(join(kiosk.dataDir, 'avatars', keptId))).toBe(true);

    // In the bucket, through the outbox.
    await drained(kiosk);
    const keys = (await server.list(bucket)).map((object) => object.key);
    expect(keys.filter((key) => key.startsWith('avatars/erase-me/'))).toEqual([]);
    expect(keys.filter((key) => key.startsWith(`avatars/keep-me/${keptId}/`))).toHaveLength(3);
    expect((await call<Json>(`${kiosk.url}/api/v1/avatar/keep-me`)).body['sync_state']).toBe('synced');

    // Idempotent.
    const again = await call<Json>(`${kiosk.url}/api/v1/avatar/erase-me`, { method: 'DELETE', headers: await staffHeaders(kiosk.url) });
    expect(again.body).toMatchObject({ avatars_deleted: 0, jobs_deleted: 0 });
  });

  it('refuses to erase a customer while their scan runs (409 scan_in_progress)', async () => {
    const kiosk = await start({});
    // The staff sign-in and the photo come first, so the erase follows the 202 at once: under a loaded
    // machine the sign-in alone outlasted the scan.
    const headers = await staffHeaders(kiosk.url);
    const image = toBase64(await makePhoto({ marker: 'slow=2000' }));
    const created = await postJson<{ job_id: string }>(`${kiosk.url}/api/v1/avatar`, { consent: true, user_id: 'busy', image });
    expect(created.status).toBe(202);
    const response = await call<Json>(`${kiosk.url}/api/v1/avatar/busy`, { method: 'DELETE', headers });
    expect(response.status).toBe(409);
    expect(response.body['code']).toBe('scan_in_progress');
    expect(response.body['detail']).toMatch(/busy/);
  });

  it("reads another store's customer from the bucket when enabled, saying so, and 404s when disabled or offline", async () => {
    const bucket = await server.createBucket();
    const storeA = await start({ s3: { server, bucket } });
    const avatarId = await storeA.scan('traveller');
    await drained(storeA);
    const original = (await call<Json>(`${storeA.url}/api/v1/avatar/traveller`)).body;

    const storeB = await start({ s3: { server, bucket }, config: { sync: { remoteLookup: true } } });
    const remote = await call<Json>(`${storeB.url}/api/v1/avatar/traveller`);
    expect(remote.status).toBe(200);
    expectDocumented('get', '/api/v1/avatar/{user_id}', 200, remote.body);
    expect(remote.body).toMatchObject({
      id: avatarId,
      user_id: 'traveller',
      source: 'remote',
      sync_state: 'synced',
      height_cm: original['height_cm'],
    });
    expect(remote.body['measurements']).toEqual(original['measurements']);
    // Consent travels with the avatar (avatar.json) to the other store.
    expect(remote.body['consent']).toBe(true);
    expect(remote.body['provenance']).toEqual(original['provenance']);
    expect(remote.body['created_at']).toBe(original['created_at']);
    // So does how it was captured: the other store can judge the figures it is about to use.
    expect(original['capture']).toMatchObject({ views: ['front'], frames: { front: 1, side: 0 } });
    expect(remote.body['capture']).toEqual(original['capture']);
    const mesh = await fetch(remote.body['mesh_url'] as string);
    expect(mesh.status).toBe(200);
    // The customer's photo stays with the store that took it: another store gets the body, never the photo.
    expect(original['source_image_url']).toEqual(expect.any(String));
    expect(remote.body['source_image_url']).toBeNull();
    expect((remote.body['files'] as Array<{ name: string }>).map((file) => file.name)).not.toContainEqual(
      expect.stringMatching(/^source\./),
    );
    expect(JSON.stringify(remote.body)).not.toContain('source.');
    expect(await mesh.text()).toBe('# test double\n');

    // The shop where the customer turns up recommends sizes from the body scanned in the other store.
    const sizes = await call<Json>(`${storeB.url}/api/v1/avatar/traveller/sizes`);
    expect(sizes.status).toBe(200);
    expectDocumented('get', '/api/v1/avatar/{user_id}/sizes', 200, sizes.body);
    expect(sizes.body).toMatchObject({ user_id: 'traveller', avatar_id: avatarId, avatar_source: 'remote' });
    expect((await call<Json>(`${storeA.url}/api/v1/avatar/traveller/sizes`)).body['avatar_source']).toBe('local');

    const storeC = await start({ s3: { server, bucket } });
    expect((await call(`${storeC.url}/api/v1/avatar/traveller`)).status).toBe(404);
    expect((await call(`${storeC.url}/api/v1/avatar/traveller/sizes`)).status).toBe(404);

    await server.stop();
    const offline = await call<Json>(`${storeB.url}/api/v1/avatar/traveller`);
    expect(offline.status).toBe(404);
    expect(offline.body['detail']).toMatch(/central store could not be asked/);
  });

  it('asks the bucket about a made-up customer once a while, and within a budget for all clients', async () => {
    const bucket = await server.createBucket();
    const storeA = await start({ s3: { server, bucket } });
    await storeA.scan('traveller');
    await drained(storeA);
    const storeB = await start({
      s3: { server, bucket },
      config: { sync: { remoteLookup: true }, rateLimits: { remoteLookup: { ratePerMinute: 1, burst: 2 } } },
    });
    // Polled three times, the made-up customer is looked up in the bucket once: one of the two lookups.
    for (let i = 0; i < 3; i += 1) {
      const ghost = await call<Json>(`${storeB.url}/api/v1/avatar/ghost`);
      expect(ghost.status).toBe(404);
      expect(ghost.body['detail']).toMatch(/on this kiosk or in the central store/);
    }
    expect((await call<Json>(`${storeB.url}/api/v1/avatar/traveller`)).status).toBe(200);
    const throttled = await call<Json>(`${storeB.url}/api/v1/avatar/traveller/sizes`);
    expect(throttled.status).toBe(404);
    expect(throttled.body['code']).toBe('avatar_not_found');
    expect(throttled.body['detail']).toMatch(/central store could not be asked: this kiosk asked the central store too often/);
  });
});
