/**
 * Rendered evaluation photos kept under .cache/eval/ (gitignored), keyed by everything that makes
 * the picture: the subject's dimensions and shape variation, the capture condition, the view and
 * the construction's version. A rerun after a pipeline change only rescans.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when the body construction, garments or renderer change what a photo shows. */
export const photoConstructionVersion = 2;

export function photoKey(parts: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify({ version: photoConstructionVersion, parts }))
    .digest('hex')
    .slice(0, 20);
}

export interface PhotoCache {
  /** The cached photo's path, rendering it first when it is missing. */
  photo(subjectId: string, view: string, key: string, render: () => Promise<Buffer>): Promise<{ path: string; rendered: boolean }>;
}

export function openPhotoCache(dir: string): PhotoCache {
  return {
    async photo(subjectId, view, key, render) {
      const folder = join(dir, subjectId);
      const path = join(folder, `${view}-${key}.jpg`);
      if (
        existsSync(path) &&
        readFileSync(path)
          .subarray(0, 2)
          .equals(Buffer.from([0xff, 0xd8]))
      )
        return { path, rendered: false };
      mkdirSync(folder, { recursive: true });
      const bytes = await render();
      // Written whole or not at all: an interrupted run never leaves half a photo to be reused.
      writeFileSync(`${path}.partial`, bytes);
      renameSync(`${path}.partial`, path);
      return { path, rendered: true };
    },
  };
}
