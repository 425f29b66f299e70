import { join } from 'node:path';
import type { Config } from '../config.js';
import {
  serviceWorkerOptions,
  sourceWorkerFactory,
  startWorkerAhead,
  type WorkerFactory,
  type WorkerStartedAhead,
} from '../threads/worker-factory.js';
import type { WorkerInit } from './worker-messages.js';

/** The inference worker thread's entry module (./worker.ts), started by the service or ahead of it by the CLI. */
export const inferenceWorkerUrl = new URL('./worker.ts', import.meta.url);

/** Where Human's networks converted for onnxruntime are kept (tfjs-to-onnx/conversion-cache.ts). */
export function networkCacheDir(config: Pick<Config, 'cacheDir'>): string {
  return join(config.cacheDir, 'networks');
}

/** What the inference worker starts with; `pipelineModuleUrl` replaces the built-in pipelines (tests). */
export function inferenceWorkerInit(
  config: Pick<Config, 'modelsDir' | 'pipeline' | 'cacheDir'>,
  pipelineModuleUrl: string | null,
  warmUpInference = true,
): WorkerInit {
  return { modelsDir: config.modelsDir, choice: config.pipeline, pipelineModuleUrl, warmUpInference, cacheDir: networkCacheDir(config) };
}

/**
 * The inference worker started before the service that will own it (`perfit scan`, `perfit serve`):
 * its pipeline loads while the command imports the service, which takes the worker over.
 */
export function startInferenceWorkerAhead(
  config: Pick<Config, 'modelsDir' | 'pipeline' | 'cacheDir'>,
  options: { inferenceWorkerFactory?: WorkerFactory; pipelineModuleUrl?: string; warmUpInference?: boolean },
): WorkerStartedAhead {
  return startWorkerAhead(
    options.inferenceWorkerFactory ?? sourceWorkerFactory(inferenceWorkerUrl),
    serviceWorkerOptions(inferenceWorkerInit(config, options.pipelineModuleUrl ?? null, options.warmUpInference)),
  );
}
