import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { startChildService, type ChildService } from '../../helpers/child-service.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { chromiumPath } from './fake-camera.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serveEntry = 'test/e2e/kiosk/fixtures/serve-kiosk.ts';
export const builtRendererIndex = join(repoRoot, 'out/renderer/index.html');
export const screensDir = join(repoRoot, 'docs/screens');

export const portrait = { width: 1080, height: 1920 } as const;
export const landscape = { width: 1920, height: 1080 } as const;

export interface KioskService extends ChildService {
  dataDir: string;
  close(): Promise<void>;
}

/** `perfit serve` (the kiosk e2e pipeline) on a free port with a fresh data folder. */
export async function startKioskService(env: NodeJS.ProcessEnv = {}): Promise<KioskService> {
  const data = makeTempDir('perfit-kiosk-e2e-');
  const service = await startChildService(serveEntry, [], { PERFIT_DATA_DIR: data.path, PERFIT_PORT: '0', ...env });
  return {
    ...service,
    dataDir: data.path,
    async close() {
      await service.stop();
      data.remove();
    },
  };
}

/**
 * Waits until POST /api/v1/capture/check answers 200: the checker loads its models on first use
 * (503 until then), and a test should not spend its own time on that.
 */
export async function warmUpCaptureChecks(baseUrl: string, photoPath: string, timeoutMs = 60_000): Promise<void> {
  const body = JSON.stringify({ image: readFileSync(photoPath).toString('base64'), view: 'front' });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${baseUrl}/api/v1/capture/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (response.status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`capture checks not ready after ${timeoutMs} ms: ${response.status} ${await response.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Debian's Chromium, headless, with the fake camera playing `videoPath` and WebGL in software. */
export function launchKioskBrowser(videoPath: string): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${videoPath}`,
      // SwiftShader: WebGL without a GPU, as on a CI machine.
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
}

/** A fresh page (own localStorage, camera allowed) on the kiosk, optionally with stored settings. */
export async function openKiosk(
  browser: Browser,
  baseUrl: string,
  options: { settings?: Record<string, unknown>; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? portrait });
  await context.grantPermissions(['camera'], { origin: baseUrl });
  if (options.settings) {
    const stored = JSON.stringify(options.settings);
    // Runs in the page (the Node tsconfig of the tests has no DOM types, hence the cast).
    await context.addInitScript(
      (value) =>
        (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem(
          'perfit.kiosk.settings',
          value,
        ),
      stored,
    );
  }
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.locator('.kiosk').waitFor();
  return page;
}

/**
 * Writes docs/screens/<name>-portrait.png and -landscape.png of the page as it is now; `inView`, a
 * part below the fold, is scrolled into view at each size.
 */
export async function recordScreen(page: Page, name: string, inView?: Locator): Promise<void> {
  mkdirSync(screensDir, { recursive: true });
  const original = page.viewportSize() ?? portrait;
  for (const [orientation, size] of [
    ['portrait', portrait],
    ['landscape', landscape],
  ] as const) {
    await page.setViewportSize(size);
    // One frame for the layout, a few for the 3D view to redraw at the new size.
    await page.waitForTimeout(350);
    await inView?.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screensDir, `${name}-${orientation}.png`), animations: 'disabled', caret: 'hide' });
  }
  await page.setViewportSize(original);
}

export function rendererIsBuilt(): boolean {
  return existsSync(builtRendererIndex);
}

/** Whether the page can have a WebGL 2 context (what Human's WebGL backend looks for); SwiftShader gives one without a GPU. */
export async function webglAvailable(page: Page): Promise<boolean> {
  // A function, not a string: the page's CSP forbids eval. The tests' tsconfig has no DOM types.
  type CanvasDocument = { createElement(name: 'canvas'): { getContext(kind: string): unknown } };
  return page.evaluate(
    () => (globalThis as unknown as { document: CanvasDocument }).document.createElement('canvas').getContext('webgl2') !== null,
  );
}

/**
 * Waits until the capture screen's live pose (Human in the renderer) has either drawn the skeleton
 * or given up; answers the skeleton's source then and the detections per second it reported. The
 * three are read together in the page: at a detection a second (software WebGL on a busy machine)
 * the skeleton goes back to the server's pose between detections, so reads one after another could
 * each see a different moment.
 */
export async function waitForLivePose(
  page: Page,
  timeoutMs = 30_000,
): Promise<{ state: string; source: string | null; detectionsPerSecond: number }> {
  type LivePoseDocument = { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  const snapshot = await page.waitForFunction(
    () => {
      const document = (globalThis as unknown as { document: LivePoseDocument }).document;
      const screen = document.querySelector('[data-testid="screen-capture"]');
      const state = screen?.getAttribute('data-live-pose-state') ?? '';
      const source = document.querySelector('[data-testid="skeleton"]')?.getAttribute('data-live-pose') ?? null;
      if (state !== 'unavailable' && source !== 'human') return null;
      return { state, source, detectionsPerSecond: Number(screen?.getAttribute('data-live-pose-fps')) };
    },
    undefined,
    { timeout: timeoutMs },
  );
  return (await snapshot.jsonValue())!;
}
