import { join } from 'node:path';
import { app, dialog, Menu, session } from 'electron';
import { loadConfig } from '../config.js';
import { createLogger, type Logger } from '../logging.js';
import { createService, type Service } from '../service.js';
import type { WorkerFactory } from '../threads/worker-factory.js';
import { hardenSession, hardenWebContents } from './harden.js';
import { registerBridgeHandlers } from './ipc.js';
import { isKioskIdle } from './kiosk-idle.js';
import { KioskWindow } from './kiosk-window.js';
import { createShellLogger } from './logging/shell-logger.js';
import { kioskBaseUrl } from './policy/origin.js';
import { relaunchOptions } from './policy/relaunch.js';
import { afterWindowClosed } from './policy/window-closed.js';
import { shellSettingsFrom } from './settings.js';
import { startAutoUpdater, type AutoUpdater } from './update/auto-updater.js';

export interface KioskShellOptions {
  inferenceWorkerFactory: WorkerFactory;
  humanChecksWorkerFactory: WorkerFactory;
  calibrationWorkerFactory: WorkerFactory;
  preloadPath: string;
}

/** How long a running scan may take to finish when the app quits before it goes back to the queue. */
const stopGraceMs = 15_000;

/**
 * The Electron shell: one instance, the service core in-process, one secure kiosk window that
 * loads the UI from the local service (same origin as the API, so no CORS and no file:// pages),
 * the auto-updater, and a shutdown that lets the running scan finish or requeues it.
 */
export function startKioskShell(options: KioskShellOptions): void {
  // A stable, lower-case data folder whatever the product name: %APPDATA%\perfit-kiosk, ~/.config/perfit-kiosk.
  app.setPath('userData', join(app.getPath('appData'), 'perfit-kiosk'));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();

  let appOrigin: string | null = null;
  // Lines before the log file is open (a config error) go to stdout; the installer's service wrapper keeps them.
  let log: Logger = createLogger({ level: 'info' });
  let service: Service | null = null;
  let kioskWindow: KioskWindow | null = null;
  let updater: AutoUpdater | null = null;
  let stopping = false;
  let kioskMode = false;

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(
      contents,
      () => appOrigin,
      (url) => kioskWindow?.load(url),
      () => log,
    );
  });
  app.on('second-instance', () => kioskWindow?.focus());
  app.on('window-all-closed', () => {
    // In kiosk mode the window reopens itself (KioskWindow); the app lives on meanwhile.
    if (!stopping && afterWindowClosed({ kioskMode, quitting: stopping }) === 'quit') app.quit();
  });
  app.on('child-process-gone', (_event, details) => {
    log.error({ type: details.type, reason: details.reason, exit_code: details.exitCode }, 'an Electron child process is gone');
  });

  const start = async (): Promise<void> => {
    const dataDir = process.env['PERFIT_DATA_DIR'] ?? app.getPath('userData');
    const config = loadConfig({
      overrides: { dataDir },
      defaultModelsDir: app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models'),
    });
    const settings = shellSettingsFrom(config);
    const shellLog = createShellLogger(createLogger, config.logLevel, join(config.dataDir, 'logs'));
    log = shellLog.log;
    log.info({ version: app.getVersion(), electron: process.versions.electron, kiosk_mode: settings.kioskMode }, 'perfit kiosk starting');
    kioskMode = settings.kioskMode;
    // The default menu carries reload, devtools and quit accelerators; a kiosk has no menu at all.
    if (kioskMode) Menu.setApplicationMenu(null);

    service = await createService(config, {
      log,
      inferenceWorkerFactory: options.inferenceWorkerFactory,
      humanChecksWorkerFactory: options.humanChecksWorkerFactory,
      calibrationWorkerFactory: options.calibrationWorkerFactory,
      // electron-vite puts the UI beside the main bundle: out/main/index.js → out/renderer/.
      rendererDir: join(import.meta.dirname, '../renderer'),
    });
    if (!service.url) throw new Error('the service is not listening');
    const origin = kioskBaseUrl(service.url);
    appOrigin = origin;
    hardenSession(session.defaultSession, () => appOrigin, log);

    const running = service;
    updater = startAutoUpdater({
      settings: settings.update,
      currentVersion: app.getVersion(),
      isPackaged: app.isPackaged,
      isKioskIdle: () => isKioskIdle(running),
      log,
    });
    const window = new KioskWindow({ appOrigin: origin, preloadPath: options.preloadPath, kiosk: settings.kioskMode, log });
    kioskWindow = window;
    const activeUpdater = updater;
    registerBridgeHandlers(
      {
        appVersion: () => app.getVersion(),
        serviceConnection: () => ({ baseUrl: origin, token: config.apiKey ?? null }),
        restart: () => {
          log.info('restart asked from the kiosk');
          app.relaunch(relaunchOptions(process.execPath, process.argv, process.env));
          app.quit();
        },
        openSettings: () => window.showSettings(),
        updateStatus: () => activeUpdater.machine.status,
      },
      origin,
      log,
    );
    window.open();
  };

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log.fatal({ err: error }, 'perfit kiosk failed to start');
      console.error(`Perfit Kiosk cannot start: ${message}`);
      dialog.showErrorBox('Perfit Kiosk cannot start', message);
      void shutDown(1);
    });

  const shutDown = async (exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    kioskWindow?.close();
    updater?.controller.stop();
    try {
      // The running scan gets its grace period, then goes back to the queue (service.stop).
      await service?.stop(stopGraceMs);
    } catch (error) {
      log.error({ err: error }, 'the service did not stop cleanly');
    }
    log.info({ exit_code: exitCode }, 'perfit kiosk stopped');
    app.exit(exitCode);
  };

  app.on('before-quit', (event) => {
    event.preventDefault();
    void shutDown(0);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutDown(0));
}
