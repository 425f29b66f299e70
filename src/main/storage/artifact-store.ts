import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ArtifactRecord } from '../avatars/types.js';
import { writeFileAtomic } from './atomic-write.js';

export interface ArtifactFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

const sourceContentTypes: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/**
 * The local artifact store: one folder per avatar under `{dataDir}/avatars/{avatar_id}/`, with
 * the files named as in the bucket layout of api.md. Files are written before the database rows
 * that point at them; a failed transaction removes the folder again.
 */
export class ArtifactStore {
  constructor(readonly rootDir: string) {}

  folderOf(avatarId: string): string {
    return join(this.rootDir, avatarId);
  }

  /** Writes every file atomically and returns the records to insert with the avatar. */
  write(avatarId: string, files: ArtifactFile[]): ArtifactRecord[] {
    const folder = this.folderOf(avatarId);
    mkdirSync(folder, { recursive: true });
    return files.map((file) => {
      const localPath = join(folder, file.name);
      writeFileAtomic(localPath, file.bytes);
      return {
        avatarId,
        name: file.name,
        localPath,
        contentType: file.contentType,
        sizeBytes: file.bytes.byteLength,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        md5Base64: createHash('md5').update(file.bytes).digest('base64'),
        objectKey: null,
        syncedAt: null,
      };
    });
  }

  /** The customer's photo as the `source.{ext}` artifact of the avatar. */
  sourceFileFrom(imagePath: string, baseName = 'source'): ArtifactFile {
    const extension = extname(imagePath).toLowerCase();
    const contentType = sourceContentTypes[extension];
    if (!contentType) throw new Error(`Unexpected source image extension ${extension} (${imagePath})`);
    return { name: `${baseName}${extension === '.jpeg' ? '.jpg' : extension}`, contentType, bytes: readFileSync(imagePath) };
  }

  remove(avatarId: string): void {
    rmSync(this.folderOf(avatarId), { recursive: true, force: true });
  }
}
