import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** Where an atomic write of `path` puts its bytes before the rename: a hidden file beside it, unique per write. */
export function atomicTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Whether a file name is an atomic write's temporary file (`atomicTempPath`): a crash can leave one behind. */
export function isAtomicTempName(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);
}

/**
 * Writes a file so that a crash leaves either the old content or the new, never a torn file:
 * temp file in the same folder, fsync, rename, fsync of the folder.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const temp = atomicTempPath(path);
  const fd = openSync(temp, 'w', 0o600);
  try {
    let offset = 0;
    while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dirname(path));
}

export function fsyncDirectory(path: string): void {
  // Directory fsync makes the rename durable; Windows cannot open folders for it, and does not need to.
  if (process.platform === 'win32') return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a file another writer left (onnxruntime, say) durable before it is renamed into place;
 * opened for writing, which Windows' flush needs.
 */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
