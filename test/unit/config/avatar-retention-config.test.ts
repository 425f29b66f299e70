import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('avatar retention setting', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('is off by default and set in days from the environment', () => {
    expect(loadConfig({ env: { PERFIT_DATA_DIR: dir.path } }).privacy.avatarRetentionDays).toBeNull();
    expect(loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_AVATAR_RETENTION_DAYS: '730' } }).privacy.avatarRetentionDays).toBe(730);
    expect(loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_AVATAR_RETENTION_DAYS: 'off' } }).privacy.avatarRetentionDays).toBeNull();
  });

  it('refuses zero days, naming the setting', () => {
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_AVATAR_RETENTION_DAYS: '0' } })).toThrow(/avatarRetentionDays/);
  });
});
