/**
 * The bucket as the sync sees it: one interface (Outline's storage habit), implemented for
 * S3-protocol servers by `S3ObjectStore`. Every method throws SyncError (never a raw client error).
 */
export interface StoredObjectInfo {
  sizeBytes: number;
  /** The `sha256` metadata we attach on upload (hex); null for objects uploaded by something else. */
  sha256: string | null;
  /** The ETag without quotes: the MD5 (hex) of a single-part upload on S3 and MinIO without SSE-KMS. */
  etag: string;
  lastModified: Date;
}

export interface ListedObject {
  key: string;
  sizeBytes: number;
  lastModified: Date;
}

/** A local file to upload, with the checksums recorded when it was written. */
export interface UploadSource {
  localPath: string;
  sizeBytes: number;
  md5Base64: string;
  sha256: string;
  contentType: string;
}

export interface ObjectStore {
  readonly endpoint: string;
  readonly bucket: string;
  /** The object's size and checksums, or null when there is no such object. */
  stat(key: string): Promise<StoredObjectInfo | null>;
  /** Uploads the file in one request with Content-MD5 (the server rejects a body that does not match). */
  put(key: string, source: UploadSource): Promise<{ etag: string }>;
  /** Uploads a small document held in memory (one PUT), e.g. an erasure tombstone. */
  putBytes(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Removes an object; removing one that is not there succeeds. */
  remove(key: string): Promise<void>;
  /** Removes every object under `prefix`; the number removed. */
  removePrefix(prefix: string): Promise<number>;
  list(prefix: string): Promise<ListedObject[]>;
  /** The object's bytes, refused beyond `maxBytes`. */
  read(key: string, maxBytes: number): Promise<Buffer>;
  /** A presigned GET URL valid for `expirySeconds` (computed locally, no request). */
  presignGet(key: string, expirySeconds: number): Promise<string>;
  /** Checks that the endpoint answers, accepts the credentials and has the bucket (throws SyncError). */
  probe(): Promise<void>;
  /** Releases sockets. */
  close(): void;
}

/** True when the stored object is exactly the local file (size and checksum). */
export function sameContent(stored: StoredObjectInfo, local: { sizeBytes: number; sha256: string; md5Base64: string }): boolean {
  if (stored.sizeBytes !== local.sizeBytes) return false;
  if (stored.sha256 !== null) return stored.sha256 === local.sha256;
  // Uploaded without our metadata: a single-part ETag is the body's MD5.
  return stored.etag.toLowerCase() === Buffer.from(local.md5Base64, 'base64').toString('hex');
}
