import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { io } from '@tensorflow/tfjs-core';
import * as z from 'zod';
import type { Tf } from './tfjs.js';

/**
 * Loads tfjs graph models from disk for `file://` URLs: the model JSON and its weight shards are
 * read with fs, so Human needs neither HTTP nor a global `fetch` override in Node. Registered once
 * per tfjs instance (one per thread); `loadedModels` records what was read, because Human only logs
 * a model that fails to load and goes on without it.
 */

const modelJsonSchema = z
  .object({
    modelTopology: z.record(z.string(), z.unknown()),
    weightsManifest: z
      .array(
        z.object({
          paths: z.array(z.string().regex(/^[^/\\]+$/, 'weight shards are plain file names next to the model')),
          weights: z.array(z.object({ name: z.string(), shape: z.array(z.number()), dtype: z.string() }).loose()),
        }),
      )
      .min(1),
  })
  .loose();

export interface LoadedModel {
  url: string;
  weightsBytes: number;
  loadMs: number;
}

const routedInstances = new WeakSet<object>();
const loaded = new Map<string, LoadedModel>();
const failed = new Map<string, Error>();

export function modelFileUrl(dir: string, fileName: string): string {
  return pathToFileURL(join(dir, fileName)).href;
}

async function loadModelArtifacts(tf: Tf, url: string): Promise<io.ModelArtifacts> {
  const started = performance.now();
  const modelPath = fileURLToPath(url);
  try {
    const parsed = modelJsonSchema.parse(JSON.parse(await readFile(modelPath, 'utf8')));
    const modelJson = parsed as unknown as io.ModelJSON;
    let weightsBytes = 0;
    const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const shards = await Promise.all(manifest.flatMap((group) => group.paths.map((path) => readFile(join(dirname(modelPath), path)))));
      const buffers = shards.map((shard) => shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength));
      weightsBytes = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
      return [specs, tf.io.concatenateArrayBuffers(buffers)];
    });
    loaded.set(url, { url, weightsBytes, loadMs: performance.now() - started });
    failed.delete(url);
    return artifacts;
  } catch (error) {
    failed.set(url, error as Error);
    throw error;
  }
}

/** Makes `tf.loadGraphModel('file:///…/model.json')` (and so Human) read models from disk. */
export function registerFileModelLoader(tf: Tf): void {
  if (routedInstances.has(tf.io)) return;
  routedInstances.add(tf.io);
  tf.io.registerLoadRouter((url: string | string[]) => {
    // A router answers null for URLs it does not handle (IORouter's type leaves that out).
    if (typeof url !== 'string' || !url.startsWith('file://')) return null as unknown as io.IOHandler;
    return { load: () => loadModelArtifacts(tf, url) };
  });
}

/** What happened to a model URL: loaded (with its size) or the error that stopped it. */
export function modelLoadOutcome(url: string): { loaded: LoadedModel } | { error: Error } | null {
  const model = loaded.get(url);
  if (model) return { loaded: model };
  const error = failed.get(url);
  return error ? { error } : null;
}
