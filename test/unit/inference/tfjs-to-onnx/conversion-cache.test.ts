import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

  it('keys a kept network by the runtime and CPU it was optimized for, since its graph is laid out for them', () => {
    const stamp = runtimeStamp(onnxruntimeEnv);
    expect(stamp).toContain(`onnxruntime ${onnxruntimeEnv.versions.node}`);
    expect(stamp).toContain(cpus()[0]!.model);
    const content = { modelJsonText: '{}', weightData: new ArrayBuffer(8), outputs: ['mask'] };
    expect(conversionKey({ ...content, runtime: stamp })).toBe(conversionKey({ ...content, runtime: stamp }));
    expect(conversionKey({ ...content, runtime: stamp })).not.toBe(conversionKey({ ...content, runtime: `${stamp} avx512f` }));
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

  it('removes the networks unused for a month before its latest use, and abandoned temporary files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-conversion-cache-'));
    dirs.push(dir);
    const day = 24 * 3600 * 1000;
    const now = Date.parse('2026-12-07T12:00:00Z');
    const aged = (name: string, ageMs: number): void => {
      writeFileSync(join(dir, name), 'converted');
      const at = new Date(now - ageMs);
      utimesSync(join(dir, name), at, at);
    };
    // The kiosk was off for 100 days: its files in use then are kept, the older generation is not.
    aged('in-use.onnx', 100 * day);
    aged('also-in-use.onnx', 101 * day);
    aged('old-model.onnx', 100 * day + unusedConversionMs + day);
    aged('.in-use.onnx.0a1b2c3d4e5f.tmp', 2 * day);
    aged('.being-written.onnx.3d4e5f6a7b8c.tmp', 60_000);
    aged('staff-notes.txt', 400 * day);
    const said: { message: string; fields: Record<string, unknown> }[] = [];
    const cache = folderConversionCache(
      dir,
      (message, fields) => said.push({ message, fields }),
      () => now,
    );
    expect(readdirSync(dir).sort()).toEqual(['.being-written.onnx.3d4e5f6a7b8c.tmp', 'also-in-use.onnx', 'in-use.onnx', 'staff-notes.txt']);
    expect(said).toEqual([
      { message: 'unused converted networks removed', fields: { dir, files: ['.in-use.onnx.0a1b2c3d4e5f.tmp', 'old-model.onnx'] } },
    ]);

    // A read marks its file used, so the network left unread is the one a later opening removes.
    expect(Buffer.from(cache.read('in-use')!).toString()).toBe('converted');
    expect(statSync(join(dir, 'in-use.onnx')).mtimeMs).toBe(now);
    expect(cache.read('gone')).toBeNull();
    folderConversionCache(dir, undefined, () => now);
    expect(readdirSync(dir).sort()).toEqual(['.being-written.onnx.3d4e5f6a7b8c.tmp', 'in-use.onnx', 'staff-notes.txt']);
  });

  it('opens a folder that does not exist yet without complaint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-conversion-cache-'));
    dirs.push(dir);
    const said: string[] = [];
    const cache = folderConversionCache(join(dir, 'networks'), (message) => said.push(message));
    expect(cache.read('anything')).toBeNull();
    expect(said).toEqual([]);
  });
});
