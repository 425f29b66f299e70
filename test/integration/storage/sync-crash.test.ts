import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/connection.js';
import { SyncOutbox } from '../../../src/main/storage/sync/outbox-repository.js';
import { killHard, startChildService, type ChildService } from '../../helpers/child-service.js';
import { makeJpeg } from '../../helpers/images.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { openAvatarStores } from '../../../src/main/stores.js';

const fixture = 'test/fixtures/cli-with-test-pipeline.ts';
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function submit(url: string, userId: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/avatar`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ consent: true, user_id: userId, image: (await makeJpeg()).toString('base64'), height_cm: 170 }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { job_id: string }).job_id;
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('perfit serve killed with SIGKILL mid-upload', () => {
  const dir = makeTempDir();
  let server: TestS3Server;
  let service: ChildService | null = null;
  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterEach(async () => {
    await service?.stop();
    service = null;
  });
  afterAll(async () => {
    await server?.close();
    dir.remove();
  });

  it('loses nothing and uploads nothing twice across two kills, one after the server stored an object and one before a PUT reached it', async () => {
    const bucket = await server.createBucket();
    const args = ['serve', '--data-dir', dir.path, '--port', '0'];
    const env = {
      PERFIT_REQUIRE_FACE: 'false',
      PERFIT_S3_ENDPOINT: server.endpoint,
      // PERFIT_TEST_S3_ENDPOINT may name a MinIO on another machine over http.
      PERFIT_S3_ALLOW_HTTP: 'true',
      PERFIT_S3_REGION: server.region,
      PERFIT_S3_ACCESS_KEY: server.accessKey,
      PERFIT_S3_SECRET_KEY: server.secretKey,
      PERFIT_S3_BUCKET: bucket,
      PERFIT_SYNC_INTERVAL_MS: '50',
      PERFIT_SYNC_CONCURRENCY: '1',
      PERFIT_SYNC_BACKOFF_BASE_MS: '10',
      PERFIT_SYNC_BACKOFF_MAX_MS: '100',
    };
    let puts = 0;
    const afterStore = server.hold((request) => request.bucket === bucket && request.method === 'PUT' && ++puts === 2, 'after');
    service = await startChildService(fixture, args, env);
    const users = ['crash-a', 'crash-b'];
    for (const user of users) await submit(service.url, user);
    const stored = await afterStore.held;
    await killHard(service);
    afterStore.release();

    // Second run: killed before its first PUT reaches the server.
    const beforePut = server.hold((request) => request.bucket === bucket && request.method === 'PUT', 'before');
    service = await startChildService(fixture, args, env);
    await beforePut.held;
    await killHard(service);
    beforePut.release();

    service = await startChildService(fixture, args, env);
    const url = service.url;
    await until(async () => {
      const avatar = (await (await fetch(`${url}/api/v1/avatar/crash-b`)).json()) as { sync_state?: string };
      const sync = (await (await fetch(`${url}/api/v1/sync`)).json()) as { queue_length: number };
      return avatar.sync_state === 'synced' && sync.queue_length === 0 ? true : undefined;
    }, 'every avatar to be synced');
    await service.stop();
    service = null;

    const db = openDatabase(join(dir.path, 'perfit.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(new SyncOutbox(db).counts()).toEqual({ pendingUploads: 0, pendingDeletes: 0, leased: 0, failed: 0 });
      const avatars = openAvatarStores(db).avatars;
      const expectedKeys: string[] = [];
      for (const user of users) {
        const avatar = avatars.latestForUser(user)!;
        expect(avatar.syncState).toBe('synced');
        for (const artifact of avatars.artifacts(avatar.id)) {
          const key = `avatars/${user}/${avatar.id}/${artifact.name}`;
          expectedKeys.push(key);
          expect(artifact.objectKey).toBe(key);
          const local = readFileSync(artifact.localPath);
          expect(sha256(local)).toBe(artifact.sha256);
          expect(sha256(await server.read(bucket, key))).toBe(artifact.sha256);
        }
      }
      expect((await server.list(bucket)).map((object) => object.key)).toEqual(expectedKeys.sort());
      const completed = server.completedPuts(bucket);
      expect([...completed.keys()].sort()).toEqual(expectedKeys.sort());
      for (const [key, count] of completed) expect(count, key).toBe(1);
      // The object stored while the first run died was recognised, not sent again.
      expect(completed.get(stored.key)).toBe(1);
    } finally {
      db.close();
    }
  }, 120_000);
});
