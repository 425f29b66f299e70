import { createReadStream } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { Client } from 'minio';
import { classifyS3Error, SyncError } from './errors.js';
import type { ListedObject, ObjectStore, StoredObjectInfo, UploadSource } from './object-store.js';

export interface S3Settings {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
}

export interface S3ObjectStoreOptions {
  /** One request longer than this fails as `timeout` (the endpoint is treated as unreachable). */
  requestTimeoutMs: number;
  /** Sockets kept open to the endpoint (the sync's concurrency, plus presign-free headroom). */
  maxSockets?: number;
}

/** The metadata key holding the object's SHA-256 (sent as `x-amz-meta-sha256`). */
const sha256MetaKey = 'sha256';

/**
 * S3/MinIO through the `minio` client with path-style addressing (MinIO and most on-premises
 * servers have no virtual-host DNS; AWS S3 accepts path style too), the region fixed from config
 * (no GetBucketLocation round trip), and the client's own retries off: the sync loop retries with
 * its own backoff and jitter, and the client's retry logs to the console.
 */
export class S3ObjectStore implements ObjectStore {
  readonly endpoint: string;
  readonly bucket: string;
  private readonly client: Client;
  private readonly agent: http.Agent;
  private readonly useSsl: boolean;

  constructor(
    settings: S3Settings,
    private readonly options: S3ObjectStoreOptions,
  ) {
    const url = new URL(settings.endpoint);
    if (url.pathname !== '/' && url.pathname !== '') {
      throw new SyncError(
        'object_error',
        'endpoint',
        `PERFIT_S3_ENDPOINT must be a bare origin such as https://s3.example.com, not a path (${url.pathname})`,
        true,
      );
    }
    this.useSsl = url.protocol === 'https:';
    this.endpoint = url.origin;
    this.bucket = settings.bucket;
    const maxSockets = options.maxSockets ?? 8;
    this.agent = this.useSsl ? new https.Agent({ keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
    this.client = new Client({
      endPoint: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : this.useSsl ? 443 : 80,
      useSSL: this.useSsl,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      region: settings.region,
      pathStyle: true,
      transportAgent: this.agent,
      retryOptions: { disableRetry: true },
    });
  }

  async probe(): Promise<void> {
    let exists: boolean;
    try {
      exists = await this.timed(this.client.bucketExists(this.bucket), `check the bucket ${this.bucket}`);
    } catch (error) {
      throw classifyS3Error(error, `check the bucket ${this.bucket}`);
    }
    if (!exists)
      throw new SyncError('bucket_missing', 'endpoint', `The bucket ${this.bucket} does not exist: create it or fix PERFIT_S3_BUCKET`);
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    try {
      const info = await this.timed(this.client.statObject(this.bucket, key), `check ${key}`);
      const sha = info.metaData[sha256MetaKey] as unknown;
      return {
        sizeBytes: info.size,
        sha256: typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) ? sha : null,
        etag: info.etag,
        lastModified: info.lastModified,
      };
    } catch (error) {
      // HEAD answers carry no error body: a missing object and a missing bucket both read NotFound.
      // The PUT that follows tells them apart (NoSuchBucket).
      const code = (error as { code?: unknown }).code;
      if (code === 'NotFound' || code === 'NoSuchKey') return null;
      throw classifyS3Error(error, `check ${key}`);
    }
  }

  async put(key: string, source: UploadSource): Promise<{ etag: string }> {
    // One PUT, streamed from disk, with Content-MD5 from the checksum recorded when the file was
    // written: the server refuses (BadDigest) a body that is not what we stored. `putObject` sends
    // Content-MD5 only over https and would switch to multipart above its part size, which not every
    // S3-protocol server supports, so this uses the client's signed-request primitive directly.
    // Over plain http the signature also covers the body's SHA-256 (the recorded one), which MinIO
    // and S3 verify as well.
    const headers = {
      'Content-Length': String(source.sizeBytes),
      'Content-Type': source.contentType,
      'Content-MD5': source.md5Base64,
      [`x-amz-meta-${sha256MetaKey}`]: source.sha256,
    };
    const body = createReadStream(source.localPath);
    try {
      const response = await this.timed(
        this.client.makeRequestStreamAsync(
          { method: 'PUT', bucketName: this.bucket, objectName: key, headers },
          body,
          this.useSsl ? '' : source.sha256,
          [200],
          '',
        ),
        `upload ${key}`,
      );
      response.resume();
      const etag = response.headers.etag;
      return { etag: typeof etag === 'string' ? etag.replace(/^"|"$/g, '') : '' };
    } catch (error) {
      throw classifyS3Error(error, `upload ${key}`);
    } finally {
      body.destroy();
    }
  }

  async putBytes(key: string, bytes: Buffer, contentType: string): Promise<void> {
    try {
      await this.timed(this.client.putObject(this.bucket, key, bytes, bytes.byteLength, { 'Content-Type': contentType }), `upload ${key}`);
    } catch (error) {
      throw classifyS3Error(error, `upload ${key}`);
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.timed(this.client.removeObject(this.bucket, key), `delete ${key}`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'NoSuchKey' || code === 'NotFound') return;
      throw classifyS3Error(error, `delete ${key}`);
    }
  }

  async removePrefix(prefix: string): Promise<number> {
    const keys = (await this.list(prefix)).map((object) => object.key);
    if (keys.length === 0) return 0;
    try {
      const results = await this.timed(this.client.removeObjects(this.bucket, keys), `delete ${keys.length} objects under ${prefix}`);
      const failed = results.find((result) => result?.Error?.Code && result.Error.Code !== 'NoSuchKey');
      if (failed?.Error) throw Object.assign(new Error(failed.Error.Message ?? 'delete failed'), { code: failed.Error.Code });
    } catch (error) {
      throw classifyS3Error(error, `delete objects under ${prefix}`);
    }
    return keys.length;
  }

  async list(prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = [];
    let token = '';
    try {
      for (;;) {
        const page = await this.timed(this.client.listObjectsV2Query(this.bucket, prefix, token, '', 1000, ''), `list ${prefix}`);
        for (const object of page.objects) {
          if (object.name !== undefined) objects.push({ key: object.name, sizeBytes: object.size, lastModified: object.lastModified });
        }
        if (!page.isTruncated || !page.nextContinuationToken) break;
        token = page.nextContinuationToken;
      }
    } catch (error) {
      throw classifyS3Error(error, `list ${prefix}`);
    }
    return objects;
  }

  async read(key: string, maxBytes: number): Promise<Buffer> {
    try {
      const stream = await this.timed(this.client.getObject(this.bucket, key), `read ${key}`);
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.byteLength;
        if (total > maxBytes) {
          stream.destroy();
          throw new SyncError('object_error', 'object', `${key} is larger than ${maxBytes} bytes`, true);
        }
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    } catch (error) {
      throw classifyS3Error(error, `read ${key}`);
    }
  }

  async presignGet(key: string, expirySeconds: number): Promise<string> {
    try {
      return await this.client.presignedGetObject(this.bucket, key, expirySeconds);
    } catch (error) {
      throw classifyS3Error(error, `sign a URL for ${key}`);
    }
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * The client has no per-request timeout: after `requestTimeoutMs` the promise fails as `timeout`
   * and the sockets are destroyed, which ends the hung request (its own promise then rejects into
   * the void, handled below).
   */
  private timed<T>(operation: Promise<T>, what: string): Promise<T> {
    const timeoutMs = this.options.requestTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new SyncError('timeout', 'endpoint', `The S3 endpoint did not answer within ${timeoutMs} ms while trying to ${what}`));
        this.agent.destroy();
      }, timeoutMs);
      operation.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
