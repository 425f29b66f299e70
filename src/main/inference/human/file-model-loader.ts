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

/** A graph model's JSON and its weight shards, read from disk and checked. */
export interface GraphModelFiles {
  modelJson: io.ModelJSON;
  weightSpecs: io.WeightsManifestEntry[];
  /** The shards concatenated, in the manifest's order. */
  weightData: ArrayBuffer;
}

export async function readGraphModelFiles(modelPath: string): Promise<GraphModelFiles> {
  const parsed = modelJsonSchema.parse(JSON.parse(await readFile(modelPath, 'utf8')));
  const modelJson = parsed as unknown as io.ModelJSON;
  const manifest = modelJson.weightsManifest;
  const shards = await Promise.all(manifest.flatMap((group) => group.paths.map((path) => readFile(join(dirname(modelPath), path)))));
  const weightData = new Uint8Array(shards.reduce((sum, shard) => sum + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  return { modelJson, weightSpecs: manifest.flatMap((group) => group.weights), weightData: weightData.buffer };
}

async function loadModelArtifacts(tf: Tf, url: string): Promise<io.ModelArtifacts> {
  const started = performance.now();
  try {
    const files = await readGraphModelFiles(fileURLToPath(url));
    const artifacts = await tf.io.getModelArtifactsForJSON(files.modelJson, () => Promise.resolve([files.weightSpecs, files.weightData]));
    loaded.set(url, { url, weightsBytes: files.weightData.byteLength, loadMs: performance.now() - started });
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
