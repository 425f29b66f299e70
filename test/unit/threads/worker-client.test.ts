import type { WorkerOptions } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { WorkerClient } from '../../../src/main/threads/worker-client.js';
import { sourceWorkerFactory } from '../../../src/main/threads/worker-factory.js';

const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('init_failed'), message: z.string() }),
  z.object({ type: z.literal('answer'), id: z.number(), action: z.string() }),
  z.object({ type: z.literal('refused'), id: z.number() }),
]);
type FromTestWorker = z.infer<typeof messageSchema>;

class TestWorkerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const source = sourceWorkerFactory(new URL('../../fixtures/threads/test-worker.ts', import.meta.url));

function makeClient(
  options: {
    timeoutMs?: number;
    maxQueued?: number;
    idleReleaseMs?: number;
    workerData?: object;
    workerDataForRequest?: object;
  } = {},
): {
  client: WorkerClient<FromTestWorker, string>;
  started: () => number;
  /** The workerData each worker was started with, in order. */
  startedWith: unknown[];
} {
  let started = 0;
  const startedWith: unknown[] = [];
  const client = new WorkerClient<FromTestWorker, string>({
    name: 'test',
    workerData: options.workerData ?? {},
    workerDataForRequest: options.workerDataForRequest,
    workerFactory: (workerOptions: WorkerOptions) => {
      started += 1;
      startedWith.push(workerOptions.workerData);
      return source(workerOptions);
    },
    timeoutMs: options.timeoutMs ?? 5_000,
    maxQueued: options.maxQueued,
    idleReleaseMs: options.idleReleaseMs,
    messageSchema,
    failure: (kind, message) => new TestWorkerError(`test_${kind}`, message),
    classify: (message) => {
      switch (message.type) {
        case 'ready':
          return { kind: 'ready', fields: {} };
        case 'init_failed':
          return { kind: 'init_failed', message: message.message };
        case 'answer':
          return { kind: 'answer', id: message.id, result: message.action };
        case 'refused':
          return { kind: 'refusal', id: message.id, error: new TestWorkerError('test_refused', 'refused') };
      }
    },
  });
  return { client, started: () => started, startedWith };
}

const send = (client: WorkerClient<FromTestWorker, string>, action: string, ms = 0): Promise<string> =>
  client.request((id) => ({ message: { id, action, ms } }));

describe('WorkerClient (one request at a time in a real worker thread)', () => {
  const clients: Array<WorkerClient<FromTestWorker, string>> = [];
  const track = <T extends { client: WorkerClient<FromTestWorker, string> }>(made: T): T => {
    clients.push(made.client);
    return made;
  };
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
  });

  it("answers each request with its own result, in order, and a refusal with the worker's error", async () => {
    const { client, started } = track(makeClient());
    const answers = await Promise.all([send(client, 'a', 30), send(client, 'b', 0), send(client, 'c', 10)]);
    expect(answers).toEqual(['a', 'b', 'c']);
    await expect(send(client, 'refuse')).rejects.toMatchObject({ code: 'test_refused' });
    expect(await send(client, 'after')).toBe('after');
    expect(started()).toBe(1);
    expect(client.isReady()).toBe(true);
  });

  it('counts each deadline from when the worker gets the request, not from when it was queued', async () => {
    const { client } = track(makeClient({ timeoutMs: 400 }));
    await client.ready();
    // Three requests of 250 ms each: the last waits 500 ms in the queue, more than the deadline.
    expect(await Promise.all([send(client, 'x', 250), send(client, 'y', 250), send(client, 'z', 250)])).toEqual(['x', 'y', 'z']);
  });

  it('restarts a stuck worker: the stuck request fails with the timeout, the waiting one is answered by a new worker', async () => {
    const { client, started } = track(makeClient({ timeoutMs: 500 }));
    const stuck = send(client, 'hang');
    const waiting = send(client, 'next');
    await expect(stuck).rejects.toMatchObject({ code: 'test_timeout' });
    expect(await waiting).toBe('next');
    expect(started()).toBe(2);
  });

  it('fails the request of a crashed worker and starts a new one for the rest', async () => {
    const { client, started } = track(makeClient());
    const crashed = send(client, 'crash');
    const waiting = send(client, 'survivor');
    await expect(crashed).rejects.toMatchObject({ code: 'test_crashed' });
    expect(await waiting).toBe('survivor');
    expect(started()).toBe(2);
  });

  it('fails every waiting request when the worker cannot load, and tries again on the next request', async () => {
    const { client, started } = track(makeClient({ workerData: { initFails: true } }));
    const results = await Promise.allSettled([send(client, 'a'), send(client, 'b')]);
    expect(results.map((result) => result.status === 'rejected' && (result.reason as TestWorkerError).code)).toEqual([
      'test_unavailable',
      'test_unavailable',
    ]);
    expect(started()).toBe(1);
    await expect(send(client, 'c')).rejects.toMatchObject({ code: 'test_unavailable' });
    expect(started()).toBe(2);
  });

  it('refuses requests beyond the waiting limit at once with busy', async () => {
    const { client } = track(makeClient({ maxQueued: 2 }));
    await client.ready();
    const first = send(client, 'slow', 300);
    // `first` is with the worker; two more wait; the fourth is refused.
    const queued = [send(client, 'q1'), send(client, 'q2')];
    await expect(send(client, 'q3')).rejects.toMatchObject({ code: 'test_busy' });
    expect(await Promise.all([first, ...queued])).toEqual(['slow', 'q1', 'q2']);
  });

  it('stops a worker left idle (still ready) and answers the next request from a new one', async () => {
    const { client, started } = track(makeClient({ idleReleaseMs: 500 }));
    expect(await send(client, 'a')).toBe('a');
    // Requests closer together than the idle time keep the worker.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await send(client, 'b', 100)).toBe('b');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await send(client, 'c')).toBe('c');
    expect(started()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(client.isReady()).toBe(true);
    expect(await send(client, 'd')).toBe('d');
    expect(started()).toBe(2);
  });

  it('starts a worker for a waiting request with workerDataForRequest, one started ahead (ready) with workerData', async () => {
    const ahead = { loadMs: 0, tag: 'ahead' };
    const forRequest = { loadMs: 0, tag: 'for request' };
    const { client, startedWith } = track(makeClient({ idleReleaseMs: 300, workerData: ahead, workerDataForRequest: forRequest }));
    await client.ready();
    expect(await send(client, 'a')).toBe('a');
    expect(startedWith).toEqual([ahead]);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await send(client, 'b')).toBe('b');
    // After a crash the waiting request starts the next worker too.
    const crashed = send(client, 'crash');
    const waiting = send(client, 'c');
    await expect(crashed).rejects.toMatchObject({ code: 'test_crashed' });
    expect(await waiting).toBe('c');
    expect(startedWith).toEqual([ahead, forRequest, forRequest]);
  });

  it('rejects waiting and later requests with closed once closed', async () => {
    const { client } = track(makeClient({ workerData: { loadMs: 300 } }));
    const waiting = expect(send(client, 'never')).rejects.toMatchObject({ code: 'test_closed' });
    await client.close();
    await waiting;
    await expect(send(client, 'later')).rejects.toMatchObject({ code: 'test_closed' });
    expect(client.isReady()).toBe(false);
  });
});
