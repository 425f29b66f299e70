import { codedErrorClass } from '../errors.js';

/** Errors of the database layer, each with a stable `code`. */

/** The database file cannot be opened or is not a SQLite database. */
export class DatabaseOpenError extends codedErrorClass('DatabaseOpenError', 'database_open_failed') {}

/**
 * The database's applied migrations do not match the ones this build knows: a database written by
 * a newer version (`migration_unknown`) or migrations applied out of order (`migration_out_of_order`).
 */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: 'migration_unknown' | 'migration_out_of_order' | 'migration_list_invalid' | 'migration_failed',
    /** The migration id the message is about. */
    readonly migrationId: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A row read from disk does not have the shape the code expects (hand edits, disk corruption). */
export class CorruptRowError extends codedErrorClass('CorruptRowError', 'corrupt_row') {
  constructor(
    readonly table: string,
    readonly rowId: string | null,
    /** What does not parse, in the product's one wording of zod issues. */
    readonly detail: string,
  ) {
    super(`Corrupt row in table ${table}${rowId ? ` (id ${rowId})` : ''}: ${detail}`);
  }
}
