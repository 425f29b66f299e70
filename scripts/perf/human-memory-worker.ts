import { createRequire } from 'node:module';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { captureHumanOptions } from '../../src/main/inference/capture-checks/human-settings.js';
import { createHumanRuntime } from '../../src/main/inference/human/human-runtime.js';

/**
 * One Human runtime as the Human checks worker and the embedded pipeline load it, reporting this
 * thread's own memory (V8 heap, tfjs-WASM linear memory, tensors) for scripts/perf/idle-memory.ts.
 */
if (!parentPort) throw new Error('run as a worker thread');
const port = parentPort;
const { photo } = workerData as { photo: Uint8Array | null };
const started = performance.now();
const runtime = await createHumanRuntime(captureHumanOptions);
const loadMs = performance.now() - started;
let firstDetectMs: number | null = null;
if (photo) {
  const detectStarted = performance.now();
  await runtime.detectFaces(photo);
  await runtime.detectBody(photo);
  await runtime.segmentPerson(photo);
  firstDetectMs = performance.now() - detectStarted;
}
// Human's Node bundle requires tfjs-core from node_modules: the same CommonJS instance as here.
const tf = createRequire(import.meta.url)('@tensorflow/tfjs-core') as {
  backend(): { wasm?: { HEAPU8?: Uint8Array; wasmMemory?: { buffer: ArrayBuffer } } };
  memory(): { numBytes: number };
};
const wasm = tf.backend().wasm;
const wasmBytes = wasm?.wasmMemory?.buffer.byteLength ?? wasm?.HEAPU8?.buffer.byteLength ?? -1;
const tensorBytes = tf.memory().numBytes;
const heap = getHeapStatistics();
port.postMessage({
  loadMs,
  firstDetectMs,
  heapUsedMb: heap.used_heap_size / 2 ** 20,
  heapTotalMb: heap.total_heap_size / 2 ** 20,
  externalMb: heap.external_memory / 2 ** 20,
  wasmMb: wasmBytes / 2 ** 20,
  tensorMb: tensorBytes / 2 ** 20,
});
// Stay alive (holding the runtime) until the parent terminates this thread; 'gc' collects here.
port.on('message', (message: unknown) => {
  if (message !== 'gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  const after = getHeapStatistics();
  port.postMessage({
    heapUsedMb: after.used_heap_size / 2 ** 20,
    heapTotalMb: after.total_heap_size / 2 ** 20,
    externalMb: after.external_memory / 2 ** 20,
  });
});
void runtime;
