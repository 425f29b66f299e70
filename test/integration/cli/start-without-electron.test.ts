import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const electronInstalled = existsSync(join(dirname(require.resolve('electron/package.json')), 'path.txt'));

describe('npm start', () => {
  it.skipIf(electronInstalled)('says what is missing and what runs instead where the Electron binary was not downloaded (exit 1)', () => {
    const env = { ...process.env };
    delete env['ELECTRON_OVERRIDE_DIST_PATH'];
    const run = spawnSync(process.execPath, ['bin/start-kiosk.mjs'], { encoding: 'utf8', env, timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the Electron binary is not installed');
    expect(run.stderr).toContain('npm run serve');
    expect(run.stdout).toBe('');
  });
});
