import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * How the service starts a worker thread. In the Electron build the factory comes from an
 * electron-vite `?nodeWorker` import (the bundler builds the worker); in plain Node (CLI, tests)
 * it comes from `sourceWorkerFactory`, which runs the TypeScript source through tsx.
 */
export type WorkerFactory = (options: WorkerOptions) => Worker;

export function sourceWorkerFactory(moduleUrl: URL): WorkerFactory {
  const isTypeScript = moduleUrl.pathname.endsWith('.ts');
  return (options: WorkerOptions) =>
    new Worker(moduleUrl, {
      ...options,
      execArgv: isTypeScript ? [...(options.execArgv ?? []), '--import', 'tsx'] : options.execArgv,
    });
}
