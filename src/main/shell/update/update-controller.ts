import type { UpdateStateMachine } from './update-state.js';

export interface UpdateLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface UpdateControllerOptions {
  machine: UpdateStateMachine;
  /** Asks the feed; the updater reports what it found through the machine's events. */
  checkForUpdates(): Promise<void>;
  /** Quits the app and runs the downloaded installer (the kiosk restarts on the new version). */
  quitAndInstall(): void;
  /** True while no scan is running and none is being processed. */
  isKioskIdle(): boolean;
  checkIntervalMs: number;
  /** How often a downloaded update looks for an idle kiosk; it installs after two idle looks in a row. */
  idlePollMs?: number;
  log: UpdateLog;
}

/** Consecutive idle looks before installing: a scan about to start gets one poll interval to show up. */
const idleLooksBeforeInstall = 2;

/**
 * Drives the updater: a check at start and every `checkIntervalMs`, the download in the background
 * (electron-updater's autoDownload), the install only once the kiosk is idle, never during a scan.
 */
export class UpdateController {
  private checkTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private idleLooks = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: UpdateControllerOptions) {}

  start(): void {
    const { machine, log } = this.options;
    if (machine.status.phase === 'disabled') {
      log.info('auto-update is off: no update feed configured (PERFIT_UPDATE_URL)');
      return;
    }
    this.unsubscribe = machine.subscribe((status, previous) => {
      if (status.phase !== previous.phase)
        log.info(`update: ${previous.phase} → ${status.phase}${status.error ? ` (${status.error})` : ''}`);
      if (status.phase === 'downloaded') this.watchForIdle();
      else this.stopWatchingForIdle();
    });
    void this.checkNow();
    this.checkTimer = setInterval(() => void this.checkNow(), this.options.checkIntervalMs);
    this.checkTimer.unref();
  }

  stop(): void {
    if (this.checkTimer) clearInterval(this.checkTimer);
    this.checkTimer = null;
    this.stopWatchingForIdle();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Starts a check unless one is under way or an update is already downloaded or installing. */
  async checkNow(): Promise<void> {
    const { machine } = this.options;
    if (!machine.dispatch({ type: 'check' })) return;
    try {
      await this.options.checkForUpdates();
      if (machine.status.phase === 'checking') {
        // electron-updater answers nothing when it is inactive (an unpackaged app, for one).
        machine.dispatch({ type: 'error', message: 'the update check returned no answer (is this a packaged build?)' });
      }
    } catch (error) {
      machine.dispatch({ type: 'error', message: messageOf(error) });
    }
  }

  private watchForIdle(): void {
    if (this.idleTimer) return;
    this.idleLooks = 0;
    this.idleTimer = setInterval(() => this.lookForIdle(), this.options.idlePollMs ?? 30_000);
    this.idleTimer.unref();
  }

  private stopWatchingForIdle(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
  }

  private lookForIdle(): void {
    this.idleLooks = this.options.isKioskIdle() ? this.idleLooks + 1 : 0;
    if (this.idleLooks < idleLooksBeforeInstall) return;
    this.stopWatchingForIdle();
    const { machine, log } = this.options;
    if (!machine.dispatch({ type: 'install' })) return;
    log.info(`installing update ${machine.status.availableVersion ?? ''}: the kiosk is idle`);
    try {
      this.options.quitAndInstall();
    } catch (error) {
      machine.dispatch({ type: 'error', message: messageOf(error) });
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
