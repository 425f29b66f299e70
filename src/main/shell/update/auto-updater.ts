import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { Logger } from '../../logging.js';
import type { UpdateSettings } from '../settings.js';
import { UpdateController } from './update-controller.js';
import { UpdateStateMachine } from './update-state.js';

export interface AutoUpdaterOptions {
  settings: UpdateSettings;
  currentVersion: string;
  /** electron-updater does nothing in an unpackaged app (electron-vite dev/preview). */
  isPackaged: boolean;
  isKioskIdle(): boolean;
  log: Logger;
}

export interface AutoUpdater {
  readonly machine: UpdateStateMachine;
  readonly controller: UpdateController;
}

/**
 * Wires electron-updater (generic provider: a web server or an S3/MinIO bucket URL) to the pure
 * state machine and controller. Downloads run in the background; installing waits for an idle
 * kiosk and is never left to "install on quit", so a restart by staff cannot surprise anyone.
 */
export function startAutoUpdater(options: AutoUpdaterOptions): AutoUpdater {
  const { settings, log } = options;
  const enabled = settings.feedUrl !== null && options.isPackaged;
  if (settings.feedUrl !== null && !options.isPackaged) log.info('auto-update is off: this is not a packaged build');
  const machine = new UpdateStateMachine({ currentVersion: options.currentVersion, channel: settings.channel, enabled });
  const updateLog = log.child({ component: 'updater' });
  const controller = new UpdateController({
    machine,
    checkForUpdates: async () => {
      await electronUpdater.autoUpdater.checkForUpdates();
    },
    quitAndInstall: () => quitAndInstall(process.env['APPIMAGE'] ?? null),
    isKioskIdle: options.isKioskIdle,
    checkIntervalMs: settings.checkIntervalMs,
    log: { info: (message) => updateLog.info(message), warn: (message) => updateLog.warn(message) },
  });

  if (enabled && settings.feedUrl !== null) {
    const updater = electronUpdater.autoUpdater;
    updater.logger = {
      info: (message?: unknown) => updateLog.debug(String(message)),
      warn: (message?: unknown) => updateLog.warn(String(message)),
      error: (message?: unknown) => updateLog.error(String(message)),
    };
    // The channel goes in the feed options: assigning updater.channel would also allow downgrades.
    updater.setFeedURL({ provider: 'generic', url: settings.feedUrl, channel: settings.channel });
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = false;
    updater.allowDowngrade = false;
    updater.allowPrerelease = false;
    updater.on('update-available', (info) => machine.dispatch({ type: 'update-available', version: info.version }));
    updater.on('update-not-available', () => machine.dispatch({ type: 'update-not-available' }));
    updater.on('download-progress', (progress) => machine.dispatch({ type: 'download-progress', percent: progress.percent }));
    updater.on('update-downloaded', (info) => machine.dispatch({ type: 'update-downloaded', version: info.version }));
    updater.on('error', (error) => machine.dispatch({ type: 'error', message: error.message }));
  }
  controller.start();
  return { machine, controller };
}

/**
 * NSIS: the silent installer waits for this process to exit, installs, and starts the new version.
 * AppImage: electron-updater swaps the file at once; left to itself it would start the new version
 * while this one still holds the single-instance and data-folder locks (the new one would quit), so
 * the relaunch is Electron's, which happens after this process has exited.
 */
function quitAndInstall(appImagePath: string | null): void {
  const updater = electronUpdater.autoUpdater;
  if (appImagePath === null) {
    updater.quitAndInstall(true, true);
    return;
  }
  let installedPath = appImagePath;
  const onRenamed = (path: string): void => {
    installedPath = path;
  };
  updater.on('appimage-filename-updated', onRenamed);
  try {
    updater.quitAndInstall(true, false);
  } finally {
    updater.off('appimage-filename-updated', onRenamed);
  }
  app.relaunch({ execPath: installedPath, args: process.argv.slice(1) });
}
