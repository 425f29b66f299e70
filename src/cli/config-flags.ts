import type { ConfigInput } from '../main/config.js';

/** Flags every service-starting command accepts; they win over the config file and environment. */
export const configFlagOptions = {
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  pipeline: { type: 'string' },
  'models-dir': { type: 'string' },
  'log-level': { type: 'string' },
} as const;

export type ConfigFlagValues = Partial<Record<keyof typeof configFlagOptions, string>>;

export const configFlagsUsage =
  '  --data-dir DIR     data folder (PERFIT_DATA_DIR)\n' +
  '  --host HOST        listen address (PERFIT_HOST, default 127.0.0.1)\n' +
  '  --port N           listen port (PERFIT_PORT, default 8420)\n' +
  '  --pipeline P       auto | embedded | hmr2 (PERFIT_PIPELINE)\n' +
  '  --models-dir DIR   model files (PERFIT_MODELS_DIR)\n' +
  '  --log-level L      fatal | error | warn | info | debug | trace | silent';

export function configOverridesFrom(values: ConfigFlagValues): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  if (values['data-dir'] !== undefined) overrides['dataDir'] = values['data-dir'];
  if (values.host !== undefined) overrides['host'] = values.host;
  if (values.port !== undefined) overrides['port'] = /^\d+$/.test(values.port) ? Number(values.port) : values.port;
  if (values.pipeline !== undefined) overrides['pipeline'] = values.pipeline;
  if (values['models-dir'] !== undefined) overrides['modelsDir'] = values['models-dir'];
  if (values['log-level'] !== undefined) overrides['logLevel'] = values['log-level'];
  return overrides satisfies Partial<Record<keyof ConfigInput, unknown>>;
}
