import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/main/metrics.js';
import { DiskFullError, DiskSpace } from '../../../src/main/storage/disk-space.js';
import { StorageUsage } from '../../../src/main/storage/storage-usage.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const MiB = 2 ** 20;
const statfsWithFree = (freeBytes: number) => () => ({ bavail: freeBytes / 4096, blocks: (10 * 1024 * MiB) / 4096, bsize: 4096 });

describe('DiskSpace', () => {
  it('reports free space and whether it is below the reserve', () => {
    expect(new DiskSpace('/data', 512 * MiB, statfsWithFree(2048 * MiB)).status()).toEqual({
      freeBytes: 2048 * MiB,
      totalBytes: 10 * 1024 * MiB,
      minFreeBytes: 512 * MiB,
      low: false,
    });
    expect(new DiskSpace('/data', 512 * MiB, statfsWithFree(100 * MiB)).status().low).toBe(true);
  });

  it('refuses a write that would eat into the reserve, with disk_full and the figures', () => {
    const disk = new DiskSpace('/data', 512 * MiB, statfsWithFree(520 * MiB));
    expect(() => disk.assertRoomFor(4 * MiB)).not.toThrow();
    const refused = (() => {
      try {
        disk.assertRoomFor(10 * MiB);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(DiskFullError);
    expect(refused).toMatchObject({ code: 'disk_full' });
    expect((refused as Error).message).toMatch(/520 MiB free, 512 MiB kept in reserve/);
  });

  it('reads the real file system of a folder', () => {
    const status = new DiskSpace(process.cwd(), 0).status();
    expect(status.freeBytes).toBeGreaterThan(0);
    expect(status.totalBytes).toBeGreaterThanOrEqual(status.freeBytes);
  });
});

describe('StorageUsage and the storage metrics', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('perfit-usage-');
  });
  afterEach(() => dir.remove());

  it("sums each area's files, nested folders included, and feeds perfit_storage_bytes and perfit_disk_free_bytes", async () => {
    mkdirSync(join(dir.path, 'avatars', 'a', 'b'), { recursive: true });
    writeFileSync(join(dir.path, 'avatars', 'a', 'mesh.glb'), Buffer.alloc(1000));
    writeFileSync(join(dir.path, 'avatars', 'a', 'b', 'x.bin'), Buffer.alloc(234));
    writeFileSync(join(dir.path, 'perfit.sqlite'), Buffer.alloc(4096));
    const usage = new StorageUsage({
      avatars: [join(dir.path, 'avatars')],
      uploads: [join(dir.path, 'uploads')],
      database: [join(dir.path, 'perfit.sqlite'), join(dir.path, 'perfit.sqlite-wal')],
    });
    await usage.refresh();
    expect(usage.usedBytes()).toEqual({ avatars: 1234, uploads: 0, database: 4096 });

    const metrics = createMetrics({ storage: usage, disk: new DiskSpace(dir.path, 0, statfsWithFree(300 * MiB)), processMetrics: false });
    const text = await metrics.registry.metrics();
    expect(text).toContain('perfit_storage_bytes{area="avatars"} 1234');
    expect(text).toContain('perfit_storage_bytes{area="database"} 4096');
    expect(text).toContain(`perfit_disk_free_bytes ${300 * MiB}`);
  });
});
