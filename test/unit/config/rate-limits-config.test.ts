import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/main/config.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('rate limit settings', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('default to 30 scans a minute (bursts of 10) and 600 frame checks a minute (bursts of 30) per client, 120 bucket lookups in all', () => {
    expect(loadConfig({ env: { PERFIT_DATA_DIR: dir.path } }).rateLimits).toEqual({
      createAvatar: { ratePerMinute: 30, burst: 10 },
      captureCheck: { ratePerMinute: 600, burst: 30 },
      remoteLookup: { ratePerMinute: 120, burst: 30 },
    });
  });

  it('are set or turned off from the environment', () => {
    const config = loadConfig({
      env: {
        PERFIT_DATA_DIR: dir.path,
        PERFIT_RATE_LIMIT_AVATAR_PER_MINUTE: '5',
        PERFIT_RATE_LIMIT_CAPTURE_CHECK_PER_MINUTE: 'off',
        PERFIT_RATE_LIMIT_REMOTE_LOOKUP_PER_MINUTE: '12',
      },
    });
    expect(config.rateLimits.createAvatar).toEqual({ ratePerMinute: 5, burst: 10 });
    expect(config.rateLimits.captureCheck.ratePerMinute).toBeNull();
    expect(config.rateLimits.remoteLookup).toEqual({ ratePerMinute: 12, burst: 30 });
  });

  it('refuse a zero rate or burst, naming the setting', () => {
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_RATE_LIMIT_AVATAR_PER_MINUTE: '0' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path }, overrides: { rateLimits: { captureCheck: { burst: 0 } } } })).toThrow(
      /rateLimits\.captureCheck\.burst/,
    );
  });
});
