import { defineConfig } from 'vitest/config';

export default defineConfig({
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
