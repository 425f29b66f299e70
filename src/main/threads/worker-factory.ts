import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * How the service starts a worker thread. In the Electron build the factory comes from an
 * electron-vite `?nodeWorker` import (the bundler builds the worker); in plain Node (CLI, tests)
 * it comes from `sourceWorkerFactory`.
 */
export type WorkerFactory = (options: WorkerOptions) => Worker;

/** Whether this module runs from lib/ (npm run build:cli), where every source module sits as its .js. */
const runningBuilt = import.meta.url.endsWith('.js');

/**
 * The module a worker thread starts with, for an entry named by its source URL: from lib/, the
 * built `.js` in the same place; from the sources, a bootstrap that runs the TypeScript through tsx.
 */
export function workerEntryUrl(moduleUrl: URL, built: boolean): URL {
  if (!moduleUrl.pathname.endsWith('.ts')) return moduleUrl;
  if (built) return new URL(moduleUrl.href.replace(/\.ts$/, '.js'));
  // Node 20 does not apply `--import` hooks to a worker's entry module, so the worker registers
  // tsx itself before importing the TypeScript entry.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(moduleUrl.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

export function sourceWorkerFactory(moduleUrl: URL): WorkerFactory {
  const entry = workerEntryUrl(moduleUrl, runningBuilt);
  return (options) => new Worker(entry, options);
}
