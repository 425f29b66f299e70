import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicTempPath } from './atomic-write.js';
import type { DiskSpace } from './disk-space.js';

/** One photo of a request, already validated (format known by its magic bytes). */
export interface UploadFile {
  bytes: Uint8Array;
  /** Extension without the dot: jpg, png, webp. */
  extension: string;
}

export interface UploadFiles {
  source: UploadFile;
  side?: UploadFile | null;
  /** Extra frames of a burst per view (multi-frame capture), after `source` and `side`. */
  frames?: readonly UploadFile[];
  sideFrames?: readonly UploadFile[];
}

export interface SavedUpload {
  folder: string;
  inputImagePath: string;
  sideImagePath: string | null;
  /** The extra frames' paths, in the order given. */
  framePaths: string[];
  sideFramePaths: string[];
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const extensionPattern = /^[a-z0-9]{1,8}$/;

/**
 * The customers' photos as received, one folder per job: `{root}/{job_id}/source.{ext}` and
 * `side.{ext}`, and a burst's extra frames as `source-2.{ext}`, `source-3.{ext}`, … and
 * `side-2.{ext}`, … (the first frame of a view is its `source` / `side`). Files are written
 * before the job exists (the worker may lease it at once) and atomically (temp file, fsync,
 * rename, folder fsync): a crash never leaves a torn photo behind a pending job. Writes are
 * asynchronous so a 15 MB photo does not block the event loop.
 */
export class UploadStore {
  constructor(
    readonly rootDir: string,
    /** Refuses a save (DiskFullError) that would leave less than the reserve free. */
    private readonly diskSpace?: Pick<DiskSpace, 'assertRoomFor'>,
  ) {}

  folderOf(jobId: string): string {
    if (!uuidPattern.test(jobId)) throw new RangeError(`Upload folder names are job UUIDs, not ${JSON.stringify(jobId)}`);
    return join(this.rootDir, jobId);
  }

  async save(jobId: string, files: UploadFiles): Promise<SavedUpload> {
    const folder = this.folderOf(jobId);
    const frames = files.frames ?? [];
    const sideFrames = files.sideFrames ?? [];
    const all = [files.source, ...(files.side ? [files.side] : []), ...frames, ...sideFrames];
    this.diskSpace?.assertRoomFor(all.reduce((sum, file) => sum + file.bytes.byteLength, 0));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    try {
      const write = (name: string, file: UploadFile): Promise<string> =>
        writeAtomic(folder, `${name}.${checkedExtension(file.extension)}`, file.bytes);
      const inputImagePath = await write('source', files.source);
      const sideImagePath = files.side ? await write('side', files.side) : null;
      const framePaths: string[] = [];
      for (const [index, frame] of frames.entries()) framePaths.push(await write(`source-${index + 2}`, frame));
      const sideFramePaths: string[] = [];
      for (const [index, frame] of sideFrames.entries()) sideFramePaths.push(await write(`side-${index + 2}`, frame));
      await fsyncFolder(this.rootDir);
      return { folder, inputImagePath, sideImagePath, framePaths, sideFramePaths };
    } catch (error) {
      await this.remove(jobId);
      throw error;
    }
  }

  /** Removes the job's photos (the job was not created, or it is purged). */
  async remove(jobId: string): Promise<void> {
    await rm(this.folderOf(jobId), { recursive: true, force: true });
  }
}

function checkedExtension(extension: string): string {
  if (!extensionPattern.test(extension)) throw new RangeError(`Invalid upload extension ${JSON.stringify(extension)}`);
  return extension;
}

async function writeAtomic(folder: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = join(folder, name);
  const temp = atomicTempPath(path);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncFolder(folder);
  return path;
}

async function fsyncFolder(path: string): Promise<void> {
  // Folder fsync makes the rename durable; Windows cannot open folders for it and does not need to.
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
