import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/main/config.js';
import { shellSettingsFrom } from '../../../src/main/shell/settings.js';

/** The shell's settings through the one configuration loader, from the environment as the installer sets them. */
function loadShellSettings(env: Record<string, string>) {
  return shellSettingsFrom(loadConfig({ env: { PERFIT_DATA_DIR: '/nonexistent/perfit-data', ...env } }));
}

describe('shell settings in the configuration', () => {
  it('defaults to kiosk mode, updates off, channel latest, a daily check', () => {
    expect(loadShellSettings({})).toEqual({
      kioskMode: true,
      update: { feedUrl: null, channel: 'latest', checkIntervalMs: 24 * 3_600_000 },
    });
  });

  it('reads the update feed, channel and interval', () => {
    const settings = loadShellSettings({
      PERFIT_UPDATE_URL: 'https://minio.store.example:9000/perfit-updates/kiosk',
      PERFIT_UPDATE_CHANNEL: 'beta',
      PERFIT_UPDATE_CHECK_INTERVAL_HOURS: '6',
      PERFIT_KIOSK_MODE: 'false',
    });
    expect(settings).toEqual({
      kioskMode: false,
      update: { feedUrl: 'https://minio.store.example:9000/perfit-updates/kiosk', channel: 'beta', checkIntervalMs: 6 * 3_600_000 },
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadShellSettings({ PERFIT_UPDATE_URL: '', PERFIT_KIOSK_MODE: '' })).toMatchObject({
      kioskMode: true,
      update: { feedUrl: null },
    });
  });

  it('refuses a plain-http feed on the network, but accepts one on loopback (a test server)', () => {
    expect(() => loadShellSettings({ PERFIT_UPDATE_URL: 'http://updates.example/kiosk' })).toThrow(
      /update\.feedUrl \(PERFIT_UPDATE_URL\): must be an https URL/,
    );
    expect(loadShellSettings({ PERFIT_UPDATE_URL: 'http://127.0.0.1:9000/kiosk' }).update.feedUrl).toBe('http://127.0.0.1:9000/kiosk');
  });

  it('refuses credentials in the feed URL and other schemes', () => {
    expect(() => loadShellSettings({ PERFIT_UPDATE_URL: 'https://user:pw@updates.example/' })).toThrow(/must not contain credentials/);
    expect(() => loadShellSettings({ PERFIT_UPDATE_URL: 'ftp://updates.example/' })).toThrow(ConfigError);
  });

  it('names the variable of a wrong value', () => {
    expect(() => loadShellSettings({ PERFIT_KIOSK_MODE: 'maybe' })).toThrow(/PERFIT_KIOSK_MODE="maybe" is not a boolean/);
    expect(() => loadShellSettings({ PERFIT_UPDATE_CHANNEL: 'Latest Builds' })).toThrow(/PERFIT_UPDATE_CHANNEL/);
    expect(() => loadShellSettings({ PERFIT_UPDATE_CHECK_INTERVAL_HOURS: '0' })).toThrow(/PERFIT_UPDATE_CHECK_INTERVAL_HOURS/);
  });
});
