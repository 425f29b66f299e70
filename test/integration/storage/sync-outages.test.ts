import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contractFileNames, storeAvatar, type StoredAvatar } from '../../factories/stored-avatars.js';
import { startSyncStack, type SyncStack } from '../../fixtures/sync/sync-stack.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { waitFor } from '../../helpers/wait-for.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Every file of every avatar is in the bucket with the local bytes, and reached it by at most one PUT. */
async function expectAllArrivedOnce(server: TestS3Server, bucket: string, userId: string, stored: StoredAvatar[]): Promise<void> {
  const keys = (await server.list(bucket)).map((object) => object.key);
  const expected = stored.flatMap((entry) => contractFileNames.map((name) => `avatars/${userId}/${entry.avatar.id}/${name}`)).sort();
  expect(keys).toEqual(expected);
  for (const entry of stored) {
    for (const name of contractFileNames) {
      const remote = await server.read(bucket, `avatars/${userId}/${entry.avatar.id}/${name}`);
      expect(sha256(remote), name).toBe(sha256(entry.files.get(name)!));
    }
  }
  for (const [key, count] of server.completedPuts(bucket)) expect(count, key).toBe(1);
}

describe('sync through outages of the S3 server', () => {
  let server: TestS3Server;
  let stack: SyncStack | null = null;

  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterAll(async () => server?.close());
  afterEach(async () => {
    await server.start();
    await stack?.close();
    stack = null;
  });

  for (const phase of ['before', 'after'] as const) {
    it(`goes offline when the server stops mid-sync (${phase === 'before' ? 'before a PUT reaches it' : 'after it stored an object but before the kiosk heard'}), and uploads the rest once when it is back`, async () => {
      const bucket = await server.createBucket();
      stack = startSyncStack(server, { bucket, settings: { concurrency: 1 }, random: () => 0.5 });
      const stored = [0, 1, 2].map(() => storeAvatar(stack!, { userId: 'outage' }));
      let puts = 0;
      const hold = server.hold((request) => request.bucket === bucket && request.method === 'PUT' && ++puts === 7, phase);
      stack.sync.start();
      const held = await hold.held;
      await server.stop();
      hold.release();

      const offline = await waitFor(
        () => {
          const summary = stack!.sync.summary();
          return summary.online === false ? summary : undefined;
        },
        10_000,
        'sync to go offline',
      );
      expect(offline.lastError).toMatchObject({ code: 'unreachable' });
      expect(offline.detail).toMatch(/^Offline: The S3 endpoint cannot be reached/);
      expect(
        stack.logLines.some(
          (line) => line['level'] === 40 && line['code'] === 'unreachable' && String(line['msg']).startsWith('sync offline'),
        ),
      ).toBe(true);

      // Scanning goes on while offline: a new avatar is stored and queued.
      stored.push(storeAvatar(stack, { userId: 'outage' }));
      expect(stack.sync.summary().queue.length).toBeGreaterThan(contractFileNames.length);

      await server.start();
      await waitFor(() => (stack!.sync.summary().queue.length === 0 ? true : undefined), 15_000, 'the queue to drain');
      expect(stack.sync.summary()).toMatchObject({ online: true, queue: { length: 0 } });
      await expectAllArrivedOnce(server, bucket, 'outage', stored);
      if (phase === 'after') {
        // The object stored during the outage was found by the stat-before-put, not sent again.
        expect(server.completedPuts(bucket).get(held.key)).toBe(1);
        expect(stack.logLines.some((line) => line['msg'] === 'sync pass done' && Number(line['already_present']) >= 1)).toBe(true);
      }
      for (const entry of stored) expect(stack.avatars.get(entry.avatar.id)!.syncState).toBe('synced');
    });
  }

  it('reports refused credentials clearly, without the secret, keeps storing avatars, and uploads once the credentials are fixed', async () => {
    const bucket = await server.createBucket();
    const secret = 'secret-that-must-never-be-logged';
    stack = startSyncStack(server, { bucket, accessKey: 'WRONG-ACCESS-KEY', secretKey: secret });
    const stored = [storeAvatar(stack, { userId: 'creds' })];
    stack.sync.start();
    const offline = await waitFor(() => (stack!.sync.summary().online === false ? stack!.sync.summary() : undefined), 10_000, 'offline');
    expect(offline.lastError?.code).toMatch(/^(auth_failed|access_denied)$/);
    expect(offline.lastError?.message).toMatch(/PERFIT_S3_ACCESS_KEY/);
    const line = stack.logLines.find((entry) => String(entry['msg']).startsWith('sync offline'));
    expect(line).toMatchObject({ level: 40 });
    stored.push(storeAvatar(stack, { userId: 'creds' }));
    // The loop keeps retrying (backoff) and logs the state change once, not once per retry.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.logLines.filter((entry) => String(entry['msg']).startsWith('sync offline')).length).toBe(1);
    expect(JSON.stringify(stack.logLines)).not.toContain(secret);
    expect(server.completedPuts(bucket).size).toBe(0);
    for (const entry of stored) expect(stack.avatars.get(entry.avatar.id)!.syncState).toBe('pending');

    // Credentials come from config: fixing them means a restart on the same data folder.
    const dataDir = stack.dataDir;
    await stack.sync.stop();
    stack.db.close();
    const fixed = startSyncStack(server, { bucket, dataDir });
    stack = { ...fixed, close: async () => fixed.close() };
    fixed.sync.start();
    await waitFor(() => (fixed.sync.summary().queue.length === 0 ? true : undefined), 10_000, 'the queue to drain');
    await expectAllArrivedOnce(server, bucket, 'creds', stored);
  });

  it('reports a missing bucket, and recovers on its own once the bucket exists', async () => {
    const bucket = server.uniqueBucketName();
    stack = startSyncStack(server, { bucket });
    const stored = [storeAvatar(stack, { userId: 'nobucket' })];
    stack.sync.start();
    const offline = await waitFor(() => (stack!.sync.summary().online === false ? stack!.sync.summary() : undefined), 10_000, 'offline');
    expect(offline.lastError).toMatchObject({ code: 'bucket_missing' });
    expect(offline.lastError?.message).toMatch(/PERFIT_S3_BUCKET/);
    expect(stack.logLines.some((line) => line['level'] === 40 && line['code'] === 'bucket_missing')).toBe(true);

    await server.createNamedBucket(bucket);
    await waitFor(() => (stack!.sync.summary().queue.length === 0 ? true : undefined), 10_000, 'the queue to drain');
    expect(stack.sync.summary().online).toBe(true);
    expect(stack.logLines.some((line) => line['msg'] === 'sync online again')).toBe(true);
    await expectAllArrivedOnce(server, bucket, 'nobucket', stored);
  });
});
