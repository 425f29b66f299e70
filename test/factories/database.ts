import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase, type OpenDatabaseOptions } from '../../src/main/db/connection.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export interface TempDatabase {
  db: Database.Database;
  /** The SQLite file (in a fresh temp folder). */
  path: string;
  /** Opens another connection to the same file. */
  reopen(options?: OpenDatabaseOptions): Database.Database;
  /** Closes the connections opened here and removes the folder. */
  cleanUp(): void;
}

/** A real SQLite file in a temp folder, opened and migrated like the service's. */
export function makeTempDatabase(options: OpenDatabaseOptions = {}): TempDatabase {
  const dir = makeTempDir('perfit-db-');
  const path = join(dir.path, 'data', 'perfit.sqlite');
  const connections: Database.Database[] = [];
  const open = (openOptions: OpenDatabaseOptions): Database.Database => {
    const db = openDatabase(path, openOptions);
    connections.push(db);
    return db;
  };
  return {
    db: open(options),
    path,
    reopen: (reopenOptions = {}) => open(reopenOptions),
    cleanUp: () => {
      for (const connection of connections) if (connection.open) connection.close();
      dir.remove();
    },
  };
}
