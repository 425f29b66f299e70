import type Database from 'better-sqlite3';
import { loadConfig, type Config } from '../main/config.js';
import { openDatabase, serviceDatabasePath } from '../main/db/connection.js';
import type { CliIo } from './command.js';
import { configOverridesFrom } from './config-flags.js';

/** The config of the commands that work on the data folder only: `--data-dir` wins over the environment and the file. */
export function dataFolderConfig(io: CliIo, dataDir: string | undefined): Config {
  return loadConfig({ env: io.env, overrides: configOverridesFrom({ 'data-dir': dataDir }) });
}

/** The service's database in the configured data folder; a command closes it when done. */
export function openServiceDatabase(config: Config): Database.Database {
  return openDatabase(serviceDatabasePath(config.dataDir));
}
