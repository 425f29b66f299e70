import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createKioskBrowserWindow } from '../../../src/main/shell/policy/window-options.js';

/** Stands in for Electron's BrowserWindow and keeps the options it was built with. */
class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

const build = (kiosk: boolean) => createKioskBrowserWindow(RecordingWindow, { preloadPath: '/app/out/preload/index.cjs', kiosk }).options;

describe('kiosk window options', () => {
  it('isolates and sandboxes the page, with no Node anywhere', () => {
    const prefs = build(true).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the built preload', () => {
    expect(build(true).webPreferences?.preload).toBe('/app/out/preload/index.cjs');
  });

  it('in kiosk mode is full screen with no devtools', () => {
    const options = build(true);
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, show: false });
    expect(options.webPreferences?.devTools).toBe(false);
  });

  it('outside kiosk mode is a normal window with devtools for staff', () => {
    const options = build(false);
    expect(options).toMatchObject({ kiosk: false, fullscreen: false });
    expect(options.webPreferences?.devTools).toBe(true);
    expect(options.webPreferences?.sandbox).toBe(true);
  });
});
