import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sourceWorkerFactory, startWorkerAhead, workerEntryUrl, type WorkerFactory } from '../../../src/main/threads/worker-factory.js';

describe('the module a worker thread starts with', () => {
  const source = new URL('file:///app/src/main/inference/worker.ts');

  it('is the built .js in the same place when the service runs from lib/', () => {
    const built = new URL('file:///app/lib/main/inference/worker.ts');
    expect(workerEntryUrl(built, true).href).toBe('file:///app/lib/main/inference/worker.js');
  });

  it('is a bootstrap that registers tsx and imports the TypeScript source when run from the sources', () => {
    const entry = workerEntryUrl(source, false);
    expect(entry.protocol).toBe('data:');
    const code = decodeURIComponent(entry.pathname.slice('text/javascript,'.length));
    expect(code).toContain('register()');
    expect(code).toContain(JSON.stringify(source.href));
  });

  it('is the module itself when it is already JavaScript', () => {
    const script = new URL('file:///app/test/fixtures/threads/echo-worker.mjs');
    expect(workerEntryUrl(script, false)).toBe(script);
    expect(workerEntryUrl(script, true)).toBe(script);
  });
});

describe('a worker started ahead of its owner', () => {
  const source = sourceWorkerFactory(new URL('../../fixtures/threads/test-worker.ts', import.meta.url));
  const started: Worker[] = [];
  const factory: WorkerFactory = (options) => {
    const worker = source(options);
    started.push(worker);
    return worker;
  };
  const options = { workerData: { loadMs: 0 }, stdout: false, stderr: false };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((worker) => worker.terminate()));
  });

  it('goes to its owner with what it said before the owner listened, in order, then answers it', async () => {
    const ahead = startWorkerAhead(factory, options);
    // The worker said it is ready before anyone owned it.
    await once(started[0]!, 'message');
    const worker = ahead.factory({ ...options });
    expect(worker).toBe(started[0]);
    const received: unknown[] = [];
    worker.on('message', (message: unknown) => received.push(message));
    worker.postMessage({ id: 1, action: 'measure', ms: 0 });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received).toEqual([{ type: 'ready' }, { type: 'answer', id: 1, action: 'measure' }]);
    await ahead.release();
    expect(started).toHaveLength(1);
  });

  it('is stopped, and a new worker started, when the owner asks for other options', async () => {
    const ahead = startWorkerAhead(factory, options);
    const early = started[0]!;
    const exited = once(early, 'exit');
    const worker = ahead.factory({ ...options, workerData: { loadMs: 5 } });
    expect(worker).not.toBe(early);
    await exited;
    expect(ahead.factory(options)).not.toBe(early);
  });

  it('is stopped by release when nobody took it', async () => {
    const ahead = startWorkerAhead(factory, options);
    const exited = once(started[0]!, 'exit');
    await ahead.release();
    await exited;
    expect(ahead.factory(options)).toBe(started[1]);
  });
});
