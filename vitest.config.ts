import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Single-file components for the renderer's tests (test/unit/renderer, happy-dom per file).
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: native modules (better-sqlite3, onnxruntime, tfjs-wasm) and child processes make
    // many parallel files slower, not faster.
    pool: 'forks',
    maxWorkers: 2,
    // The networks converted for onnxruntime are kept here rather than in the user's cache folder.
    env: { PERFIT_CACHE_DIR: join(tmpdir(), 'perfit-test-cache') },
  },
});
