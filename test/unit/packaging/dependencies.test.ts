import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';

/**
 * The installer ships `dependencies` only (electron-builder): packages the main process never loads
 * in the built app stay out of it. The renderer is bundled by Vite, and tsx only runs the sources
 * in a checkout.
 */
const manifest = z
  .object({ dependencies: z.record(z.string(), z.string()), devDependencies: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')));

describe('package.json', () => {
  it('keeps renderer-only packages and tsx out of the shipped dependencies', () => {
    for (const name of ['vue', 'pinia', 'vue-i18n', 'three', 'tsx']) {
      expect(Object.keys(manifest.dependencies), name).not.toContain(name);
    }
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['vue', 'pinia', 'three', 'tsx']));
  });
});
