import { BrowserWindow } from 'electron';
import type { Logger } from '../logging.js';
import { shouldBlockInput } from './policy/input.js';
import { RendererRestartPolicy } from './policy/renderer-restart.js';
import { afterWindowClosed } from './policy/window-closed.js';
import { createKioskBrowserWindow } from './policy/window-options.js';

/** The staff settings screen of the renderer (hash route: the service serves one index.html). */
export const settingsRoute = '/#/settings';

/** A renderer unresponsive this long is crashed on purpose so that it is reopened. */
const unresponsiveLimitMs = 30_000;

export interface KioskWindowOptions {
  /** The app's origin, e.g. http://127.0.0.1:8420; the window loads `${appOrigin}/`. */
  appOrigin: string;
  preloadPath: string;
  kiosk: boolean;
  log: Logger;
}

/**
 * The one kiosk window, reopened when its renderer process dies (crash, OOM, killed) and crashed
 * on purpose when it hangs, so the kiosk always comes back to the start screen by itself. In kiosk
 * mode it also ignores reload, devtools, close and quit keys, and is opened again if it is closed
 * anyway while the app is not quitting.
 */
export class KioskWindow {
  private window: BrowserWindow | null = null;
  private readonly restartPolicy = new RendererRestartPolicy();
  private closing = false;

  constructor(private readonly options: KioskWindowOptions) {}

  get current(): BrowserWindow | null {
    return this.window;
  }

  open(): void {
    const { appOrigin, preloadPath, kiosk, log } = this.options;
    const window = createKioskBrowserWindow(BrowserWindow, { preloadPath, kiosk });
    const previous = this.window;
    this.window = window;
    previous?.destroy();
    window.once('ready-to-show', () => window.show());
    let unresponsiveTimer: NodeJS.Timeout | null = null;
    window.on('unresponsive', () => {
      log.warn('kiosk window unresponsive');
      unresponsiveTimer ??= setTimeout(() => window.webContents.forcefullyCrashRenderer(), unresponsiveLimitMs);
    });
    window.on('responsive', () => {
      if (unresponsiveTimer) clearTimeout(unresponsiveTimer);
      unresponsiveTimer = null;
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      if (unresponsiveTimer) clearTimeout(unresponsiveTimer);
      if (this.closing || this.window !== window) return;
      const delayMs = this.restartPolicy.nextDelayMs(Date.now());
      log.error(
        { reason: details.reason, exit_code: details.exitCode, reopen_in_ms: delayMs },
        'kiosk renderer gone; reopening the window',
      );
      setTimeout(() => {
        if (!this.closing && this.window === window) this.open();
      }, delayMs);
    });
    window.webContents.on('before-input-event', (event, input) => {
      if (!shouldBlockInput(input, { kioskMode: kiosk })) return;
      event.preventDefault();
      if (input.type === 'keyDown') log.info({ key: input.key, code: input.code }, 'kiosk key blocked');
    });
    window.on('closed', () => {
      if (this.window !== window) return;
      this.window = null;
      if (afterWindowClosed({ kioskMode: kiosk, quitting: this.closing }) === 'quit') return;
      const delayMs = this.restartPolicy.nextDelayMs(Date.now());
      log.warn({ reopen_in_ms: delayMs }, 'kiosk window closed; reopening it');
      setTimeout(() => {
        if (!this.closing && this.window === null) this.open();
      }, delayMs);
    });
    this.load(`${appOrigin}/`);
  }

  load(url: string): void {
    const window = this.window;
    if (!window) return;
    window.loadURL(url).catch((error: unknown) => this.options.log.error({ err: error, url }, 'kiosk window failed to load'));
  }

  showSettings(): void {
    this.load(`${this.options.appOrigin}${settingsRoute}`);
  }

  focus(): void {
    if (!this.window) return;
    if (this.window.isMinimized()) this.window.restore();
    this.window.focus();
  }

  /** Called on quit: a renderer that dies or a window closed from now on is not reopened. */
  close(): void {
    this.closing = true;
  }
}
