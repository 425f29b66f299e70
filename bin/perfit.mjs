#!/usr/bin/env node
// The `perfit` command. It runs the build in lib/ (npm run build:cli) when that is newer than every
// source it was built from, and otherwise the TypeScript sources through tsx, so an edit is never
// run stale. PERFIT_FROM_SOURCE=1 always runs the sources.
import { readdirSync, statSync } from 'node:fs';
import nodeModule from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { enableCompileCache } from './compile-cache.mjs';

// Before the command's own modules are loaded, and before its worker threads start.
enableCompileCache(nodeModule, process.env);

const root = fileURLToPath(new URL('..', import.meta.url));

function builtTimeMs() {
  try {
    return statSync(join(root, 'lib/.built')).mtimeMs;
  } catch {
    return null;
  }
}

function newestSourceMs() {
  let newest = 0;
  for (const dir of ['src/main', 'src/cli']) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

const built = process.env.PERFIT_FROM_SOURCE === '1' ? null : builtTimeMs();
let main;
if (built !== null && built >= newestSourceMs()) {
  ({ main } = await import('../lib/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdin: process.stdin,
});
