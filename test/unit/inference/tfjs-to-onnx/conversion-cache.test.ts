import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultFaceDetectorSettings, modelUrls } from '../../../../src/main/inference/human/human-config.js';
import { resolveHumanPaths } from '../../../../src/main/inference/human/human-paths.js';
import { env as onnxruntimeEnv } from 'onnxruntime-node';
import { cpus } from 'node:os';
import {
  conversionKey,
  folderConversionCache,
  runtimeStamp,
  unusedConversionMs,
  type ConversionCache,
} from '../../../../src/main/inference/tfjs-to-onnx/conversion-cache.js';
import { loadConvertedNetwork } from '../../../../src/main/inference/tfjs-to-onnx/converted-network.js';

const selfiePath = fileURLToPath(
  modelUrls({ modules: ['segmentation'], paths: resolveHumanPaths(), face: defaultFaceDetectorSettings, bodyModel: 'full' }).segmentation,
);
/** The tfjs weights shard beside the selfie model: the packed copy is at least as large. */
const selfieWeightsPath = selfiePath.replace(/\.json$/, '.bin');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder cache that counts what it is asked. */
function countingCache(log?: (message: string) => void): { cache: ConversionCache; dir: string; writes: number; hits: number } {
  const dir = mkdtempSync(join(tmpdir(), 'perfit-conversion-cache-'));
  dirs.push(dir);
  const folder = folderConversionCache(dir, log);
  const counts = { cache: folder, dir, writes: 0, hits: 0 };
  counts.cache = {
    find: (key) => {
      const graph = folder.find(key);
      if (graph) counts.hits += 1;
      return graph;
    },
    stage: (key) => {
      const staged = folder.stage(key);
      return staged && { ...staged, keep: () => ((counts.writes += 1), staged.keep()) };
    },
    forget: (key, reason) => folder.forget(key, reason),
  };
  return counts;
}

const input = Float32Array.from({ length: 256 * 256 * 3 }, (_, index) => ((index * 37) % 255) / 255);

