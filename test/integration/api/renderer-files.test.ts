import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../fixtures/api/api-harness.js';
import { call, rawRequest } from '../../fixtures/api/http.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('the kiosk UI files served from the API origin', () => {
  let ui: ReturnType<typeof makeTempDir>;
  let h: ApiHarness;
  beforeAll(async () => {
    ui = makeTempDir('perfit-ui-');
    mkdirSync(join(ui.path, 'assets'));
    writeFileSync(join(ui.path, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(ui.path, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(ui.path, '.env'), 'SECRET=1');
    mkdirSync(join(ui.path, 'models'));
    writeFileSync(join(ui.path, 'models', 'movenet-lightning.bin'), Buffer.from([0, 1, 2, 255]));
    // The API requires its key here (non-loopback host); the UI files do not.
    h = await startApiHarness({ rendererDir: ui.path, config: { host: '0.0.0.0', apiKey: 'kiosk-test-key-0123456789abcdef' } });
  });
  afterAll(async () => {
    await h.close();
    ui.remove();
  });

  it('serves index.html at / (revalidated) and hashed assets (immutable) without the API key', async () => {
    const index = await fetch(`${h.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toBe('<!doctype html><title>kiosk</title>');
    const asset = await fetch(`${h.url}/assets/index-abc123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await call(`${h.url}/api/v1/health`)).status).toBe(401);
  });

  it('serves the live-pose model weights (.bin) byte for byte', async () => {
    const weights = await fetch(`${h.url}/models/movenet-lightning.bin`);
    expect(weights.status).toBe(200);
    expect(weights.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await weights.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('serves nothing outside the folder, no dot files, and no unknown files', async () => {
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/.env', '/assets/missing.js', '/index.html%00.js']) {
      const response = await rawRequest(h.port, { path, headers: { host: `127.0.0.1:${h.port}` } });
      expect(response.status, path).toBe(401); // not a UI file: it falls through to the API, which wants the key
      expect(response.text).not.toContain('SECRET');
    }
  });
});
