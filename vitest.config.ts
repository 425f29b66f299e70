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
  },
});
