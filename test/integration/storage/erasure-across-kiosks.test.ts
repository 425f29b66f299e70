import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { staffHeaders } from '../../fixtures/api/staff-session.js';
import { call } from '../../fixtures/api/http.js';
import { SyncError } from '../../../src/main/storage/sync/errors.js';
import { SyncService } from '../../../src/main/storage/sync/sync-service.js';
import { makeSyncSettings } from '../../factories/sync.js';
import { startSyncStack } from '../../fixtures/sync/sync-stack.js';
import { startServiceWithSync, type ServiceWithSync, type ServiceWithSyncOptions } from '../../fixtures/sync/service-with-sync.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

type Json = Record<string, unknown>;
const tombstoneKey = (userId: string): string => `erasures/${createHash('sha256').update(userId).digest('hex')}.json`;

/** Kiosk A erases a customer while kiosk B, offline, still holds a scan of them. */
describe('erasure that sticks across kiosks (tombstones in the bucket)', () => {
  let server: TestS3Server;
  const running: ServiceWithSync[] = [];
  const dirs: Array<{ remove(): void }> = [];

  async function start(options: ServiceWithSyncOptions): Promise<ServiceWithSync> {
    const kiosk = await startServiceWithSync(options);
    running.push(kiosk);
    return kiosk;
  }
  async function drained(kiosk: ServiceWithSync): Promise<void> {
    await waitFor(() => (kiosk.service.sync.summary().queue.length === 0 ? true : undefined), 15_000, 'the sync queue to drain');
  }
  async function keys(bucket: string, prefix: string): Promise<string[]> {
    return (await server.list(bucket, prefix)).map((object) => object.key).sort();
  }

  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterEach(async () => {
    await server.start();
    for (const kiosk of running.splice(0)) await kiosk.close();
    for (const dir of dirs.splice(0)) dir.remove();
  });
  afterAll(async () => server?.close());

  it('B never uploads, keeps or serves the scans made before A erased the customer; later visits sync as usual', async () => {
    const bucket = await server.createBucket();
    const dirB = makeTempDir('perfit-kiosk-b-');
    dirs.push(dirB);

    // B scans the customer while it cannot reach the bucket, then is switched off.
    await server.stop();
    const kioskB = await start({ s3: { server, bucket }, dataDir: dirB.path });
    const offlineAvatarId = await kioskB.scan('wanderer');
    await kioskB.close({ keepDataDir: true });
    running.splice(running.indexOf(kioskB), 1);

    // A scans the same customer, syncs, then erases them.
    await server.start();
    const kioskA = await start({ s3: { server, bucket } });
    await kioskA.scan('wanderer');
    await drained(kioskA);
    expect(await keys(bucket, 'avatars/wanderer/')).toHaveLength(3);
    expect((await call(`${kioskA.url}/api/v1/avatar/wanderer`, { method: 'DELETE', headers: await staffHeaders(kioskA.url) })).status).toBe(
      200,
    );
    await drained(kioskA);
    expect(await keys(bucket, 'avatars/wanderer/')).toEqual([]);
    const tombstone = JSON.parse((await server.read(bucket, tombstoneKey('wanderer'))).toString('utf8')) as Json;
    expect(Object.keys(tombstone)).toEqual(['erased_at']);
    // The tombstone does not keep the customer's id.
    expect(await keys(bucket, 'erasures/')).toEqual([tombstoneKey('wanderer')]);

    // B comes back online: its old scan is not uploaded, and B drops its own copy.
    const kioskB2 = await start({ s3: { server, bucket }, dataDir: dirB.path });
    await drained(kioskB2);
    expect(await keys(bucket, 'avatars/wanderer/')).toEqual([]);
    expect((await call(`${kioskB2.url}/api/v1/avatar/wanderer`)).status).toBe(404);
    expect(existsSync(join(dirB.path, 'avatars', offlineAvatarId))).toBe(false);
    expect(kioskB2.service.queue.list({ userId: 'wanderer' })).toEqual([]);

    // A visit after the erasure is a new customer relationship: it syncs.
    const laterId = await kioskB2.scan('wanderer');
    await drained(kioskB2);
    expect(await keys(bucket, `avatars/wanderer/${laterId}/`)).toHaveLength(3);
  }, 60_000);

  it('a remote lookup ignores avatars in the bucket made before the erasure', async () => {
    const bucket = await server.createBucket();
    const kioskA = await start({ s3: { server, bucket } });
    const avatarId = await kioskA.scan('mover');
    await drained(kioskA);
    const document = (await server.read(bucket, `avatars/mover/${avatarId}/avatar.json`)).toString('utf8');
    expect((await call(`${kioskA.url}/api/v1/avatar/mover`, { method: 'DELETE', headers: await staffHeaders(kioskA.url) })).status).toBe(
      200,
    );
    await drained(kioskA);
    // A straggler: another kiosk's pre-erasure upload that reached the bucket after the folder was deleted.
    await server.put(bucket, `avatars/mover/${avatarId}/avatar.json`, Buffer.from(document));

    const lookup = await start({ s3: { server, bucket }, config: { sync: { remoteLookup: true } } });
    const answer = await call<Json>(`${lookup.url}/api/v1/avatar/mover`);
    expect(answer.status).toBe(404);
  }, 60_000);

  it('keeps retrying a delete the bucket refuses, past the attempt limit, and shows it in the summary', async () => {
    const bucket = await server.createBucket();
    let nowMs = Date.parse('2026-12-01T10:00:00.000Z');
    const stack = startSyncStack(server, { bucket, now: () => nowMs });
    const refusing = Object.create(stack.store, {
      removePrefix: { value: async () => Promise.reject(new SyncError('object_error', 'object', 'the bucket refused the delete')) },
    }) as typeof stack.store;
    const sync = new SyncService({
      db: stack.db,
      outbox: stack.outbox,
      avatars: stack.avatars,
      store: refusing,
      settings: makeSyncSettings(),
      log: stack.log,
      now: () => nowMs,
    });
    try {
      stack.outbox.enqueueDeletes([{ avatarId: null, userId: 'stubborn', name: null, objectKey: 'avatars/stubborn/' }]);
      for (let attempt = 0; attempt < 6; attempt += 1) {
        await sync.runNow();
        nowMs += 60_000;
      }
      const summary = sync.summary();
      expect(summary.queue).toMatchObject({ pendingDeletes: 1, failed: 0 });
      expect(summary.lastError).toMatchObject({ code: 'object_error' });
    } finally {
      await sync.stop(1000);
      await stack.close();
    }
  }, 30_000);
});
