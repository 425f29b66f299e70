import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import { sourceWorkerFactory } from '../../src/main/threads/worker-factory.js';

/**
 * Where the service's idle resident memory goes (issue 15): the process before any model, then one
 * Human runtime per worker thread as the Human checks worker and the embedded pipeline load it,
 * each thread reporting its V8 heap, tfjs-WASM linear memory and tensor bytes.
 *   node --expose-gc --import tsx scripts/perf/idle-memory.ts [workers=2] [--worker-gc] [--detect]
 * `--worker-gc` runs a full collection in each worker thread after it loaded (garbage left by loading).
 * `--detect` runs one face, body and mask pass on a photo in each worker (memory after first use).
 */
const workerCount = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 2);
const detect = process.argv.includes('--detect');
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rss = (): number => process.memoryUsage().rss;
async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

await import('../../src/main/service.js');
await settle();
const base = rss();
console.log(`main thread after importing service.ts: rss ${mb(base)}, heap used ${mb(getHeapStatistics().used_heap_size)}`);

let photo: Uint8Array | null = null;
if (detect) {
  const assets = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..', 'assets');
  photo = new Uint8Array(await readFile(join(assets, 'samples.jpg')));
}
const factory = sourceWorkerFactory(new URL('./human-memory-worker.ts', import.meta.url));
const workers: Worker[] = [];
let previous = base;
for (let index = 0; index < workerCount; index += 1) {
  const worker = factory({ workerData: { photo } });
  workers.push(worker);
  const report = await new Promise<Record<string, number | null>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await settle();
  const now = rss();
  const fields = Object.entries(report)
    .map(([key, value]) => `${key} ${typeof value === 'number' ? value.toFixed(0) : value}`)
    .join(', ');
  console.log(`+ Human worker ${index + 1}: rss ${mb(now)} (+${mb(now - previous)}); in the thread: ${fields}`);
  previous = now;
  if (process.argv.includes('--worker-gc')) {
    worker.postMessage('gc');
    const after = await new Promise<Record<string, number>>((resolve) => worker.once('message', resolve));
    await settle();
    const collected = rss();
    console.log(
      `  after a collection in that thread: rss ${mb(collected)} (${mb(collected - now)}); heap used ${after['heapUsedMb']?.toFixed(0)}, total ${after['heapTotalMb']?.toFixed(0)}, external ${after['externalMb']?.toFixed(0)} MB`,
    );
    previous = collected;
  }
}
for (const worker of workers) await worker.terminate();
await settle();
console.log(`after terminating the workers: rss ${mb(rss())}`);
