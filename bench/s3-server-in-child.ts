import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type { TestS3Server } from '../test/helpers/s3-server.js';

/** What the sync bench uses of the tests' S3 server, served from a child process (bench/s3-server-process.ts). */
export type S3ServerInChild = Pick<
  TestS3Server,
  'kind' | 'endpoint' | 'region' | 'accessKey' | 'secretKey' | 'createBucket' | 'stop' | 'start' | 'close'
> & {
  /** The server process's CPU time so far (user + system, ms). */
  cpuMs(): Promise<number>;
};

/** What the bench asks of the server's process, one IPC request each. */
export const serverOps = ['createBucket', 'stop', 'start', 'close', 'cpuMs'] as const;
type Op = (typeof serverOps)[number];

const readySchema = z.object({
  ready: z.object({
    kind: z.enum(['s3rver', 'external']),
    endpoint: z.string(),
    region: z.string(),
    accessKey: z.string(),
    secretKey: z.string(),
  }),
});
const answerSchema = z.object({
  id: z.number().int(),
  result: z.union([z.string(), z.number()]).nullable().optional(),
  error: z.string().optional(),
});

export async function startS3ServerInChild(): Promise<S3ServerInChild> {
  const child = fork(fileURLToPath(new URL('./s3-server-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => new Error(`bench: the S3 server's process exited (${String(code)})`));
  const [first] = (await Promise.race([once(child, 'message'), exited.then((error) => Promise.reject(error))])) as [unknown];
  const { ready } = readySchema.parse(first);
  const pending = new Map<number, { resolve: (result: string | number | null) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  child.on('message', (message) => {
    const answer = answerSchema.parse(message);
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.error !== undefined) waiting?.reject(new Error(`bench: S3 server: ${answer.error}`));
    else waiting?.resolve(answer.result ?? null);
  });
  void exited.then((error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });
  const call = (op: Op): Promise<string | number | null> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, op });
    });
  return {
    ...ready,
    createBucket: async () => String(await call('createBucket')),
    cpuMs: async () => Number(await call('cpuMs')),
    stop: async () => void (await call('stop')),
    start: async () => void (await call('start')),
    close: async () => {
      await call('close');
      await exited;
    },
  };
}
