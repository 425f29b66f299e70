/**
 * The whole surface the preload exposes to the kiosk page as `window.perfit`, and the IPC channel
 * behind each call. Types and constants only: the preload, the shell and the renderer import it.
 */

/** Phases of the auto-updater, as the staff status screen shows them. */
export const updatePhases = ['disabled', 'idle', 'checking', 'available', 'downloading', 'downloaded', 'installing', 'error'] as const;
export type UpdatePhase = (typeof updatePhases)[number];

export interface UpdateStatus {
  phase: UpdatePhase;
  /** The version running now. */
  currentVersion: string;
  /** The update channel (`latest`, `beta`, …). */
  channel: string;
  /** Version offered by the feed, once known. */
  availableVersion: string | null;
  /** 0–100 while downloading, 100 once downloaded, otherwise null. */
  downloadPercent: number | null;
  /** Why the last check, download or install failed. */
  error: string | null;
  /** ISO 8601 UTC time of the last completed check. */
  lastCheckedAt: string | null;
}

export interface ServiceConnection {
  /** Base URL of the local REST API, the page's own origin, e.g. `http://127.0.0.1:8420`. */
  baseUrl: string;
  /** API key to send as `Authorization: Bearer …`; null when the service needs none. Never put it in a URL. */
  token: string | null;
}

export interface PerfitBridge {
  appVersion(): Promise<string>;
  serviceConnection(): Promise<ServiceConnection>;
  /** Restarts the whole app (the running scan finishes or goes back to the queue first). */
  restart(): Promise<void>;
  /** Shows the staff settings screen in the kiosk window. */
  openSettings(): Promise<void>;
  updateStatus(): Promise<UpdateStatus>;
}

/** One fixed IPC channel per bridge call; the page never names a channel. */
export const bridgeChannels = {
  appVersion: 'perfit:app-version',
  serviceConnection: 'perfit:service-connection',
  restart: 'perfit:restart',
  openSettings: 'perfit:open-settings',
  updateStatus: 'perfit:update-status',
} as const satisfies Record<keyof PerfitBridge, string>;
