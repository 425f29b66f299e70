import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { codedErrorClass } from './errors.js';

/**
 * One service per data folder: the job queue treats every job still `processing` at start-up as
 * abandoned, which is only true when no other live process owns the folder.
 *
 * The lock is SQLite's exclusive lock on `perfit.lock.sqlite`, held by an open transaction for the
 * life of the process. The operating system drops it when the process dies (power cut, kill -9), so
 * a stale lock never blocks start-up, whatever process later reuses the pid; and SQLite takes it
 * atomically, so two services starting at once never both win. `perfit.lock` beside it only names
 * the owner's pid for the error message; it decides nothing.
 */
export class DataDirLockedError extends codedErrorClass('DataDirLockedError', 'data_dir_locked') {}

export interface DataDirLock {
  release(): void;
}

const lockFileName = 'perfit.lock.sqlite';
const ownerFileName = 'perfit.lock';

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, lockFileName), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    const owner = readOwner(join(dataDir, ownerFileName));
    throw new DataDirLockedError(
      `Another Perfit service${owner === null ? '' : ` (pid ${owner})`} is using the data folder ${dataDir}; stop it or ` +
        `choose another PERFIT_DATA_DIR`,
    );
  }
  writeFileSync(join(dataDir, ownerFileName), String(process.pid), { mode: 0o600 });
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

function readOwner(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
