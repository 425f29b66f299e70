import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * How the service starts a worker thread. In the Electron build the factory comes from an
 * electron-vite `?nodeWorker` import (the bundler builds the worker); in plain Node (CLI, tests)
 * it comes from `sourceWorkerFactory`, which runs the TypeScript source through tsx.
 */
export type WorkerFactory = (options: WorkerOptions) => Worker;

export function sourceWorkerFactory(moduleUrl: URL): WorkerFactory {
  if (!moduleUrl.pathname.endsWith('.ts')) return (options) => new Worker(moduleUrl, options);
  // Node 20 does not apply `--import` hooks to a worker's entry module, so the worker registers
  // tsx itself before importing the TypeScript entry.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(moduleUrl.href)});`;
  const bootstrapUrl = new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
  return (options) => new Worker(bootstrapUrl, options);
}
