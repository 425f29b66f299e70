import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadStore } from '../../../src/main/storage/uploads.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('UploadStore (real files in a temp dir)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: UploadStore;
  beforeEach(() => {
    dir = makeTempDir();
    store = new UploadStore(join(dir.path, 'uploads'));
  });
  afterEach(() => dir.remove());

  it('writes source and side photos into the job folder, leaving no temp files, readable only by the owner', async () => {
    const id = crypto.randomUUID();
    const saved = await store.save(id, {
      source: { bytes: Buffer.from('front'), extension: 'jpg' },
      side: { bytes: Buffer.from('side'), extension: 'webp' },
    });
    expect(saved).toEqual({
      folder: join(dir.path, 'uploads', id),
      inputImagePath: join(dir.path, 'uploads', id, 'source.jpg'),
      sideImagePath: join(dir.path, 'uploads', id, 'side.webp'),
      framePaths: [],
      sideFramePaths: [],
    });
    expect(readFileSync(saved.inputImagePath, 'utf8')).toBe('front');
    expect(readFileSync(saved.sideImagePath!, 'utf8')).toBe('side');
    expect(readdirSync(saved.folder).sort()).toEqual(['side.webp', 'source.jpg']);
    if (process.platform !== 'win32') expect(statSync(saved.inputImagePath).mode & 0o077).toBe(0);
  });

  it("writes a burst's extra frames per view as numbered files after the first, in the order given", async () => {
    const id = crypto.randomUUID();
    const saved = await store.save(id, {
      source: { bytes: Buffer.from('front 1'), extension: 'jpg' },
      side: { bytes: Buffer.from('side 1'), extension: 'jpg' },
      frames: [
        { bytes: Buffer.from('front 2'), extension: 'jpg' },
        { bytes: Buffer.from('front 3'), extension: 'png' },
      ],
      sideFrames: [{ bytes: Buffer.from('side 2'), extension: 'webp' }],
    });
    const folder = join(dir.path, 'uploads', id);
    expect(saved.framePaths).toEqual([join(folder, 'source-2.jpg'), join(folder, 'source-3.png')]);
    expect(saved.sideFramePaths).toEqual([join(folder, 'side-2.webp')]);
    expect(saved.framePaths.map((path) => readFileSync(path, 'utf8'))).toEqual(['front 2', 'front 3']);
    expect(readdirSync(folder).sort()).toEqual(['side-2.webp', 'side.jpg', 'source-2.jpg', 'source-3.png', 'source.jpg']);
  });

  it('writes no side photo when there is none, and removes a job folder', async () => {
    const id = crypto.randomUUID();
    const saved = await store.save(id, { source: { bytes: Buffer.from('x'), extension: 'png' } });
    expect(saved.sideImagePath).toBeNull();
    await store.remove(id);
    expect(existsSync(saved.folder)).toBe(false);
    await store.remove(id); // removing twice is fine
  });

  it('refuses folder names that are not job UUIDs and odd extensions (no path traversal)', async () => {
    await expect(store.save('../escape', { source: { bytes: Buffer.from('x'), extension: 'jpg' } })).rejects.toThrow(RangeError);
    const id = crypto.randomUUID();
    await expect(store.save(id, { source: { bytes: Buffer.from('x'), extension: '../jpg' } })).rejects.toThrow(RangeError);
    expect(existsSync(join(dir.path, 'uploads', id))).toBe(false);
  });
});
