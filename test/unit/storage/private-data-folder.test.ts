import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDataFolderPrivate } from '../../../src/main/storage/private-data-folder.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('the data folder', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let umaskBefore: number;
  beforeEach(() => {
    dir = makeTempDir('perfit-private-');
    umaskBefore = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umaskBefore);
    dir.remove();
  });

  it('is made owner-only (0700), also when it existed readable by others', () => {
    const existing = join(dir.path, 'existing');
    mkdirSync(existing);
    chmodSync(existing, 0o755);
    makeDataFolderPrivate(existing);
    expect(modeOf(existing)).toBe(0o700);
    const fresh = join(dir.path, 'fresh', 'data');
    makeDataFolderPrivate(fresh);
    expect(modeOf(fresh)).toBe(0o700);
  });

  it('gets owner-only files (0600) and folders (0700) from then on', () => {
    const data = join(dir.path, 'data');
    makeDataFolderPrivate(data);
    writeFileSync(join(data, 'perfit.sqlite'), 'x');
    mkdirSync(join(data, 'avatars'));
    expect(modeOf(join(data, 'perfit.sqlite'))).toBe(0o600);
    expect(modeOf(join(data, 'avatars'))).toBe(0o700);
  });
});
