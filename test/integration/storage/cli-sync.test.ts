import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/connection.js';
import { ArtifactStore } from '../../../src/main/storage/artifact-store.js';
import { contractFileNames, storeAvatar } from '../../factories/stored-avatars.js';
import { startChildService, type ChildService } from '../../helpers/child-service.js';
import { runCli } from '../../helpers/run-cli.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { openAvatarStores } from '../../../src/main/stores.js';

const perfit = 'bin/perfit.mjs';

/** Avatars stored in a data folder as a scan stores them, with no service running. */
function seed(dataDir: string, userId: string, count: number): void {
  const db = openDatabase(join(dataDir, 'perfit.sqlite'));
  try {
    const deps = { avatars: openAvatarStores(db).avatars, artifacts: new ArtifactStore(join(dataDir, 'avatars')) };
    for (let i = 0; i < count; i += 1) storeAvatar(deps, { userId });
  } finally {
    db.close();
  }
}

describe('perfit sync status / now', () => {
  let server: TestS3Server;
  const dirs: Array<{ remove: () => void }> = [];
  let service: ChildService | null = null;
  const tempDir = (): string => {
    const dir = makeTempDir('perfit-cli-sync-');
    dirs.push(dir);
    return dir.path;
  };
  const s3Env = (bucket: string, accessKey = server.accessKey): NodeJS.ProcessEnv => ({
    PERFIT_S3_ENDPOINT: server.endpoint,
    // PERFIT_TEST_S3_ENDPOINT may name a MinIO on another machine over http.
    PERFIT_S3_ALLOW_HTTP: 'true',
    PERFIT_S3_REGION: server.region,
    PERFIT_S3_ACCESS_KEY: accessKey,
    PERFIT_S3_SECRET_KEY: server.secretKey,
    PERFIT_S3_BUCKET: bucket,
    PERFIT_SYNC_BACKOFF_BASE_MS: '10',
    PERFIT_SYNC_BACKOFF_MAX_MS: '50',
    PERFIT_LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterEach(async () => {
    await service?.stop();
    service = null;
    await server.start();
  });
  afterAll(async () => {
    for (const dir of dirs) dir.remove();
    await server?.close();
  });

  it('shows the queue, uploads it with `sync now` when no service runs, and shows the result', async () => {
    const dataDir = tempDir();
    const bucket = await server.createBucket();
    seed(dataDir, 'cli-user', 2);
    const env = s3Env(bucket);

    const before = await runCli(perfit, ['sync', 'status', '--json', '--data-dir', dataDir], env);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      enabled: true,
      online: null,
      queue_length: 2 * contractFileNames.length,
      last_success_at: null,
    });

    const now = await runCli(perfit, ['sync', 'now', '--data-dir', dataDir], env);
    expect(now.stderr).toContain(`perfit sync: ${2 * contractFileNames.length} uploaded, 0 already in the bucket, 0 deleted; 0 left`);
    expect(now.code).toBe(0);
    expect(now.stdout).toMatch(/queue length\s+0/);
    expect(await server.list(bucket, 'avatars/cli-user/')).toHaveLength(2 * contractFileNames.length);

    const after = await runCli(perfit, ['sync', 'status', '--data-dir', dataDir], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/online\s+yes/);
    expect(after.stdout).toMatch(/avatars synced\s+2/);
    expect(after.stdout).toMatch(/last success\s+\d{4}-\d\d-\d\dT/);
  });

  it('says sync is off without an endpoint, and reports refused credentials without printing the secret (exit 1)', async () => {
    const dataDir = tempDir();
    seed(dataDir, 'cli-off', 1);
    const off = await runCli(perfit, ['sync', 'now', '--data-dir', dataDir], { PERFIT_LOG_LEVEL: 'warn' });
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('sync is off: no S3 endpoint is configured');
    const status = await runCli(perfit, ['sync', 'status', '--json', '--data-dir', dataDir], {});
    expect(JSON.parse(status.stdout)).toMatchObject({ enabled: false, queue_length: contractFileNames.length });

    const bucket = await server.createBucket();
    const env = { ...s3Env(bucket, 'WRONG-ACCESS-KEY'), PERFIT_S3_SECRET_KEY: 'cli-secret-never-printed' };
    const refused = await runCli(perfit, ['sync', 'now', '--data-dir', dataDir], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/stopped: The S3 endpoint (refused the credentials|denied access)/);
    expect(refused.stdout + refused.stderr).not.toContain('cli-secret-never-printed');
    expect(refused.stdout).toMatch(/online\s+no/);
  });

  it('asks a running service to upload now, through the database, and waits for it', async () => {
    const dataDir = tempDir();
    const bucket = await server.createBucket();
    seed(dataDir, 'cli-running', 1);
    await server.stop();
    // Offline with a long backoff: without the request the service would wait up to a minute.
    const env = {
      ...s3Env(bucket),
      PERFIT_SYNC_BACKOFF_BASE_MS: '60000',
      PERFIT_SYNC_BACKOFF_MAX_MS: '60000',
      PERFIT_SYNC_INTERVAL_MS: '100',
    };
    service = await startChildService('test/fixtures/cli-with-test-pipeline.ts', ['serve', '--data-dir', dataDir, '--port', '0'], {
      ...env,
      PERFIT_REQUIRE_FACE: 'false',
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const state = (await (await fetch(`${service.url}/api/v1/sync`)).json()) as { online: boolean | null };
      if (state.online === false) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.start();
    const now = await runCli(perfit, ['sync', 'now', '--wait', '20', '--json', '--data-dir', dataDir], env);
    expect(now.stderr).toContain('a running service owns the data folder');
    expect(now.code).toBe(0);
    expect(JSON.parse(now.stdout)).toMatchObject({ queue_length: 0, online: true });
    expect(await server.list(bucket, 'avatars/cli-running/')).toHaveLength(contractFileNames.length);
  }, 60_000);
});
