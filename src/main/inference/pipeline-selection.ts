import { notInstalledCodes, type ModelFilesErrorCode } from './onnx/errors.js';
import type { Pipeline, PipelineOptions } from './pipeline.js';
import { codedErrorClass } from '../errors.js';

/** Raised when no pipeline can run: the message says what is missing, in words for the operator. */
export class NoPipelineError extends codedErrorClass('NoPipelineError', 'no_pipeline') {}

/**
 * The built-in pipelines, in the order `auto` tries them. Each entry loads lazily so that a
 * missing optional dependency of one pipeline does not stop the other.
 */
type PipelineCandidate = {
  name: 'embedded' | 'hmr2';
  load: (options: PipelineOptions) => Promise<Pipeline>;
};

const builtInPipelines: PipelineCandidate[] = [
  // hmr2: only when models/manifest.json lists its files and every one is present and valid.
  {
    name: 'hmr2',
    load: async (options) => (await import('./hmr2/hmr2-pipeline.js')).createHmr2Pipeline(options),
  },
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
      const pipeline = await candidate.load(options);
      // Say why the pipelines before it were passed over (health and the log show the note).
      if (reasons.length > 0) pipeline.info.selectionNote = `${pipeline.info.selectionNote} (not used: ${reasons.join('; ')})`;
      options.log('info', `inference pipeline ${candidate.name} selected`, { choice: options.choice, note: pipeline.info.selectionNote });
      return pipeline;
    } catch (error) {
      reasons.push(`${candidate.name}: ${(error as Error).message}`);
      // Optional files that are simply not installed are the normal case for `auto`, not a warning.
      const code = (error as { code?: unknown }).code;
      const notInstalled = options.choice === 'auto' && typeof code === 'string' && notInstalledCodes.has(code as ModelFilesErrorCode);
      options.log(notInstalled ? 'info' : 'warn', `pipeline ${candidate.name} unavailable`, { reason: (error as Error).message });
    }
  }
  if (wanted.length === 0) {
    throw new NoPipelineError(
      options.choice === 'auto'
        ? 'No inference pipeline is available in this build yet: scans cannot be processed'
        : `The ${options.choice} pipeline is not available in this build yet: scans cannot be processed`,
    );
  }
  if (options.choice !== 'auto') {
    throw new NoPipelineError(
      `The ${options.choice} pipeline was chosen (PERFIT_PIPELINE=${options.choice}) but cannot be loaded: ${reasons.join('; ')}`,
    );
  }
  throw new NoPipelineError(`No inference pipeline could be loaded (${reasons.join('; ')})`);
}
