import type Database from 'better-sqlite3';

/**
 * A token that changes whenever the database may have changed: SQLite's `data_version` moves
 * when another connection (the CLI, another process) commits, and `total_changes()` counts this
 * connection's own row changes. Two cheap reads, no table touched; answers cached under one token
 * stay true until it changes.
 */
export class DatabaseChangeCounter {
  private readonly counters: Database.Statement<[], string>;

  constructor(db: Database.Database) {
    // One statement, one call into SQLite per request.
    this.counters = db.prepare<[], string>("SELECT (SELECT data_version FROM pragma_data_version()) || ':' || total_changes()").pluck();
  }

  token(): string {
    return this.counters.get()!;
  }
}
