import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { isAtomicTempName, writeFileAtomic } from '../../storage/atomic-write.js';

/** Bump when the conversion's output changes, so that no file converted before is used. */
export const conversionVersion = 2;

/**
 * A kept network not loaded within this long of the cache's latest use belongs to model files or a
 * conversion the kiosk no longer has (each about 13 MB in all): it is removed. Measured from the
 * newest use rather than the clock, so a kiosk switched off for months keeps its files.
 */
export const unusedConversionMs = 30 * 24 * 3600 * 1000;

/** A temporary file of a write that never finished (a crash between write and rename) is removed after a day. */
const abandonedTempMs = 24 * 3600 * 1000;

/**
 * Converted networks kept on disk, as onnxruntime optimized them, by the content they were
 * converted from (the model JSON, the weights and the outputs asked for, with the conversion's
 * version and `runtimeStamp`): a later start reads the optimized ONNX bytes instead of decoding,
 * transposing and encoding the weights and optimizing the graph again (most of a one-off scan's
 * model loading). The files are derived data: one that is missing, unreadable or rejected by
 * onnxruntime is converted and written again.
 */
export interface ConversionCache {
  /** The cached bytes for this content, or null. */
  read(key: string): Uint8Array | null;
  write(key: string, onnxModel: Uint8Array): void;
  /** Drops a cached file onnxruntime could not load (`reason`: its error), so that it is converted again. */
  forget(key: string, reason: string): void;
}

export function conversionKey(parts: {
  modelJsonText: string;
  weightData: ArrayBuffer;
  outputs: readonly string[];
  runtime: string;
}): string {
  return createHash('sha256')
    .update(`perfit tfjs-to-onnx ${conversionVersion}\n${parts.runtime}\n${JSON.stringify(parts.outputs)}\n${parts.modelJsonText}\n`)
    .update(new Uint8Array(parts.weightData))
    .digest('hex');
}

/**
 * What a kept network's optimized graph depends on besides its model: the onnxruntime version and
 * the CPU (its memory layout is chosen for this CPU's vector width), so that a kiosk's disk image
 * copied to other hardware, or an upgraded runtime, optimizes afresh instead of loading a mismatch.
 */
export function runtimeStamp(env: { versions: { node?: string; common?: string } }): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `onnxruntime ${env.versions.node ?? env.versions.common ?? 'unknown'} ${process.arch} ${cpu} ${cpuFlags()}`;
}

/** The CPU's feature flags where the system lists them (Linux); elsewhere the model name stands for them. */
function cpuFlags(): string {
  try {
    return /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? '';
  } catch {
    return '';
  }
}

type CacheLog = (message: string, fields: Record<string, unknown>) => void;

/**
 * A cache in `dir` (created owner-only when first written). Failures to write only cost the next
 * start its time. A read marks the file used (its modification time), and opening the cache removes
 * what has gone unused (`unusedConversionMs`).
 */
export function folderConversionCache(dir: string, log?: CacheLog, now: () => number = Date.now): ConversionCache {
  const path = (key: string): string => join(dir, `${key}.onnx`);
  pruneConversionCache(dir, now(), log);
  return {
    read(key) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path(key));
      } catch {
        return null;
      }
      try {
        const at = new Date(now());
        utimesSync(path(key), at, at);
      } catch {
        // A folder staff made read-only keeps every file: nothing is pruned by a use it could not record.
      }
      return bytes;
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

/**
 * Removes the kept networks last used more than `unusedConversionMs` before the newest one, and
 * temporary files older than a day. Everything here can be converted again, so a file that cannot
 * be read or removed is left alone without a fuss beyond one log line.
 */
function pruneConversionCache(dir: string, nowMs: number, log?: CacheLog): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const files = names.flatMap((name) => {
    const kind = isAtomicTempName(name) ? 'temp' : name.endsWith('.onnx') ? 'network' : null;
    if (!kind) return [];
    try {
      return [{ name, kind, usedMs: statSync(join(dir, name)).mtimeMs }];
    } catch {
      return [];
    }
  });
  const newestUse = Math.max(...files.filter((file) => file.kind === 'network').map((file) => file.usedMs));
  const stale = files.filter((file) =>
    file.kind === 'network' ? file.usedMs < newestUse - unusedConversionMs : file.usedMs < nowMs - abandonedTempMs,
  );
  const removed: string[] = [];
  for (const file of stale) {
    try {
      rmSync(join(dir, file.name), { force: true });
      removed.push(file.name);
    } catch (error) {
      log?.('an unused converted network could not be removed', { dir, file: file.name, reason: (error as Error).message });
    }
  }
  if (removed.length > 0) log?.('unused converted networks removed', { dir, files: removed });
  return removed;
}
