import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '../../../electron.vite.config.js';

/**
 * A sandboxed preload runs as a plain script, not an ES module: electron-vite must build it as
 * CommonJS, and the shell must load the file it writes.
 */
interface PreloadOutput {
  format?: string;
  entryFileNames?: string;
}

describe('preload build', () => {
  const preload = (config as { preload?: { build?: { rollupOptions?: { output?: PreloadOutput } } } }).preload;
  const output = preload?.build?.rollupOptions?.output ?? {};

  it('is built as CommonJS (sandboxed preloads cannot use ESM)', () => {
    expect(output.format, 'electron.vite.config.ts: preload.build.rollupOptions.output.format').toBe('cjs');
  });

  it('is loaded by the shell under the file name the build writes', () => {
    const entry = readFileSync(new URL('../../../src/main/index.ts', import.meta.url), 'utf8');
    const loaded = /'\.\.\/preload\/([^']+)'/.exec(entry)?.[1];
    expect(loaded).toBe((output.entryFileNames ?? '[name].js').replace('[name]', 'index'));
  });
});
