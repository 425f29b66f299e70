import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|vue)$/.test(entry.name) ? [path] : [];
  });
}

/** Value imports of electron or electron-updater; `import type` is erased and allowed. */
const electronImport = /^\s*import\s+(?!type\b)[^;]*?from\s+['"](electron|electron-updater)(\/[^'"]*)?['"]/m;

describe('Electron boundary', () => {
  it('only src/main/shell, src/main/index.ts and src/preload import Electron', () => {
    const offenders = sourceFiles(src)
      .map((path) => relative(src, path).split('\\').join('/'))
      .filter((path) => electronImport.test(readFileSync(join(src, path), 'utf8')))
      .filter((path) => !path.startsWith('main/shell/') && !path.startsWith('preload/') && path !== 'main/index.ts');
    expect(offenders).toEqual([]);
  });

  it('the policies in src/main/shell/policy are pure: no Electron at run time', () => {
    const impure = sourceFiles(join(src, 'main/shell/policy')).filter((path) => electronImport.test(readFileSync(path, 'utf8')));
    expect(impure).toEqual([]);
  });
});
