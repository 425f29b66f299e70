import type { ElectronApplication, Page } from 'playwright';

/** The page's global object as far as these tests use it (the tsconfig has no DOM types). */
type KioskGlobal = { perfit?: { serviceConnection(): Promise<{ baseUrl: string; token: string | null }> } };

/** The kiosk app as the e2e tests see it: its window and what the preload exposes there. */
export class KioskAppPage {
  private constructor(
    readonly app: ElectronApplication,
    readonly window: Page,
  ) {}

  static async open(app: ElectronApplication): Promise<KioskAppPage> {
    const window = await app.firstWindow();
    await window.waitForLoadState('domcontentloaded');
    return new KioskAppPage(app, window);
  }

  bridgeKeys(): Promise<string[]> {
    return this.window.evaluate(() => Object.keys((globalThis as KioskGlobal).perfit ?? {}).sort());
  }

  serviceConnection(): Promise<{ baseUrl: string; token: string | null }> {
    return this.window.evaluate(() => (globalThis as KioskGlobal).perfit!.serviceConnection());
  }

  hasNode(): Promise<boolean> {
    return this.window.evaluate(
      () =>
        typeof (globalThis as { require?: unknown }).require !== 'undefined' ||
        typeof (globalThis as { process?: unknown }).process !== 'undefined',
    );
  }
}
