import type Database from 'better-sqlite3';
import type { Logger } from '../logging.js';
import { MigrationError } from './errors.js';

/**
 * One schema change. Migrations are TypeScript modules (not .sql files) so that the bundler
 * includes them; each is named by a sortable id (`0001_initial`) equal to its file name, lives in
 * `migrations/`, is listed in `migrations/index.ts`, and is never edited once landed.
 */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

const migrationIdPattern = /^\d{4}_[a-z0-9_]+$/;

export type MigrationLog = Pick<Logger, 'info'>;

/**
 * Brings the database up to date: checks that the migrations already applied are, in order, the
 * first ones of `known` (refusing a database from a newer version or with a gap), then applies the
 * rest, each in its own transaction. Returns the ids applied now.
 */
export function migrate(db: Database.Database, known: readonly Migration[], log?: MigrationLog): string[] {
  checkKnownList(known);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = appliedIds(db);
  checkAppliedPrefix(applied, known);

  const isApplied = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM schema_migrations WHERE id = ?');
  const record = db.prepare<[string, string]>('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const appliedNow: string[] = [];
  for (const migration of known.slice(applied.length)) {
    const apply = db.transaction(() => {
      // Another process may have migrated since we looked; the immediate transaction holds the write lock.
      if (isApplied.get(migration.id)) return false;
      db.exec(migration.sql);
      record.run(migration.id, new Date().toISOString());
      return true;
    });
    try {
      if (apply.immediate()) {
        appliedNow.push(migration.id);
        log?.info({ migration: migration.id }, 'applied database migration');
      }
    } catch (error) {
      throw new MigrationError('migration_failed', migration.id, `Migration ${migration.id} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  // A concurrent migrator could only have applied known ids in order; check again to be sure.
  if (appliedNow.length < known.length - applied.length) checkAppliedPrefix(appliedIds(db), known);
  return appliedNow;
}

function appliedIds(db: Database.Database): string[] {
  // rowid order is the order of application.
  return db
    .prepare<[], { id: string }>('SELECT id FROM schema_migrations ORDER BY rowid')
    .all()
    .map((row) => row.id);
}

function checkKnownList(known: readonly Migration[]): void {
  known.forEach((migration, index) => {
    if (!migrationIdPattern.test(migration.id)) {
      throw new MigrationError('migration_list_invalid', migration.id, `Migration id "${migration.id}" does not look like 0001_name`);
    }
    const previous = known[index - 1];
    if (previous && previous.id >= migration.id) {
      throw new MigrationError(
        'migration_list_invalid',
        migration.id,
        `Migration list out of order: ${migration.id} is listed after ${previous.id}`,
      );
    }
  });
}

function checkAppliedPrefix(applied: readonly string[], known: readonly Migration[]): void {
  const knownIds = new Set(known.map((migration) => migration.id));
  applied.forEach((id, index) => {
    if (!knownIds.has(id)) {
      throw new MigrationError(
        'migration_unknown',
        id,
        `The database has migration ${id} applied, which this version of Perfit Kiosk does not know ` +
          `(it was written by a newer version?); refusing to open it. Known migrations: ${[...knownIds].join(', ')}`,
      );
    }
    const expected = known[index]!.id;
    if (id !== expected) {
      throw new MigrationError(
        'migration_out_of_order',
        id,
        `The database's migrations are out of order: ${id} was applied as number ${index + 1}, where ${expected} belongs; ` +
          'refusing to open it',
      );
    }
  });
}
