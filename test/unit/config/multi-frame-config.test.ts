import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('multi-frame capture settings', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('keeps only the first frames by default, and all of them with PERFIT_KEEP_ALL_FRAMES', () => {
    expect(loadConfig({ env: { PERFIT_DATA_DIR: dir.path } }).privacy.keepAllFrames).toBe(false);
    expect(loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_KEEP_ALL_FRAMES: 'true' } }).privacy.keepAllFrames).toBe(true);
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_KEEP_ALL_FRAMES: 'maybe' } })).toThrow(/PERFIT_KEEP_ALL_FRAMES/);
  });

  it('accepts 8 extra frames per view by default, 0 to 32 when set, and keeps the 40 MiB body limit', () => {
    const defaults = loadConfig({ env: { PERFIT_DATA_DIR: dir.path } }).limits;
    expect(defaults.maxExtraFramesPerView).toBe(8);
    expect(defaults.maxBodyBytes).toBe(40 * 1024 * 1024);
    expect(
      loadConfig({ env: { PERFIT_DATA_DIR: dir.path }, overrides: { limits: { maxExtraFramesPerView: 0 } } }).limits.maxExtraFramesPerView,
    ).toBe(0);
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path }, overrides: { limits: { maxExtraFramesPerView: 33 } } })).toThrow(
      /maxExtraFramesPerView/,
    );
  });
});
