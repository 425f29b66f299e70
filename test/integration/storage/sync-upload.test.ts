import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contractFileNames, storeAvatar } from '../../factories/stored-avatars.js';
import { startSyncStack, type SyncStack } from '../../fixtures/sync/sync-stack.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const md5Base64 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('base64');

describe('sync uploads to a real S3-protocol server', () => {
  let server: TestS3Server;
  let stack: SyncStack | null = null;
  let bucket: string;

  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterAll(async () => server?.close());
  afterEach(async () => {
    await stack?.close();
    stack = null;
  });

  it('uploads every artifact to avatars/{user_id}/{avatar_id}/<file> with its bytes, Content-MD5 and SHA-256, and records each as synced', async () => {
    bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const stored = storeAvatar(stack, { userId: 'pos-1234' });
    expect(stack.outbox.counts().pendingUploads).toBe(contractFileNames.length);

    const { result, remaining } = await stack.sync.drain({ timeoutMs: 10_000 });
    expect(result).toMatchObject({ uploaded: contractFileNames.length, alreadyPresent: 0, objectFailures: 0, endpointError: null });
    expect(remaining).toBe(0);

    const prefix = `avatars/pos-1234/${stored.avatar.id}/`;
    const objects = await server.list(bucket);
    expect(objects.map((object) => object.key)).toEqual(contractFileNames.map((name) => `${prefix}${name}`));
    for (const name of contractFileNames) {
      const local = stored.files.get(name)!;
      const remote = await server.read(bucket, `${prefix}${name}`);
      expect(sha256(remote)).toBe(sha256(local));
      expect((await server.metadata(bucket, `${prefix}${name}`))['sha256']).toBe(sha256(local));
      const put = server.requests.find((request) => request.method === 'PUT' && request.key === `${prefix}${name}`)!;
      // Content-MD5 is sent, is the MD5 of the recorded file, and is what went over the wire.
      expect(put.contentMd5).toBe(md5Base64(local));
      expect(put.bodyMd5).toBe(put.contentMd5);
    }
    for (const artifact of stack.avatars.artifacts(stored.avatar.id)) {
      expect(artifact.objectKey).toBe(`${prefix}${artifact.name}`);
      expect(artifact.syncedAt).not.toBeNull();
    }
    const avatar = stack.avatars.get(stored.avatar.id)!;
    expect(avatar.syncState).toBe('synced');
    expect(avatar.syncedAt).not.toBeNull();
    expect(stack.sync.summary()).toMatchObject({ enabled: true, online: true, queue: { length: 0 } });
  });

  it('never uploads twice: a second pass sends nothing, and a file already in the bucket with the same checksum is only recorded', async () => {
    bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const first = storeAvatar(stack, { userId: 'twice' });
    await stack.sync.drain({ timeoutMs: 10_000 });
    const putsBefore = server.requests.filter((request) => request.method === 'PUT' && request.bucket === bucket).length;
    expect((await stack.sync.runNow()).uploaded).toBe(0);

    // Another avatar whose mesh someone already put in the bucket, byte for byte.
    const second = storeAvatar(stack, { userId: 'twice' });
    const meshKey = `avatars/twice/${second.avatar.id}/mesh.obj`;
    await server.put(bucket, meshKey, second.files.get('mesh.obj')!, { sha256: sha256(second.files.get('mesh.obj')!) });
    const { result } = await stack.sync.drain({ timeoutMs: 10_000 });
    expect(result).toMatchObject({ uploaded: contractFileNames.length - 1, alreadyPresent: 1 });
    const puts = server.completedPuts(bucket);
    // The test put the mesh straight into the server; the kiosk never sent it.
    expect(puts.has(meshKey)).toBe(false);
    expect(server.requests.filter((request) => request.method === 'PUT' && request.bucket === bucket).length).toBe(
      putsBefore + contractFileNames.length - 1,
    );
    for (const [key, count] of puts) expect(count, key).toBe(1);
    expect(stack.avatars.get(first.avatar.id)!.syncState).toBe('synced');
    expect(stack.avatars.get(second.avatar.id)!.syncState).toBe('synced');
  });

  it('refuses to upload a local file that no longer matches its recorded checksum, and marks the avatar failed with the reason', async () => {
    bucket = await server.createBucket();
    stack = startSyncStack(server, { bucket });
    const stored = storeAvatar(stack, { userId: 'damaged' });
    const mesh = stack.avatars.artifact(stored.avatar.id, 'mesh.obj')!;
    writeFileSync(mesh.localPath, 'not the mesh that was stored\n');

    const { result } = await stack.sync.drain({ timeoutMs: 10_000 });
    expect(result.uploaded).toBe(contractFileNames.length - 1);
    expect(result.objectFailures).toBe(1);
    expect((await server.list(bucket)).map((object) => object.key)).not.toContain(`avatars/damaged/${stored.avatar.id}/mesh.obj`);
    const avatar = stack.avatars.get(stored.avatar.id)!;
    expect(avatar.syncState).toBe('failed');
    expect(avatar.syncError).toMatch(/mesh\.obj .*no longer matches the checksum.*\[local_file_corrupt\]/);
    expect(stack.sync.summary().queue.failed).toBe(1);
    expect(stack.logLines.some((line) => line['level'] === 50 && line['code'] === 'local_file_corrupt')).toBe(true);
  });
});
