import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../main/config.js';
import { startInferenceWorkerAhead } from '../../main/inference/inference-worker.js';
import type { ServiceOptions } from '../../main/service.js';
import type { CliCommand, CliIo } from '../command.js';
import { configFlagOptions, configFlagsUsage, configOverridesFrom } from '../config-flags.js';
import { builtRendererDir, projectModelsDir } from '../project-paths.js';

/**
 * `perfit serve`: the headless service (REST API, queue, inference worker) until SIGINT/SIGTERM.
 * `serviceOptions` lets the crash test run the same command with its test pipeline.
 */
export async function runServe(argv: string[], io: CliIo, serviceOptions: ServiceOptions = {}): Promise<number> {
  const { values } = parseArgs({ args: argv, options: configFlagOptions, allowPositionals: false });
  const config = loadConfig({ env: io.env, overrides: configOverridesFrom(values), defaultModelsDir: projectModelsDir() });
  const rendererDir = builtRendererDir();
  // The inference worker loads its pipeline while this thread imports the service, which takes it over.
  const inferenceWorker = startInferenceWorkerAhead(config, serviceOptions);
  try {
    return await serveUntilSignal(config, rendererDir, io, { ...serviceOptions, inferenceWorkerFactory: inferenceWorker.factory });
  } finally {
    await inferenceWorker.release();
  }
}

async function serveUntilSignal(
  config: Config,
  rendererDir: string | undefined,
  io: CliIo,
  serviceOptions: ServiceOptions,
): Promise<number> {
  const { createService } = await import('../../main/service.js');
  const service = await createService(config, { rendererDir, ...serviceOptions });
  io.stderr.write(`perfit: serving ${service.url} (data ${config.dataDir}); Ctrl+C stops\n`);
  io.stderr.write(
    rendererDir
      ? `perfit: the kiosk UI is at ${service.url}/, the API's documentation at ${service.url}/api/v1/docs\n`
      : `perfit: the API's documentation is at ${service.url}/api/v1/docs; ` +
          `the kiosk UI is not built (npm run build), so ${service.url}/ serves none\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      io.stderr.write(`perfit: ${signal} received, finishing the running scan and stopping\n`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await service.stop();
  return 0;
}

export const serveCommand: CliCommand = {
  usage: `perfit serve [options]\n${configFlagsUsage}`,
  run: (argv, io) => runServe(argv, io),
};
