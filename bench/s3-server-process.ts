import * as z from 'zod';
import { startTestS3Server } from '../test/helpers/s3-server.js';
import { serverOps } from './s3-server-in-child.js';

/**
 * The sync bench's S3 server in a process of its own (bench/s3-server-in-child.ts starts it), as a
 * MinIO beside a kiosk would be: its CPU and heap stay out of the kiosk's figures. Answers the
 * parent's requests over the IPC channel.
 */
const requestSchema = z.object({ id: z.number().int(), op: z.enum(serverOps) });

/** This process's CPU time so far (user + system, ms). */
const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

if (!process.send) throw new Error('s3-server-process.ts: start it with child_process.fork (it needs an IPC channel)');
const send = (message: unknown, then?: () => void): void => void process.send!(message, undefined, {}, then);
const server = await startTestS3Server();
send({
  ready: { kind: server.kind, endpoint: server.endpoint, region: server.region, accessKey: server.accessKey, secretKey: server.secretKey },
});

// The bench died or was killed: nothing else would stop this process.
process.on('disconnect', () => process.exit(0));
process.on('message', (message) => {
  const request = requestSchema.parse(message);
  void (async () => {
    try {
      let result: string | number | null = null;
      if (request.op === 'createBucket') result = await server.createBucket();
      else if (request.op === 'cpuMs') result = cpuMs();
      else await server[request.op]();
      send({ id: request.id, result }, request.op === 'close' ? () => process.exit(0) : undefined);
    } catch (error) {
      send({ id: request.id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
