import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { io } from '@tensorflow/tfjs-core';
import * as z from 'zod';

/**
 * Human's models as tfjs-converter wrote them: a model JSON (the graph, its signature and the
 * weights manifest) and weight shards beside it, read from disk and checked before use.
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

export function modelFileUrl(dir: string, fileName: string): string {
  return pathToFileURL(join(dir, fileName)).href;
}

/** A graph model's JSON and its weight shards, read from disk and checked. */
export interface GraphModelFiles {
  modelJson: io.ModelJSON;
  /** The model JSON file's text as read: what a converted copy is keyed by. */
  modelJsonText: string;
  weightSpecs: io.WeightsManifestEntry[];
  /** The shards concatenated, in the manifest's order. */
  weightData: ArrayBuffer;
}

export async function readGraphModelFiles(modelPath: string): Promise<GraphModelFiles> {
  const modelJsonText = await readFile(modelPath, 'utf8');
  const parsed = modelJsonSchema.parse(JSON.parse(modelJsonText));
  const modelJson = parsed as unknown as io.ModelJSON;
  const manifest = modelJson.weightsManifest;
  const shards = await Promise.all(manifest.flatMap((group) => group.paths.map((path) => readFile(join(dirname(modelPath), path)))));
  const weightData = new Uint8Array(shards.reduce((sum, shard) => sum + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  return { modelJson, modelJsonText, weightSpecs: manifest.flatMap((group) => group.weights), weightData: weightData.buffer };
}
