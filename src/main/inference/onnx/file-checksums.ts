import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { ModelFilesError } from './errors.js';
import { manifestPath, type FileEntry, type ModelManifest } from './manifest.js';

/**
 * SHA-256 checks of the model files against the manifest. Hashing the ViTDet-H weights (about
 * 2.5 GB) takes seconds at every worker start, so a result is remembered by path, size and
 * modification time in a small JSON file next to the manifest. That guards against corrupt,
 * truncated and swapped files (their size or mtime changes), which is what the check is for; it is
 * not a defence against someone who can write the models folder (they could edit the manifest too).
 */

export const checksumCacheFileName = '.sha256-cache.json';

const cacheSchema = z.record(z.string(), z.object({ sizeBytes: z.number(), mtimeMs: z.number(), sha256: z.string() }));
type CacheEntries = z.infer<typeof cacheSchema>;

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ChecksumLog {
  (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
}

/** Remembers file hashes by size and mtime; `path: null` keeps them in memory only. */
export class ChecksumCache {
  private entries: CacheEntries = {};
  private loaded = false;
  private dirty = false;

  constructor(
    private readonly path: string | null,
    private readonly log: ChecksumLog = () => undefined,
  ) {}

  static besideManifest(modelsDir: string, log?: ChecksumLog): ChecksumCache {
    return new ChecksumCache(join(modelsDir, checksumCacheFileName), log);
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.path) return;
    try {
      const parsed = cacheSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (parsed.success) this.entries = parsed.data;
    } catch {
      // No cache yet, or an unreadable one: every file is hashed again.
    }
  }

  /** The file's SHA-256, from the cache when its size and mtime are unchanged. */
  async sha256(path: string): Promise<string> {
    await this.load();
    const info = await stat(path);
    const cached = this.entries[path];
    if (cached && cached.sizeBytes === info.size && cached.mtimeMs === info.mtimeMs) return cached.sha256;
    const started = performance.now();
    const digest = await sha256OfFile(path);
    this.log('info', 'hashed model file', { path, sizeBytes: info.size, durationMs: Math.round(performance.now() - started) });
    this.entries[path] = { sizeBytes: info.size, mtimeMs: info.mtimeMs, sha256: digest };
    this.dirty = true;
    return digest;
  }

  /** Writes the cache if it changed; a read-only models folder only costs the next start a re-hash. */
  async save(): Promise<void> {
    if (!this.path || !this.dirty) return;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(this.entries, null, 1));
      await rename(temporary, this.path);
      this.dirty = false;
    } catch (error) {
      this.log('debug', 'could not write the model checksum cache', { path: this.path, reason: (error as Error).message });
    }
  }
}

/**
 * Checks that a manifest file entry is installed and intact; returns its absolute path.
 * ModelFilesError: `model_checksum_missing`, `model_file_missing`, `model_checksum_mismatch`.
 */
export async function verifyFile(
  modelsDir: string,
  entry: Pick<FileEntry, 'file' | 'sha256'>,
  label: string,
  cache: ChecksumCache,
): Promise<string> {
  const path = join(modelsDir, entry.file);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ModelFilesError('model_file_missing', `${label}: ${path} is missing (see models/README.md for how to export it)`);
  }
  if (entry.sha256 === null) {
    throw new ModelFilesError(
      'model_checksum_missing',
      `${label}: ${manifestPath(modelsDir)} records no sha256 for ${entry.file}; run the export script in scripts/models/ to write it`,
    );
  }
  const actual = await cache.sha256(path);
  if (actual !== entry.sha256) {
    throw new ModelFilesError(
      'model_checksum_mismatch',
      `${label}: ${path} (${size} bytes) has sha256 ${actual}, but ${manifestPath(modelsDir)} expects ${entry.sha256}: the ` +
        `file is corrupt, truncated or from another export`,
    );
  }
  return path;
}

/** Every file of an ONNX model entry (graph and external data), in manifest order. */
export async function verifyModelFiles(modelsDir: string, manifest: ModelManifest, modelId: string, cache: ChecksumCache): Promise<string> {
  const entry = manifest.models[modelId];
  if (!entry)
    throw new ModelFilesError('manifest_entry_missing', `${manifestPath(modelsDir)} has no entry for the ONNX model "${modelId}"`);
  const path = await verifyFile(modelsDir, entry, `model "${modelId}"`, cache);
  for (const data of entry.externalData) await verifyFile(modelsDir, data, `model "${modelId}" (external data)`, cache);
  return path;
}