describe('the conversion cache', () => {
  it('converts once, then loads the kept network, which answers the same', async () => {
    const counted = countingCache();
    const first = await loadConvertedNetwork(selfiePath, { cache: counted.cache });
    const [fresh] = await first.run(input);
    await first.release();
    expect([counted.writes, counted.hits]).toEqual([1, 0]);
    // The graph and its packed weights under one key, and no staging folder left behind.
    const [graph, weights] = readdirSync(counted.dir).sort();
    expect(graph).toMatch(/^[0-9a-f]{64}\.onnx$/);
    expect(weights).toBe(graph!.replace(/\.onnx$/, '.weights'));
    expect(statSync(join(counted.dir, weights!)).size).toBeGreaterThan(statSync(selfieWeightsPath).size);

    const second = await loadConvertedNetwork(selfiePath, { cache: counted.cache });
    const [kept] = await second.run(input);
    await second.release();
    expect([counted.writes, counted.hits]).toEqual([1, 1]);
    expect(Buffer.from(kept!.buffer).equals(Buffer.from(fresh!.buffer))).toBe(true);
  });

  it('keys a kept network by the runtime and CPU it was optimized for, since its graph is laid out for them', () => {
    const stamp = runtimeStamp(onnxruntimeEnv);
    expect(stamp).toContain(`onnxruntime ${onnxruntimeEnv.versions.node}`);
    expect(stamp).toContain(cpus()[0]!.model);
    const content = { modelJsonText: '{}', weightData: new ArrayBuffer(8), outputs: ['mask'] };
    expect(conversionKey({ ...content, runtime: stamp })).toBe(conversionKey({ ...content, runtime: stamp }));
    expect(conversionKey({ ...content, runtime: stamp })).not.toBe(conversionKey({ ...content, runtime: `${stamp} avx512f` }));
  });

  it.each([
    { file: 'graph', damage: (path: string) => writeFileSync(path, 'not an onnx model') },
    { file: 'weights', damage: (path: string) => truncateSync(path, Math.floor(statSync(path).size / 2)) },
  ])('converts again when the kept $file file is damaged, says so, and keeps the good one', async ({ file, damage }) => {
    const said: string[] = [];
    const counted = countingCache((message) => said.push(message));
    await (await loadConvertedNetwork(selfiePath, { cache: counted.cache })).release();
    const kept = readdirSync(counted.dir).sort();
    damage(
      join(
        counted.dir,
        kept.find((name) => name.endsWith(file === 'graph' ? '.onnx' : '.weights'))!,
      ),
    );
    const network = await loadConvertedNetwork(selfiePath, { cache: counted.cache });
    const [mask] = await network.run(input);
    await network.release();
    expect(mask).toHaveLength(256 * 256);
    expect(counted.writes).toBe(2);
    expect(said).toEqual(['a kept converted network did not load; it is converted again']);
    expect(readdirSync(counted.dir).sort()).toEqual(kept);
    await (await loadConvertedNetwork(selfiePath, { cache: counted.cache })).release();
    expect(counted.writes).toBe(2);
  });

  it('is only a speed-up: a folder it cannot write to costs nothing but the next conversion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-conversion-cache-'));
    dirs.push(dir);
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const said: string[] = [];
    const network = await loadConvertedNetwork(selfiePath, {
      cache: folderConversionCache(join(blocked, 'networks'), (message) => said.push(message)),
    });
    expect(await network.run(input)).toHaveLength(1);
    await network.release();
    expect(said).toEqual(['the converted network could not be kept; the next start converts it again']);
  });

  it('still gives the network when onnxruntime cannot write the copy to keep, and says why', async () => {
    const dropped: (string | undefined)[] = [];
    let kept = 0;
    const network = await loadConvertedNetwork(selfiePath, {
      cache: {
        find: () => null,
        stage: () => ({
          graphPath: join(tmpdir(), 'perfit-no-such-folder', 'network.onnx'),
          weightsFileName: 'network.weights',
          keep: () => (kept += 1),
          drop: (reason) => dropped.push(reason),
        }),
        forget: () => undefined,
      },
    });
    const [mask] = await network.run(input);
    await network.release();
    expect(mask).toHaveLength(256 * 256);
    expect(kept).toBe(0);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatch(/\S/);
  });

  it('removes the networks unused for a month before its latest use, and abandoned staging folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-conversion-cache-'));
    dirs.push(dir);
    const day = 24 * 3600 * 1000;
    const now = Date.parse('2026-12-07T12:00:00Z');
    const aged = (name: string, ageMs: number, folder = false): void => {
      if (folder) mkdirSync(join(dir, name));
      else writeFileSync(join(dir, name), 'converted');
      const at = new Date(now - ageMs);
      utimesSync(join(dir, name), at, at);
    };
    // The kiosk was off for 100 days: its files in use then are kept, the older generation is not.
    aged('in-use.onnx', 100 * day);
    aged('in-use.weights', 100 * day);
    aged('also-in-use.onnx', 101 * day);
    aged('also-in-use.weights', 101 * day);
    aged('old-model.onnx', 100 * day + unusedConversionMs + day);
    aged('old-model.weights', 100 * day + unusedConversionMs + day);
    aged('.staging-a1b2c3', 2 * day, true);
    aged('.staging-d4e5f6', 60_000, true);
    aged('.in-use.onnx.0a1b2c3d4e5f.tmp', 2 * day);
    aged('staff-notes.txt', 400 * day);
    const said: { message: string; fields: Record<string, unknown> }[] = [];
    const cache = folderConversionCache(
      dir,
      (message, fields) => said.push({ message, fields }),
      () => now,
    );
    expect(readdirSync(dir).sort()).toEqual([
      '.staging-d4e5f6',
      'also-in-use.onnx',
      'also-in-use.weights',
      'in-use.onnx',
      'in-use.weights',
      'staff-notes.txt',
    ]);
    expect(said).toEqual([
      {
        message: 'unused converted networks removed',
        fields: { dir, files: ['.in-use.onnx.0a1b2c3d4e5f.tmp', '.staging-a1b2c3', 'old-model.onnx', 'old-model.weights'] },
      },
    ]);

    // Finding a network marks both its files used, so the network left unfound is the one a later opening removes.
    expect(cache.find('in-use')).toBe(join(dir, 'in-use.onnx'));
    expect([statSync(join(dir, 'in-use.onnx')).mtimeMs, statSync(join(dir, 'in-use.weights')).mtimeMs]).toEqual([now, now]);
    expect(cache.find('gone')).toBeNull();
    folderConversionCache(dir, undefined, () => now);
    expect(readdirSync(dir).sort()).toEqual(['.staging-d4e5f6', 'in-use.onnx', 'in-use.weights', 'staff-notes.txt']);
  });

  it('finds no network whose weights file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-conversion-cache-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'half.onnx'), 'converted');
    expect(folderConversionCache(dir).find('half')).toBeNull();
  });

  it('opens a folder that does not exist yet without complaint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-conversion-cache-'));
    dirs.push(dir);
    const said: string[] = [];
    const cache = folderConversionCache(join(dir, 'networks'), (message) => said.push(message));
    expect(cache.find('anything')).toBeNull();
    expect(said).toEqual([]);
  });
});
