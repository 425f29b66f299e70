import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskSpace } from '../../../src/main/storage/disk-space.js';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, postJson } from '../../fixtures/api/http.js';
import { makePhoto, toBase64 } from '../../fixtures/api/images.js';

type Json = Record<string, unknown>;
const MiB = 2 ** 20;

describe('a nearly full disk', () => {
  let h: ApiHarness | null = null;
  let freeBytes = 0;
  afterEach(async () => h?.close());

  async function start(): Promise<ApiHarness> {
    const disk = new DiskSpace('/unused', 512 * MiB, () => ({ bavail: freeBytes / 4096, blocks: (8 * 1024 * MiB) / 4096, bsize: 4096 }));
    h = await startApiHarness({ disk });
    return h;
  }
  const scan = async (api: ApiHarness) =>
    postJson<Json>(`${api.url}/api/v1/avatar`, {
      user_id: 'c-1',
      height_cm: 170,
      consent: true,
      image: toBase64(await makePhoto({ marker: 'face' })),
    });

  it('refuses new scans with 507 disk_full, writes no photo, and says so in /health', async () => {
    freeBytes = 100 * MiB;
    const api = await start();
    const refused = await scan(api);
    expect(refused.status, refused.text).toBe(507);
    expect(refused.body['code']).toBe('disk_full');
    expect(refused.body['detail']).toMatch(/100 MiB free, 512 MiB kept in reserve/);
    expect(api.queue.counts().pending).toBe(0);
    expect(readdirSafe(join(api.dataDir, 'uploads'))).toEqual([]);

    const health = await call<{ status: string; components: { disk: Json } }>(`${api.url}/api/v1/health`);
    expect(health.body.status).toBe('degraded');
    expect(health.body.components.disk).toMatchObject({ status: 'degraded', free_bytes: 100 * MiB, min_free_bytes: 512 * MiB });
  });

  it('accepts scans again once space is freed', async () => {
    freeBytes = 100 * MiB;
    const api = await start();
    expect((await scan(api)).status).toBe(507);
    freeBytes = 4096 * MiB;
    expect((await scan(api)).status).toBe(202);
    const health = await call<{ components: { disk: Json } }>(`${api.url}/api/v1/health`);
    expect(health.body.components.disk).toMatchObject({ status: 'ok' });
  });
});

function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
