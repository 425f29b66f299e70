import { codedErrorClass } from '../../errors.js';

/**
 * Errors of the sync, each with a stable `code`, and where the fault lies:
 *
 * - `endpoint`: the bucket cannot be used at all right now (unreachable, credentials refused, no
 *   such bucket, server errors). Every object would fail the same way, so the loop goes offline
 *   and backs off as a whole; the objects' attempts are not counted.
 * - `object`: this object failed (its local file is missing or damaged, the stored copy does not
 *   match). Counted against the object's attempts; `permanent` ones fail it at once.
 *
 * Messages name the setting to fix and never contain credentials.
 */
export type SyncErrorScope = 'endpoint' | 'object';

export const syncErrorCodes = [
  'unreachable',
  'timeout',
  'auth_failed',
  'access_denied',
  'bucket_missing',
  'server_error',
  'integrity_mismatch',
  'local_file_missing',
  'local_file_corrupt',
  'object_error',
  'internal_error',
] as const;
export type SyncErrorCode = (typeof syncErrorCodes)[number];

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly code: SyncErrorCode,
    readonly scope: SyncErrorScope,
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** Sync was asked to run while it is off (no S3 endpoint configured). */
export class SyncDisabledError extends codedErrorClass('SyncDisabledError', 'sync_disabled') {}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ERR_SOCKET_CLOSED',
  'UND_ERR_SOCKET',
]);
const authCodes = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'InvalidSecurity',
]);
const serverCodes = new Set([
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'XMinioServerNotInitialized',
]);
const digestCodes = new Set(['BadDigest', 'InvalidDigest', 'XAmzContentSHA256Mismatch', 'IncompleteBody']);

/**
 * Maps what the minio client or the socket threw to a SyncError. The raw error is not kept: S3
 * error bodies carry the access key id and request details that have no place in logs or answers.
 */
export function classifyS3Error(error: unknown, what: string): SyncError {
  if (error instanceof SyncError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const message = error instanceof Error ? error.message : String(error);
  if (networkCodes.has(code) || /socket hang up|ECONNREFUSED|ECONNRESET/i.test(message)) {
    return new SyncError(
      'unreachable',
      'endpoint',
      `The S3 endpoint cannot be reached (${code || 'connection failed'}) while trying to ${what}`,
    );
  }
  if (authCodes.has(code)) {
    return new SyncError(
      'auth_failed',
      'endpoint',
      `The S3 endpoint refused the credentials (${code}) while trying to ${what}: check PERFIT_S3_ACCESS_KEY and PERFIT_S3_SECRET_KEY`,
    );
  }
  if (code === 'AccessDenied' || code === 'Forbidden') {
    return new SyncError(
      'access_denied',
      'endpoint',
      `The S3 endpoint denied access (${code}) while trying to ${what}: check the credentials (PERFIT_S3_ACCESS_KEY, ` +
        `PERFIT_S3_SECRET_KEY) and the bucket policy`,
    );
  }
  if (code === 'NoSuchBucket') {
    return new SyncError(
      'bucket_missing',
      'endpoint',
      `The bucket does not exist (NoSuchBucket) while trying to ${what}: create it or fix PERFIT_S3_BUCKET`,
    );
  }
  if (serverCodes.has(code) || /Retryable HTTP status|Request failed after/i.test(message)) {
    return new SyncError(
      'server_error',
      'endpoint',
      `The S3 endpoint answered with a server error (${code || message}) while trying to ${what}`,
    );
  }
  if (digestCodes.has(code)) {
    return new SyncError(
      'integrity_mismatch',
      'object',
      `The S3 endpoint rejected the upload's checksum (${code}) while trying to ${what}`,
    );
  }
  return new SyncError(
    'object_error',
    'object',
    `S3 request failed (${code || 'error'}: ${message.slice(0, 200)}) while trying to ${what}`,
  );
}
