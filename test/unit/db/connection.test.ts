import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { integrityCheck, openDatabase } from '../../../src/main/db/connection.js';
import { DatabaseOpenError, MigrationError } from '../../../src/main/db/errors.js';
import type { Migration } from '../../../src/main/db/migrate.js';
import { migrations } from '../../../src/main/db/migrations/index.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const migrationsDir = fileURLToPath(new URL('../../../src/main/db/migrations/', import.meta.url));

function appliedMigrations(db: Database.Database): Array<{ id: string; applied_at: string }> {
  return db.prepare<[], { id: string; applied_at: string }>('SELECT id, applied_at FROM schema_migrations ORDER BY rowid').all();
}

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

function expectMigrationError(open: () => unknown, code: MigrationError['code'], migrationId: string): MigrationError {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    const migrationError = error as MigrationError;
    expect(migrationError.code).toBe(code);
    expect(migrationError.migrationId).toBe(migrationId);
    expect(migrationError.message).toContain(migrationId);
    return migrationError;
  }
  throw new Error('expected a MigrationError');
}

describe('openDatabase', () => {
  let temp: TempDatabase | null = null;
  const dirs: Array<{ remove: () => void }> = [];
  afterEach(() => {
    temp?.cleanUp();
    temp = null;
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('creates the parent folder and sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    temp = makeTempDatabase();
    expect(existsSync(dirname(temp.path))).toBe(true);
    const { db } = temp;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('applies the migrations once and leaves them alone when the file is opened again', () => {
    temp = makeTempDatabase();
    const first = appliedMigrations(temp.db);
    expect(first.map((row) => row.id)).toEqual(migrations.map((migration) => migration.id));
    expect(first[0]!.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(tables(temp.db)).toEqual(expect.arrayContaining(['artifacts', 'avatars', 'jobs', 'schema_migrations']));
    temp.db.close();
    const again = temp.reopen();
    expect(appliedMigrations(again)).toEqual(first);
    const third = temp.reopen();
    expect(appliedMigrations(third)).toEqual(first);
  });

  it('applies only the migrations a database lacks, in order', () => {
    temp = makeTempDatabase({ migrations: testMigrations.slice(0, 1) });
    const db = temp.reopen({ migrations: testMigrations });
    expect(appliedMigrations(db).map((row) => row.id)).toEqual(['0001_a', '0002_b', '0003_c']);
    expect(tables(db)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
  });

  it('refuses a database with a migration this version does not know (written by a newer version), naming it', () => {
    temp = makeTempDatabase();
    temp.db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run('0999_from_the_future', new Date().toISOString());
    temp.db.close();
    const error = expectMigrationError(() => temp!.reopen(), 'migration_unknown', '0999_from_the_future');
    expect(error.message).toMatch(/newer version/);
  });

  it('refuses a database whose migrations were applied out of order, naming the misplaced one', () => {
    temp = makeTempDatabase({ migrations: [testMigrations[0]!, testMigrations[2]!] });
    temp.db.close();
    expectMigrationError(() => temp!.reopen({ migrations: testMigrations }), 'migration_out_of_order', '0003_c');
  });

  it('refuses a list of migrations that is not sorted by id', () => {
    const dir = makeTempDir();
    dirs.push(dir);
    expectMigrationError(
      () => openDatabase(join(dir.path, 'x.sqlite'), { migrations: [testMigrations[1]!, testMigrations[0]!] }),
      'migration_list_invalid',
      '0001_a',
    );
  });

  it('rolls a failing migration back completely and records nothing for it', () => {
    temp = makeTempDatabase({ migrations: testMigrations.slice(0, 1) });
    const broken: Migration = { id: '0002_broken', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);' };
    expectMigrationError(() => temp!.reopen({ migrations: [testMigrations[0]!, broken] }), 'migration_failed', '0002_broken');
    const db = temp.reopen({ migrations: testMigrations.slice(0, 1) });
    expect(tables(db)).not.toContain('half');
    expect(appliedMigrations(db).map((row) => row.id)).toEqual(['0001_a']);
  });

  it('says clearly when the file is not a SQLite database', () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const path = join(dir.path, 'perfit.sqlite');
    writeFileSync(path, 'this is not a database, just text long enough to fill a header '.repeat(20));
    expect(() => openDatabase(path)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(path)).toThrow(/not a SQLite file/);
  });
});

describe('the migration list', () => {
  it('lists every file of src/main/db/migrations, in file-name order, each id equal to its file name', () => {
    const files = readdirSync(migrationsDir)
      .filter((file) => /^\d{4}_.*\.ts$/.test(file))
      .sort();
    expect(migrations.map((migration) => `${migration.id}.ts`)).toEqual(files);
  });
});

describe('integrityCheck', () => {
  let temp: TempDatabase | null = null;
  afterEach(() => {
    temp?.cleanUp();
    temp = null;
  });

  it('reports ok for a fresh database', () => {
    temp = makeTempDatabase();
    expect(integrityCheck(temp.db)).toEqual({ ok: true, problems: [] });
  });

  it('reports rows pointing at missing parents', () => {
    temp = makeTempDatabase();
    temp.db.pragma('foreign_keys = OFF');
    temp.db
      .prepare(
        `INSERT INTO artifacts (avatar_id, name, local_path, content_type, size_bytes, sha256, md5_base64)
         VALUES ('missing-avatar', 'mesh.obj', '/x/mesh.obj', 'text/plain', 1, ?, ?)`,
      )
      .run('0'.repeat(64), 'A'.repeat(22) + '==');
    const report = integrityCheck(temp.db);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/artifacts .* missing avatars/);
  });
});

const testMigrations: Migration[] = [
  { id: '0001_a', sql: 'CREATE TABLE a (x INTEGER);' },
  { id: '0002_b', sql: 'CREATE TABLE b (x INTEGER);' },
  { id: '0003_c', sql: 'CREATE TABLE c (x INTEGER);' },
];
