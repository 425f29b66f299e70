import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fsyncDirectory, fsyncFile, isAtomicTempName } from '../../storage/atomic-write.js';

/** Bump when the conversion's output changes, so that no file converted before is used. */
export const conversionVersion = 3;

/**
 * A kept network not loaded within this long of the cache's latest use belongs to model files or a
 * conversion the kiosk no longer has (each about 13 MB in all): it is removed. Measured from the
 * newest use rather than the clock, so a kiosk switched off for months keeps its files.
 */
export const unusedConversionMs = 30 * 24 * 3600 * 1000;

/** A staging folder (or temporary file) of a write that never finished is removed after a day. */
const abandonedTempMs = 24 * 3600 * 1000;

/**
 * Converted networks kept on disk, as onnxruntime optimized them, by the content they were
 * converted from (the model JSON, the weights and the outputs asked for, with the conversion's
 * version and `runtimeStamp`). Each is two files: the graph (`{key}.onnx`) and its weights as
 * onnxruntime pre-packed them for this CPU's kernels (`{key}.weights`), which a later start maps
 * from disk instead of decoding, transposing and encoding the weights, optimizing the graph and
 * packing the weights again (most of a one-off scan's model loading). The files are derived data:
 * a network whose files are missing, unreadable or rejected by onnxruntime is converted and
 * written again.
 */
export interface ConversionCache {
  /** The kept network's graph file for this content (its weights file beside it), or null. */
  find(key: string): string | null;
  /** Where onnxruntime writes the network for `key` before it is kept; null when the folder cannot be written. */
  stage(key: string): StagedNetwork | null;
  /** Drops a kept network onnxruntime could not load (`reason`: its error), so that it is converted again. */
  forget(key: string, reason: string): void;
}

/** A network onnxruntime is writing, in a folder of its own inside the cache until it is kept. */
export interface StagedNetwork {
  /** Where onnxruntime writes the optimized graph (`optimizedModelFilePath`). */
  graphPath: string;
  /** The weights file's name, beside the graph: the graph refers to it by this name. */
  weightsFileName: string;
  /** Moves both files into the cache, the weights first, so that a graph in place always has its weights. */
  keep(): void;
  /** Discards what was written; with `reason`, the session could not be created writing it, which the log says. */
  drop(reason?: string): void;
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
  return `onnxruntime ${env.versions.node ?? env.versions.common ?? 'unknown'} ${thisCpu()}`;
}

/** Read once per thread: every network a thread loads asks for it. */
let cpuDescription: string | undefined;

function thisCpu(): string {
  cpuDescription ??= `${process.arch} ${cpus()[0]?.model ?? 'unknown CPU'} ${cpuFlags()}`;
  return cpuDescription;
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

const stagingPrefix = '.staging-';

/**
 * A cache in `dir` (created owner-only when first written). Failures to write only cost the next
 * start its time. Finding a network marks its files used (their modification time), and opening
 * the cache removes what has gone unused (`unusedConversionMs`).
 */
export function folderConversionCache(dir: string, log?: CacheLog, now: () => number = Date.now): ConversionCache {
  const files = (key: string): { graph: string; weights: string } => ({ graph: `${key}.onnx`, weights: `${key}.weights` });
  const cannotKeep = (error: unknown): void =>
    log?.('the converted network could not be kept; the next start converts it again', { dir, reason: (error as Error).message });
  pruneConversionCache(dir, now(), log);
  return {
    find(key) {
      const { graph, weights } = files(key);
      if (!existsSync(join(dir, graph)) || !existsSync(join(dir, weights))) return null;
      try {
        const at = new Date(now());
        for (const name of [graph, weights]) utimesSync(join(dir, name), at, at);
      } catch {
        // A folder staff made read-only keeps every file: nothing is pruned by a use it could not record.
      }
      return join(dir, graph);
    },
    stage(key) {
      let staging: string;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        staging = mkdtempSync(join(dir, stagingPrefix));
      } catch (error) {
        cannotKeep(error);
        return null;
      }
      const { graph, weights } = files(key);
      const drop = (reason?: string): void => {
        if (reason !== undefined) cannotKeep(new Error(reason));
        try {
          rmSync(staging, { recursive: true, force: true });
        } catch {
          // Left for the next opening's prune (a day on): a file Windows still holds open cannot go now.
        }
      };
      return {
        graphPath: join(staging, graph),
        weightsFileName: weights,
        keep() {
          try {
            // onnxruntime wrote them without syncing: a power cut must not leave a torn file under a kept name.
            for (const name of [weights, graph]) fsyncFile(join(staging, name));
            for (const name of [weights, graph]) renameSync(join(staging, name), join(dir, name));
            fsyncDirectory(dir);
          } catch (error) {
            cannotKeep(error);
          } finally {
            drop();
          }
        },
        drop,
      };
    },
    forget(key, reason) {
      log?.('a kept converted network did not load; it is converted again', { dir, reason });
      const { graph, weights } = files(key);
      try {
        for (const name of [graph, weights]) rmSync(join(dir, name), { force: true });
      } catch (error) {
        log?.('a kept converted network could not be removed', { dir, reason: (error as Error).message });
      }
    },
  };
}

/**
 * Removes the kept networks' files last used more than `unusedConversionMs` before the newest one,
 * and staging folders (and an older version's temporary files) left for more than a day by a
 * start that stopped while writing. Everything here can be converted again, so a file that cannot
 * be read or removed is left alone without a fuss beyond one log line.
 */
function pruneConversionCache(dir: string, nowMs: number, log?: CacheLog): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const entries = names.flatMap((name) => {
    const kind =
      name.startsWith(stagingPrefix) || isAtomicTempName(name)
        ? 'temp'
        : name.endsWith('.onnx') || name.endsWith('.weights')
          ? 'network'
          : null;
    if (!kind) return [];
    try {
      return [{ name, kind, usedMs: statSync(join(dir, name)).mtimeMs }];
    } catch {
      return [];
    }
  });
  const newestUse = Math.max(...entries.filter((entry) => entry.kind === 'network').map((entry) => entry.usedMs));
  const stale = entries.filter((entry) =>
    entry.kind === 'network' ? entry.usedMs < newestUse - unusedConversionMs : entry.usedMs < nowMs - abandonedTempMs,
  );
  const removed: string[] = [];
  for (const entry of stale) {
    try {
      rmSync(join(dir, entry.name), { recursive: true, force: true });
      removed.push(entry.name);
    } catch (error) {
      log?.('an unused converted network could not be removed', { dir, file: entry.name, reason: (error as Error).message });
    }
  }
  if (removed.length > 0) log?.('unused converted networks removed', { dir, files: removed });
  return removed;
}
