import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskAppPage } from './kiosk-app.page.js';

/**
 * Launches the built app (out/main/index.js) in Electron. Runs where the Electron binary is
 * installed and the app is built; skips, saying why, anywhere else (CI without a display, or a
 * checkout where `npm install` could not download Electron).
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const mainEntry = join(root, 'out/main/index.js');

function electronBinary(): { path: string } | { skip: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { skip: `the Electron binary is not installed (${String(path)} missing)` };
  } catch (error) {
    return { skip: `the Electron binary is not installed: ${(error as Error).message}` };
  }
}

const binary = electronBinary();
const skipReason = 'skip' in binary ? binary.skip : !existsSync(mainEntry) ? 'the app is not built: run `npm run build` first' : null;
if (skipReason) console.warn(`Electron e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('the kiosk app in Electron', () => {
  let app: ElectronApplication;
  let kiosk: KioskAppPage;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'perfit-e2e-'));
    app = await _electron.launch({
      executablePath: 'path' in binary ? binary.path : undefined,
      args: [mainEntry, ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: {
        ...process.env,
        PERFIT_DATA_DIR: dataDir,
        PERFIT_PORT: '0',
        PERFIT_KIOSK_MODE: 'false',
        PERFIT_REQUIRE_FACE: 'false',
        PERFIT_UPDATE_URL: '',
      },
      timeout: 60_000,
    });
    kiosk = await KioskAppPage.open(app);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the kiosk window on the local service', async () => {
    const { baseUrl } = await kiosk.serviceConnection();
    expect(kiosk.window.url()).toBe(`${baseUrl}/`);
  });

  it('the service in the app answers /api/v1/health/live', async () => {
    const { baseUrl } = await kiosk.serviceConnection();
    const response = await fetch(`${baseUrl}/api/v1/health/live`);
    expect(response.status).toBe(200);
  });

  it('the page sees the named bridge calls and no Node', async () => {
    expect(await kiosk.bridgeKeys()).toEqual(['appVersion', 'openSettings', 'restart', 'serviceConnection', 'updateStatus']);
    expect(await kiosk.hasNode()).toBe(false);
  });

  it('the page is served with the strict Content-Security-Policy', async () => {
    const { baseUrl } = await kiosk.serviceConnection();
    const policy = await kiosk.window.evaluate(async (url) => {
      const response = await fetch(url);
      return response.headers.get('content-security-policy');
    }, `${baseUrl}/`);
    // The header is added by the session for the window's requests; fetch from the page goes through it.
    expect(policy ?? '').toContain("object-src 'none'");
  });

  it('refuses to navigate away from the app', async () => {
    const before = kiosk.window.url();
    await kiosk.window.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await kiosk.window.waitForTimeout(500);
    expect(kiosk.window.url()).toBe(before);
  });
});
