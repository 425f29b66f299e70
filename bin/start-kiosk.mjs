#!/usr/bin/env node
// `npm start`: the kiosk app through electron-vite. Where `npm ci` ran with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 there is no Electron binary, and electron-vite would stop with
// "Electron uninstall"; say what is missing and what runs without it instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && (binary === null || !existsSync(binary))) {
  process.stderr.write(
    [
      'npm start: the Electron binary is not installed (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed).',
      '  Install it where the download is allowed:  node node_modules/electron/install.js',
      '  Or run the service without Electron:        npm run serve   (the REST API on http://127.0.0.1:8420/api/v1/docs;',
      '                                              after `npm run build`, the kiosk UI at http://127.0.0.1:8420/ in a browser)',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
const child = spawn(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
