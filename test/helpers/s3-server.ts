import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { Client } from 'minio';
import S3rver from 's3rver';
import { makeTempDir } from './temp-dir.js';

/**
 * A real S3-protocol server on loopback for the sync tests: s3rver in this process by default, or
 * the MinIO (or other S3 server) named by PERFIT_TEST_S3_ENDPOINT with PERFIT_TEST_S3_ACCESS_KEY
 * and PERFIT_TEST_S3_SECRET_KEY. Either way the kiosk talks to it through a small loopback proxy
 * that forwards every request unchanged (Host header included, so signatures still verify) and:
 *
 * - records each request (method, bucket, key, status, the Content-MD5 sent and the MD5 of the
 *   body that was actually sent), so tests can count arrivals per object;
 * - can stop listening and start again on the same port (the server "goes away" mid-sync);
 * - can hold a request before it is forwarded, or its answer after the server has stored the
 *   object, so that a test can kill the kiosk at an exact point of an upload.
 *
 * Limits of s3rver: it checks that the access key exists but not V4 signatures (a wrong secret is
 * accepted; tests use a wrong access key), and it does not verify Content-MD5 (the proxy's record
 * lets tests check what the kiosk sent instead). It has no multipart upload; the sync sends one PUT.
 */
export interface RecordedRequest {
  method: string;
  bucket: string;
  key: string;
  /** The upstream answer's status; null when the request never got one. */
  status: number | null;
  contentMd5: string | null;
  /** MD5 (base64) of the body the proxy received. */
  bodyMd5: string;
}

export interface HoldHandle {
  /** Resolves when a matching request is held. */
  held: Promise<RecordedRequest>;
  /** Lets the held request (and later matching ones) through. */
  release(): void;
}

export interface TestS3Server {
  kind: 's3rver' | 'external';
  /** What the kiosk is configured with: the proxy's URL. */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  /** A new, empty bucket with a unique name; removed by close(). */
  createBucket(): Promise<string>;
  /** A unique bucket name that does not exist (yet). */
  uniqueBucketName(): string;
  /** Creates a bucket named earlier by uniqueBucketName() (a missing bucket being fixed). */
  createNamedBucket(name: string): Promise<void>;
  /** Objects in a bucket, straight from the server (not through the proxy). */
  list(bucket: string, prefix?: string): Promise<Array<{ key: string; sizeBytes: number }>>;
  read(bucket: string, key: string): Promise<Buffer>;
  metadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  /** Puts an object straight into the server (another store's upload). */
  put(bucket: string, key: string, bytes: Buffer, metadata?: Record<string, string>): Promise<void>;
  requests: RecordedRequest[];
  /** Completed PUTs (2xx) per key in `bucket`. */
  completedPuts(bucket: string): Map<string, number>;
  /** The endpoint refuses connections until start() (sockets in flight are cut). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * Holds requests matching `match`: `before` the server sees them, or `after` it answered (the
   * object is stored, the kiosk has not heard so).
   */
  hold(match: (request: RecordedRequest) => boolean, phase: 'before' | 'after'): HoldHandle;
  close(): Promise<void>;
}

interface Backend {
  kind: TestS3Server['kind'];
  url: URL;
  accessKey: string;
  secretKey: string;
  close(): Promise<void>;
}

async function startBackend(): Promise<Backend> {
  const external = process.env['PERFIT_TEST_S3_ENDPOINT'];
  if (external) {
    const accessKey = process.env['PERFIT_TEST_S3_ACCESS_KEY'];
    const secretKey = process.env['PERFIT_TEST_S3_SECRET_KEY'];
    if (!accessKey || !secretKey) throw new Error('PERFIT_TEST_S3_ENDPOINT needs PERFIT_TEST_S3_ACCESS_KEY and PERFIT_TEST_S3_SECRET_KEY');
    return { kind: 'external', url: new URL(external), accessKey, secretKey, close: async () => undefined };
  }
  const dir = makeTempDir('perfit-s3rver-');
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir.path });
  const address = await server.run();
  return {
    kind: 's3rver',
    url: new URL(`http://127.0.0.1:${address.port}`),
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    close: async () => {
      await server.close();
      dir.remove();
    },
  };
}

