import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AvatarRepository } from '../../../src/main/avatars/avatar-repository.js';
import { ArtifactMismatchError } from '../../../src/main/avatars/errors.js';
import { SyncOutbox } from '../../../src/main/storage/sync/outbox-repository.js';
import { makeArtifactRecords, makeArtifactRecord, makeNewAvatar } from '../../factories/avatars.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { makeClock } from '../../factories/jobs.js';
import { openAvatarStores } from '../../../src/main/stores.js';

describe('the sync outbox in SQLite', () => {
  let temp: TempDatabase;
  let clock: ReturnType<typeof makeClock>;
  let avatars: AvatarRepository;
  let outbox: SyncOutbox;

  beforeEach(() => {
    temp = makeTempDatabase();
    clock = makeClock();
    avatars = openAvatarStores(temp.db, { now: clock.now }).avatars;
    outbox = new SyncOutbox(temp.db, { now: clock.now });
  });
  afterEach(() => temp.cleanUp());

  function insertAvatar(userId = 'customer-1'): string {
    const avatar = makeNewAvatar({ userId });
    avatars.insert(avatar, makeArtifactRecords(avatar.id));
    return avatar.id;
  }

  it('queues one upload per artifact in the transaction that inserts the avatar, and nothing when the insert fails', () => {
    const id = insertAvatar('pos-9');
    expect(outbox.itemsOf(id).map((item) => [item.op, item.name, item.objectKey, item.state])).toEqual(
      ['avatar.json', 'mesh.obj', 'smplx_params.npz', 'source.jpg'].map((name) => [
        'upload',
        name,
        `avatars/pos-9/${id}/${name}`,
        'pending',
      ]),
    );
    const broken = makeNewAvatar();
    expect(() =>
      avatars.insert(broken, [makeArtifactRecord(broken.id, 'mesh.obj'), makeArtifactRecord('another-avatar', 'x.bin')]),
    ).toThrow(ArtifactMismatchError);
    expect(outbox.itemsOf(broken.id)).toEqual([]);
    expect(outbox.counts()).toEqual({ pendingUploads: 4, pendingDeletes: 0, leased: 0, failed: 0 });
  });

  it('does not queue files recorded as synced already', () => {
    const avatar = makeNewAvatar();
    avatars.insert(avatar, [
      makeArtifactRecord(avatar.id, 'mesh.obj', { objectKey: 'k', syncedAt: '2025-01-01T00:00:00.000Z' }),
      makeArtifactRecord(avatar.id, 'avatar.json'),
    ]);
    expect(outbox.itemsOf(avatar.id).map((item) => item.name)).toEqual(['avatar.json']);
  });

  it('leases due rows oldest first, up to the limit, to one owner at a time', () => {
    const first = insertAvatar();
    const second = insertAvatar();
    const leased = outbox.lease('a', 6, 60_000);
    expect(leased.map((item) => item.avatarId)).toEqual([first, first, first, first, second, second]);
    expect(outbox.lease('b', 10, 60_000)).toHaveLength(2);
    expect(outbox.lease('c', 10, 60_000)).toEqual([]);
    expect(outbox.counts().leased).toBe(8);
  });

  it('runs the rows of one key in order: a delete waits for the upload of its key in flight', () => {
    const id = insertAvatar('ordered');
    const [upload] = outbox.lease('worker', 1, 60_000);
    expect(upload!.name).toBe('avatar.json');
    outbox.enqueueDeletes(
      ['avatar.json', 'mesh.obj'].map((name) => ({ avatarId: id, userId: 'ordered', name, objectKey: `avatars/ordered/${id}/${name}` })),
    );
    // The mesh upload not started is dropped; the upload in flight stays and holds back its delete.
    expect(outbox.itemsOf(id).map((item) => `${item.op}:${item.name}:${item.state}`)).toEqual([
      'upload:avatar.json:leased',
      'upload:smplx_params.npz:pending',
      'upload:source.jpg:pending',
      'delete:avatar.json:pending',
      'delete:mesh.obj:pending',
    ]);
    expect(outbox.lease('other', 10, 60_000).map((item) => `${item.op}:${item.name}`)).toEqual([
      'upload:smplx_params.npz',
      'upload:source.jpg',
      'delete:mesh.obj',
    ]);
    expect(outbox.complete(upload!.seq, 'worker')).toBe(true);
    expect(outbox.lease('other', 10, 60_000).map((item) => `${item.op}:${item.name}`)).toEqual(['delete:avatar.json']);
  });

  it('takes back every lease of a dead process at start-up, and expired leases when leasing, without counting an attempt', () => {
    insertAvatar();
    const leased = outbox.lease('dead', 2, 60_000);
    expect(outbox.recoverAllLeases()).toBe(2);
    expect(outbox.counts()).toMatchObject({ pendingUploads: 4, leased: 0 });
    outbox.lease('slow', 4, 1_000);
    clock.advance(1_001);
    const again = outbox.lease('next', 10, 60_000);
    expect(again.map((item) => item.seq)).toEqual(expect.arrayContaining(leased.map((item) => item.seq)));
    expect(again.every((item) => item.attempts === 0)).toBe(true);
  });

  it('counts object failures, waits the backoff, fails for good on request, and requeues failed rows', () => {
    insertAvatar();
    const [item] = outbox.lease('w', 1, 60_000);
    expect(outbox.retryLater(item!.seq, 'w', { code: 'integrity_mismatch', message: 'differs' }, clock.now() + 500)).toBe(true);
    expect(outbox.lease('w', 10, 60_000).map((leased) => leased.seq)).not.toContain(item!.seq);
    expect(outbox.nextDueAtMs()).toBe(clock.now() + 500);
    outbox.recoverAllLeases();
    clock.advance(500);
    const [retried] = outbox.lease('w', 1, 60_000);
    expect(retried).toMatchObject({ seq: item!.seq, attempts: 1, lastErrorCode: 'integrity_mismatch' });
    expect(outbox.fail(retried!.seq, 'w', { code: 'local_file_missing', message: 'gone' })).toBe(true);
    expect(outbox.counts().failed).toBe(1);
    expect(outbox.failedItems()[0]).toMatchObject({ seq: item!.seq, attempts: 2, lastError: 'gone' });
    expect(outbox.complete(item!.seq, 'someone-else')).toBe(false);
    expect(outbox.requeueFailed()).toBe(1);
    expect(outbox.lease('w', 1, 60_000)[0]).toMatchObject({ seq: item!.seq, attempts: 0 });
  });

  it('backfills uploads for artifacts stored before the outbox existed, once', () => {
    const id = insertAvatar();
    temp.db.prepare('DELETE FROM sync_outbox').run();
    avatars.markArtifactSynced(id, 'mesh.obj', 'k');
    expect(outbox.backfill()).toBe(3);
    expect(outbox.backfill()).toBe(0);
    expect(outbox.itemsOf(id).map((item) => item.name)).toEqual(['avatar.json', 'smplx_params.npz', 'source.jpg']);
  });

  it('makes waiting rows due and records the request when asked to sync now', () => {
    insertAvatar();
    const [item] = outbox.lease('w', 1, 60_000);
    outbox.retryLater(item!.seq, 'w', { code: 'object_error', message: 'x' }, clock.now() + 60_000);
    expect(outbox.status().requestedAt).toBeNull();
    expect(outbox.expedite()).toBe(1);
    expect(outbox.status().requestedAt).toBe(new Date(clock.now()).toISOString());
    expect(outbox.nextDueAtMs()).toBe(clock.now());
  });

  it('marks an avatar synced when its last file is, and records failures on it', () => {
    const id = insertAvatar();
    for (const name of ['avatar.json', 'mesh.obj', 'smplx_params.npz'])
      expect(avatars.markArtifactSynced(id, name, `k/${name}`)).toBe('pending');
    avatars.recordSyncError(id, 'source.jpg: timeout; retrying', false);
    expect(avatars.get(id)).toMatchObject({ syncState: 'pending', syncError: 'source.jpg: timeout; retrying' });
    expect(avatars.markArtifactSynced(id, 'source.jpg', 'k/source.jpg')).toBe('synced');
    expect(avatars.get(id)).toMatchObject({ syncState: 'synced', syncError: null, syncedAt: new Date(clock.now()).toISOString() });
    const other = insertAvatar();
    avatars.recordSyncError(other, 'mesh.obj: missing', true);
    expect(avatars.syncStateCounts()).toEqual({ pending: 0, synced: 1, failed: 1, disabled: 0 });
    expect(avatars.resetFailedSync()).toBe(1);
    expect(avatars.get(other)!.syncState).toBe('pending');
  });
});
