import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultFaceDetectorSettings, modelUrls } from '../../../../src/main/inference/human/human-config.js';
import { resolveHumanPaths } from '../../../../src/main/inference/human/human-paths.js';
import { folderConversionCache, type ConversionCache } from '../../../../src/main/inference/tfjs-to-onnx/conversion-cache.js';
import { loadConvertedNetwork } from '../../../../src/main/inference/tfjs-to-onnx/converted-network.js';

const selfiePath = fileURLToPath(
  modelUrls({ modules: ['segmentation'], paths: resolveHumanPaths(), face: defaultFaceDetectorSettings, bodyModel: 'full' }).segmentation,
);
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
    read: (key) => {
      const bytes = folder.read(key);
      if (bytes) counts.hits += 1;
      return bytes;
    },
    write: (key, bytes) => {
      counts.writes += 1;
      folder.write(key, bytes);
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
    expect(readdirSync(counted.dir).filter((name) => name.endsWith('.onnx'))).toHaveLength(1);

    const second = await loadConvertedNetwork(selfiePath, { cache: counted.cache });
    const [kept] = await second.run(input);
    await second.release();
    expect([counted.writes, counted.hits]).toEqual([1, 1]);
    expect(Buffer.from(kept!.buffer).equals(Buffer.from(fresh!.buffer))).toBe(true);
  });

  it('converts again when the kept file is damaged, says so, and keeps the good one', async () => {
    const said: string[] = [];
    const counted = countingCache((message) => said.push(message));
    await (await loadConvertedNetwork(selfiePath, { cache: counted.cache })).release();
    const [file] = readdirSync(counted.dir);
    writeFileSync(join(counted.dir, file!), 'not an onnx model');
    const network = await loadConvertedNetwork(selfiePath, { cache: counted.cache });
    const [mask] = await network.run(input);
    await network.release();
    expect(mask).toHaveLength(256 * 256);
    expect(counted.writes).toBe(2);
    expect(said).toEqual(['a kept converted network did not load; it is converted again']);
    expect(readdirSync(counted.dir)).toEqual([file]);
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
});
