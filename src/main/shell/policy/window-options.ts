import type { BrowserWindowConstructorOptions } from 'electron';

export interface KioskWindowSettings {
  /** Absolute path of the built preload script. */
  preloadPath: string;
  /** Kiosk mode: full screen, no way out to the desktop, no devtools. Off for staff debugging. */
  kiosk: boolean;
}

/** Electron's BrowserWindow, or a stand-in that records its options (tests). */
export type BrowserWindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the one kiosk window. The renderer is a web page with no Node: isolated context,
 * sandboxed, the preload's named calls its only way to the main process. The constructor is passed
 * in so this stays Electron-free; the options are written out at the `new` so that static checkers
 * (Electronegativity) see them.
 */
export function createKioskBrowserWindow<W>(BrowserWindow: BrowserWindowConstructor<W>, settings: KioskWindowSettings): W {
  return new BrowserWindow({
    show: false,
    fullscreen: settings.kiosk,
    kiosk: settings.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'Perfit Kiosk',
    webPreferences: {
      preload: settings.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click opens no new window (Electronegativity's AUXCLICK check).
      disableBlinkFeatures: 'Auxclick',
      devTools: !settings.kiosk,
    },
  });
}
