import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../storage/atomic-write.js';

/** Bump when the conversion's output changes, so that no file converted before is used. */
export const conversionVersion = 1;

/**
 * Converted networks kept on disk by the content they were converted from (the model JSON, the
 * weights and the outputs asked for, with the conversion's version): a later start reads the
 * ONNX bytes instead of decoding, transposing and encoding the weights again (about half of a
 * one-off scan's model loading). The files are derived data: one that is missing, unreadable or
 * rejected by onnxruntime is converted and written again.
 */
export interface ConversionCache {
  /** The cached bytes for this content, or null. */
  read(key: string): Uint8Array | null;
  write(key: string, onnxModel: Uint8Array): void;
  /** Drops a cached file onnxruntime could not load (`reason`: its error), so that it is converted again. */
  forget(key: string, reason: string): void;
}

export function conversionKey(parts: { modelJson: string; weightData: ArrayBuffer; outputs: readonly string[] }): string {
  return createHash('sha256')
    .update(`perfit tfjs-to-onnx ${conversionVersion}\n${JSON.stringify(parts.outputs)}\n${parts.modelJson}\n`)
    .update(new Uint8Array(parts.weightData))
    .digest('hex');
}

/** A cache in `dir` (created owner-only when first written). Failures to write only cost the next start its time. */
export function folderConversionCache(dir: string, log?: (message: string, fields: Record<string, unknown>) => void): ConversionCache {
  const path = (key: string): string => join(dir, `${key}.onnx`);
  return {
    read(key) {
      try {
        return readFileSync(path(key));
      } catch {
        return null;
      }
    },
    write(key, onnxModel) {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileAtomic(path(key), onnxModel);
      } catch (error) {
        log?.('the converted network could not be kept; the next start converts it again', { dir, reason: (error as Error).message });
      }
    },
    forget(key, reason) {
      log?.('a kept converted network did not load; it is converted again', { dir, reason });
      rmSync(path(key), { force: true });
    },
  };
}
