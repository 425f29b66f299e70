import { chmodSync, mkdirSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** Owner-only: what a new file or folder made by this process lacks (group and others get nothing). */
const privateUmask = 0o077;

/**
 * The data folder holds customers' photos and bodies, so only the account running the kiosk may
 * read it: the folder is made (or reset to) 0700, and every file and folder this process creates
 * from now on is 0600 / 0700. The umask is process-wide and can only be set on the main thread;
 * worker threads create files inside folders that are already private.
 */
export function makeDataFolderPrivate(dataDir: string): void {
  if (isMainThread) process.umask(privateUmask);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}
