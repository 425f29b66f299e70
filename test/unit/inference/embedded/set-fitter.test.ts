import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitWorkerUrl } from '../../../../src/main/inference/embedded/set-fitter.js';

/** Where the fit thread starts from, in each layout the pipeline runs in. */
describe('fitWorkerUrl', () => {
  it('is the TypeScript entry beside the sources', () => {
    const url = fitWorkerUrl();
    expect(url.pathname.endsWith('/src/main/inference/embedded/fit-worker.ts')).toBe(true);
    expect(existsSync(fileURLToPath(url))).toBe(true);
  });

  it.each([
    ['lib/ (build:cli)', 'file:///app/lib/main/inference/embedded/set-fitter.js', 'file:///app/lib/main/inference/embedded/fit-worker.js'],
    ["electron-vite's chunks", 'file:///app/out/main/chunks/embedded-pipeline-D6jZsZw7.js', 'file:///app/out/main/fit-worker.js'],
    ["electron-vite's main bundle", 'file:///app/out/main/index.js', 'file:///app/out/main/fit-worker.js'],
    [
      'the packaged app',
      'file:///opt/Perfit/resources/app.asar/out/main/chunks/embedded-pipeline-D6jZsZw7.js',
      'file:///opt/Perfit/resources/app.asar/out/main/fit-worker.js',
    ],
  ])('is the built entry in %s', (_, moduleUrl, entry) => {
    expect(fitWorkerUrl(moduleUrl).href).toBe(entry);
  });
});
