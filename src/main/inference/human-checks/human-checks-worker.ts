import {
  serviceWorkerOptions,
  sourceWorkerFactory,
  startWorkerAhead,
  type WorkerFactory,
  type WorkerStartedAhead,
} from '../../threads/worker-factory.js';
import type { HumanChecksWorkerInit } from './messages.js';

/** The Human checks worker thread's entry module (./worker.ts), started by the service or ahead of it by the CLI. */
export const humanChecksWorkerUrl = new URL('./worker.ts', import.meta.url);

export interface HumanChecksWorkerChoice {
  /** Answer live capture checks (default true); without them only the face model loads. */
  captureChecks?: boolean;
  /** Warm the models up with a blank image while loading (default true). */
  warmUpInference?: boolean;
  /** Where the converted networks are kept between starts (none: converted on every load). */
  cacheDir?: string;
}

/** What the worker starts with: the same for one started ahead and one the service starts. */
export function humanChecksWorkerInit(choice: HumanChecksWorkerChoice): HumanChecksWorkerInit {
  return {
    captureChecks: choice.captureChecks ?? true,
    warmUpInference: choice.warmUpInference ?? true,
    cacheDir: choice.cacheDir ?? null,
  };
}

/**
 * The Human checks worker started before the service that will own it (`perfit scan`): it loads
 * while the command imports the service, and the service's WorkerClient takes it over when it asks
 * for a worker with the same init.
 */
export function startHumanChecksWorkerAhead(choice: HumanChecksWorkerChoice & { workerFactory?: WorkerFactory }): WorkerStartedAhead {
  return startWorkerAhead(
    choice.workerFactory ?? sourceWorkerFactory(humanChecksWorkerUrl),
    serviceWorkerOptions(humanChecksWorkerInit(choice)),
  );
}
