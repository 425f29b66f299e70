import { isDeepStrictEqual } from 'node:util';
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

/**
 * The options every worker of the service starts with, for its `workerData`: one built here for a
 * worker started ahead equals the one its owner asks for, which is what hands the worker over.
 */
export function serviceWorkerOptions(workerData: unknown): WorkerOptions {
  return { workerData, stdout: false, stderr: false };
}

/** A worker started before the code that will own it has loaded, and the factory that hands it over. */
export interface WorkerStartedAhead {
  /** Gives the started worker to the first caller that asks for one with the same options, later callers a new one. */
  factory: WorkerFactory;
  /** Stops the worker if nobody took it (the command failed before its service started). */
  release(): Promise<void>;
}

const workerEvents = ['online', 'message', 'messageerror', 'error', 'exit'] as const;

/**
 * Starts a worker now, so that its imports and model loads run while the main thread is still
 * importing the service that will own it (a one-off `perfit scan` spends ~0.3 s there). What the
 * worker says before its owner listens is held and replayed to the owner in order, right after the
 * owner has attached its listeners (the same turn of the event loop: nothing else comes between).
 */
export function startWorkerAhead(factory: WorkerFactory, options: WorkerOptions): WorkerStartedAhead {
  let waiting: Worker | null = factory(options);
  const held: Array<{ event: (typeof workerEvents)[number]; args: unknown[] }> = [];
  const holders = workerEvents.map((event) => {
    const hold = (...args: unknown[]): void => {
      held.push({ event, args });
    };
    waiting!.on(event, hold);
    return { event, hold };
  });
  const take = (): Worker | null => {
    const worker = waiting;
    waiting = null;
    if (worker) for (const { event, hold } of holders) worker.off(event, hold);
    return worker;
  };
  return {
    factory: (requested) => {
      if (!waiting || !isDeepStrictEqual(requested, options)) {
        void take()?.terminate();
        return factory(requested);
      }
      const worker = take()!;
      queueMicrotask(() => {
        for (const { event, args } of held.splice(0)) worker.emit(event, ...args);
      });
      return worker;
    },
    release: async () => {
      await take()?.terminate();
    },
  };
}
