import { describe, expect, it } from 'vitest';
import { classifyS3Error, SyncError } from '../../../src/main/storage/sync/errors.js';

const coded = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('classifying S3 client failures', () => {
  it('treats what affects every object as an endpoint failure, naming the setting to fix', () => {
    expect(classifyS3Error(coded('ECONNREFUSED'), 'upload k')).toMatchObject({ code: 'unreachable', scope: 'endpoint' });
    expect(classifyS3Error(new Error('socket hang up'), 'upload k')).toMatchObject({ code: 'unreachable', scope: 'endpoint' });
    const auth = classifyS3Error(coded('InvalidAccessKeyId'), 'upload k');
    expect(auth).toMatchObject({ code: 'auth_failed', scope: 'endpoint' });
    expect(auth.message).toContain('PERFIT_S3_SECRET_KEY');
    expect(classifyS3Error(coded('SignatureDoesNotMatch'), 'upload k').code).toBe('auth_failed');
    expect(classifyS3Error(coded('AccessDenied'), 'upload k')).toMatchObject({ code: 'access_denied', scope: 'endpoint' });
    const bucket = classifyS3Error(coded('NoSuchBucket'), 'upload k');
    expect(bucket).toMatchObject({ code: 'bucket_missing', scope: 'endpoint' });
    expect(bucket.message).toContain('PERFIT_S3_BUCKET');
    expect(classifyS3Error(coded('SlowDown'), 'upload k')).toMatchObject({ code: 'server_error', scope: 'endpoint' });
    expect(classifyS3Error(new Error('Request failed after 0 retries: Error: Retryable HTTP status: 503'), 'upload k').code).toBe(
      'server_error',
    );
  });

  it("treats a rejected checksum and unknown answers as the object's failure", () => {
    expect(classifyS3Error(coded('BadDigest'), 'upload k')).toMatchObject({
      code: 'integrity_mismatch',
      scope: 'object',
      permanent: false,
    });
    expect(classifyS3Error(coded('InvalidObjectName', 'bad name'), 'upload k')).toMatchObject({ code: 'object_error', scope: 'object' });
  });

  it('keeps nothing of the raw error but its code: no access key id or request details', () => {
    const raw = Object.assign(new Error('The AWS Access Key Id you provided does not exist'), {
      code: 'InvalidAccessKeyId',
      AWSAccessKeyId: 'AKIAEXAMPLE',
    });
    const classified = classifyS3Error(raw, 'upload k');
    expect(JSON.stringify({ ...classified, message: classified.message })).not.toContain('AKIAEXAMPLE');
    expect(classifyS3Error(classified, 'other')).toBe(classified);
    expect(classified).toBeInstanceOf(SyncError);
  });
});
