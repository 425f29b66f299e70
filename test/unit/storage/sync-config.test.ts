import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../../src/main/config.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('sync and privacy settings', () => {
  const dir = makeTempDir('perfit-sync-config-');
  afterAll(() => dir.remove());
  const load = (env: NodeJS.ProcessEnv): ReturnType<typeof loadConfig> => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, ...env } });

  it('has defaults: sync every 5 s with 4 uploads at a time, no remote lookup, photos kept 30 days', () => {
    const config = load({});
    expect(config.sync).toMatchObject({ intervalMs: 5000, concurrency: 4, remoteLookup: false, backoffBaseMs: 1000, backoffMaxMs: 60_000 });
    expect(config.privacy.sourceRetentionDays).toBe(30);
  });

  it('reads the environment: PERFIT_SYNC_INTERVAL_MS, PERFIT_REMOTE_LOOKUP, PERFIT_SOURCE_RETENTION_DAYS (a number or off)', () => {
    const config = load({
      PERFIT_SYNC_INTERVAL_MS: '250',
      PERFIT_REMOTE_LOOKUP: 'true',
      PERFIT_SOURCE_RETENTION_DAYS: '7',
      PERFIT_S3_PRESIGN_EXPIRY_SECONDS: '900',
    });
    expect(config.sync.intervalMs).toBe(250);
    expect(config.sync.remoteLookup).toBe(true);
    expect(config.privacy.sourceRetentionDays).toBe(7);
    expect(config.s3.presignExpirySeconds).toBe(900);
    expect(load({ PERFIT_SOURCE_RETENTION_DAYS: 'off' }).privacy.sourceRetentionDays).toBeNull();
  });

  it('names the setting and its variable when a value is wrong', () => {
    expect(() => load({ PERFIT_SOURCE_RETENTION_DAYS: '0' })).toThrow(/privacy\.sourceRetentionDays \(PERFIT_SOURCE_RETENTION_DAYS\)/);
    expect(() => load({ PERFIT_SYNC_INTERVAL_MS: 'soon' })).toThrow(ConfigError);
    expect(() => load({ PERFIT_SYNC_BACKOFF_BASE_MS: '5000', PERFIT_SYNC_BACKOFF_MAX_MS: '1000' })).toThrow(/sync\.backoffBaseMs/);
  });

  it('keeps the S3 credentials out of what is logged', () => {
    const config = load({
      PERFIT_S3_ENDPOINT: 'http://127.0.0.1:9000',
      PERFIT_S3_ACCESS_KEY: 'AKIA-SECRET-ID',
      PERFIT_S3_SECRET_KEY: 'very-secret',
    });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('very-secret');
    expect(shown).not.toContain('AKIA-SECRET-ID');
  });
});
