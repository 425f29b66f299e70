import type { Config } from '../config.js';

/**
 * What the Electron shell reads of the configuration: kiosk mode and the update feed. They live in
 * `config.ts` (keys `kiosk` and `update`; PERFIT_KIOSK_MODE, PERFIT_UPDATE_URL,
 * PERFIT_UPDATE_CHANNEL, PERFIT_UPDATE_CHECK_INTERVAL_HOURS), so the config file can hold them too.
 */

export interface UpdateSettings {
  /** Generic-server feed: a web server, or an S3/MinIO bucket URL (path-style), holding latest.yml. */
  feedUrl: string | null;
  channel: string;
  checkIntervalMs: number;
}

export interface ShellSettings {
  kioskMode: boolean;
  update: UpdateSettings;
}

const hourMs = 3_600_000;

export function shellSettingsFrom(config: Pick<Config, 'kiosk' | 'update'>): ShellSettings {
  return {
    kioskMode: config.kiosk.fullScreen,
    update: {
      feedUrl: config.update.feedUrl ?? null,
      channel: config.update.channel,
      checkIntervalMs: config.update.checkIntervalHours * hourMs,
    },
  };
}
