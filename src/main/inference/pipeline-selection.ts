import type { Pipeline, PipelineOptions } from './pipeline.js';

/** Raised when no pipeline can run: the message says what is missing, in words for the operator. */
export class NoPipelineError extends Error {
  override readonly name = 'NoPipelineError';
  readonly code = 'no_pipeline';
}

/**
 * The built-in pipelines, in the order `auto` tries them. Each entry loads lazily so that a
 * missing optional dependency of one pipeline does not stop the other.
 */
type PipelineCandidate = {
  name: 'embedded' | 'hmr2';
  load: (options: PipelineOptions) => Promise<Pipeline>;
};

const builtInPipelines: PipelineCandidate[] = [
  // Keep 'embedded' last: `auto` uses it when no pipeline above it has its files.
  {
    name: 'embedded',
    load: async (options) => (await import('./embedded/embedded-pipeline.js')).createEmbeddedPipeline(options),
  },
];

export async function selectPipeline(options: PipelineOptions): Promise<Pipeline> {
  const wanted = options.choice === 'auto' ? builtInPipelines : builtInPipelines.filter((p) => p.name === options.choice);
  const reasons: string[] = [];
  for (const candidate of wanted) {
    try {
      return await candidate.load(options);
    } catch (error) {
      reasons.push(`${candidate.name}: ${(error as Error).message}`);
      options.log('warn', `pipeline ${candidate.name} unavailable`, { reason: (error as Error).message });
    }
  }
  if (wanted.length === 0) {
    throw new NoPipelineError(
      options.choice === 'auto'
        ? 'No inference pipeline is available in this build yet: scans cannot be processed'
        : `The ${options.choice} pipeline is not available in this build yet: scans cannot be processed`,
    );
  }
  throw new NoPipelineError(`No inference pipeline could be loaded (${reasons.join('; ')})`);
}