export async function startTestS3Server(): Promise<TestS3Server> {
  const backend = await startBackend();
  const region = process.env['PERFIT_TEST_S3_REGION'] ?? 'us-east-1';
  const admin = new Client({
    endPoint: backend.url.hostname,
    port: Number(backend.url.port || (backend.url.protocol === 'https:' ? 443 : 80)),
    useSSL: backend.url.protocol === 'https:',
    accessKey: backend.accessKey,
    secretKey: backend.secretKey,
    region,
    pathStyle: true,
    retryOptions: { disableRetry: true },
  });
  const requests: RecordedRequest[] = [];
  const buckets = new Set<string>();
  const holds: Array<{
    match: (request: RecordedRequest) => boolean;
    phase: 'before' | 'after';
    gate: Promise<void>;
    onHeld: (request: RecordedRequest) => void;
    open: () => void;
  }> = [];
  const upstreamAgent = backend.url.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const request = backend.url.protocol === 'https:' ? https.request : http.request;

  const waitForHolds = async (record: RecordedRequest, phase: 'before' | 'after'): Promise<void> => {
    for (const hold of holds) {
      if (hold.phase !== phase || !hold.match(record)) continue;
      hold.onHeld(record);
      await hold.gate;
    }
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      bucket: decodeURIComponent(bucket),
      key: decodeURIComponent(rest.join('/')),
      status: null,
      contentMd5: typeof req.headers['content-md5'] === 'string' ? req.headers['content-md5'] : null,
      bodyMd5: '',
    };
    requests.push(record);
    req.pause();
    await waitForHolds(record, 'before');
    if (req.destroyed || res.destroyed) return;
    const md5 = createHash('md5');
    const upstream = request(
      {
        agent: upstreamAgent,
        protocol: backend.url.protocol,
        hostname: backend.url.hostname,
        port: backend.url.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        void (async () => {
          // Read the whole answer first: with the "after" hold the object is stored and the kiosk waits.
          const chunks: Buffer[] = [];
          for await (const chunk of answer as AsyncIterable<Buffer>) chunks.push(chunk);
          record.status = answer.statusCode ?? null;
          await waitForHolds(record, 'after');
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        })().catch(() => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.on('data', (chunk: Buffer) => md5.update(chunk));
    req.on('end', () => (record.bodyMd5 = md5.digest('base64')));
    req.pipe(upstream);
    req.resume();
  };

  const sockets = new Set<Socket>();
  let proxy: http.Server | null = null;
  let port = 0;
  const start = async (): Promise<void> => {
    if (proxy) return;
    const server = http.createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    proxy = server;
  };
  const stop = async (): Promise<void> => {
    const server = proxy;
    if (!server) return;
    proxy = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  await start();

  const uniqueBucketName = (): string => `perfit-test-${randomBytes(5).toString('hex')}`;
  const emptyBucket = async (bucket: string): Promise<void> => {
    const keys: string[] = [];
    for await (const item of admin.listObjectsV2(bucket, '', true) as AsyncIterable<{ name?: string }>) if (item.name) keys.push(item.name);
    if (keys.length > 0) await admin.removeObjects(bucket, keys);
  };

  return {
    kind: backend.kind,
    endpoint: `http://127.0.0.1:${port}`,
    region,
    accessKey: backend.accessKey,
    secretKey: backend.secretKey,
    async createBucket() {
      const name = uniqueBucketName();
      await admin.makeBucket(name, region);
      buckets.add(name);
      return name;
    },
    uniqueBucketName,
    async createNamedBucket(name) {
      await admin.makeBucket(name, region);
      buckets.add(name);
    },
    async list(bucket, prefix = '') {
      const out: Array<{ key: string; sizeBytes: number }> = [];
      for await (const item of admin.listObjectsV2(bucket, prefix, true) as AsyncIterable<{ name?: string; size: number }>) {
        if (item.name) out.push({ key: item.name, sizeBytes: item.size });
      }
      return out.sort((a, b) => a.key.localeCompare(b.key));
    },
    async read(bucket, key) {
      const chunks: Buffer[] = [];
      for await (const chunk of (await admin.getObject(bucket, key)) as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
    async metadata(bucket, key) {
      return (await admin.statObject(bucket, key)).metaData as Record<string, unknown>;
    },
    async put(bucket, key, bytes, metadata = {}) {
      await admin.putObject(bucket, key, bytes, bytes.byteLength, metadata);
    },
    requests,
    completedPuts(bucket) {
      const counts = new Map<string, number>();
      for (const record of requests) {
        if (record.method === 'PUT' && record.bucket === bucket && record.key && record.status !== null && record.status < 300) {
          counts.set(record.key, (counts.get(record.key) ?? 0) + 1);
        }
      }
      return counts;
    },
    stop,
    start,
    hold(match, phase) {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      let onHeld!: (request: RecordedRequest) => void;
      const held = new Promise<RecordedRequest>((resolve) => (onHeld = resolve));
      const entry = { match, phase, gate, onHeld, open };
      holds.push(entry);
      return {
        held,
        release: () => {
          const index = holds.indexOf(entry);
          if (index >= 0) holds.splice(index, 1);
          open();
        },
      };
    },
    async close() {
      for (const hold of holds.splice(0)) hold.open();
      await stop();
      for (const bucket of buckets) {
        try {
          await emptyBucket(bucket);
          await admin.removeBucket(bucket);
        } catch (error) {
          // Best effort: s3rver's folder goes with the backend anyway.
          if (process.env['DEBUG_S3']) console.error('cleanup failed', bucket, error);
        }
      }
      upstreamAgent.destroy();
      await backend.close();
    },
  };
}
