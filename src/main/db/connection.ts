import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logging.js';
import { DatabaseOpenError } from './errors.js';
import { migrate, type Migration } from './migrate.js';
import { migrations as knownMigrations } from './migrations/index.js';

export interface OpenDatabaseOptions {
  log?: Pick<Logger, 'info' | 'warn'>;
  /** How long a statement waits for another connection's write lock. */
  busyTimeoutMs?: number;
  /** The migrations to apply; the built-in list unless a test passes its own. */
  migrations?: readonly Migration[];
}

/** Where the service keeps its database in the data folder (the CLI opens the same file). */
export function serviceDatabasePath(dataDir: string): string {
  return join(dataDir, 'perfit.sqlite');
}

/**
 * Opens (creating it and its folder if needed) the service's SQLite database and migrates it:
 * WAL journal (readers never block the writer), `synchronous=FULL` (a committed job or avatar
 * survives power loss), foreign keys enforced, and a busy timeout for other connections (the CLI).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new DatabaseOpenError(`Cannot open the database ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    const journalMode = db.pragma('journal_mode = WAL', { simple: true }) as string;
    if (journalMode !== 'wal' && !inMemory) {
      options.log?.warn({ path, journal_mode: journalMode }, 'SQLite could not switch to WAL journal mode; writers will block readers');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A deleted row's bytes are overwritten, not left in free pages: an erased customer's job rows
    // (their id, the photo's path) stayed readable in the file with the default.
    db.pragma('secure_delete = ON');
  } catch (error) {
    db.close();
    throw new DatabaseOpenError(`Cannot use ${path} as the Perfit database (not a SQLite file, or damaged): ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    migrate(db, options.migrations ?? knownMigrations, options.log);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export interface IntegrityReport {
  ok: boolean;
  /** Messages of `PRAGMA integrity_check` and rows of `PRAGMA foreign_key_check`; empty when ok. */
  problems: string[];
}

/** The full `PRAGMA integrity_check` plus `foreign_key_check` (slow on big files: CLI and tests). */
export function integrityCheck(db: Database.Database): IntegrityReport {
  const problems = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)
    .map((row) => row.integrity_check)
    .filter((message) => message !== 'ok');
  const foreignKeys = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number | null; parent: string; fkid: number }>;
  for (const row of foreignKeys) problems.push(`${row.table} row ${row.rowid ?? '?'} points to a missing ${row.parent} row`);
  return { ok: problems.length === 0, problems };
}
