import type { Config } from '../config.js';
import type { WorkerInit } from './worker-messages.js';

/** The inference worker thread's entry module (./worker.ts), started by the service or ahead of it by the CLI. */
export const inferenceWorkerUrl = new URL('./worker.ts', import.meta.url);

/** What the inference worker starts with; `pipelineModuleUrl` replaces the built-in pipelines (tests). */
export function inferenceWorkerInit(config: Pick<Config, 'modelsDir' | 'pipeline'>, pipelineModuleUrl: string | null): WorkerInit {
  return { modelsDir: config.modelsDir, choice: config.pipeline, pipelineModuleUrl };
}
