// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/renderer/src/api/api-client';
import { kioskErrorFrom, kioskErrorKinds, kioskErrorOfCode, kioskErrorOfFailedJob } from '../../../src/renderer/src/errors/kiosk-errors';
import { de } from '../../../src/renderer/src/i18n/messages/de';
import { en } from '../../../src/renderer/src/i18n/messages/en';

describe('error mapping from API codes', () => {
  it.each([
    ['no_face', 'no_face', 'retake'],
    ['image_too_small', 'photo_unusable', 'retake'],
    ['payload_too_large', 'photo_unusable', 'retake'],
    ['queue_full', 'busy', 'retry'],
    ['face_check_timeout', 'busy', 'retry'],
    ['network_error', 'service_unreachable', 'retry'],
    ['unauthorized', 'not_authorized', 'call_staff'],
    ['invalid_request', 'invalid_details', 'start_over'],
    ['height_out_of_range', 'out_of_range', 'call_staff'],
    ['attempts_exhausted', 'scan_failed', 'start_over'],
    ['camera_denied', 'camera_unavailable', 'call_staff'],
    ['something_new', 'unexpected', 'start_over'],
  ])('%s is %s, recovered by %s', (code, kind, recovery) => {
    const error = kioskErrorOfCode(code, 'detail');
    expect(error.kind).toBe(kind);
    expect(error.recovery).toBe(recovery);
    expect(error.code).toBe(code);
  });

  it('a job failed by a capture check asks for a retake and names the check', () => {
    const error = kioskErrorOfFailedJob({ error_code: 'feet_out_of_frame', error_message: 'feet cut off' });
    expect(error).toMatchObject({
      kind: 'capture_rejected',
      recovery: 'retake',
      captureIssue: 'feet_out_of_frame',
      detail: 'feet cut off',
    });
  });

  it('a failed job without a code is a failed scan', () => {
    expect(kioskErrorOfFailedJob({ error_code: null, error_message: null })).toMatchObject({
      kind: 'scan_failed',
      code: 'pipeline_failed',
    });
  });

  it('keeps the Retry-After seconds of an ApiError and maps plain errors to unexpected', () => {
    expect(kioskErrorFrom(new ApiError(429, 'queue_full', 'Too many scans', 30))).toMatchObject({ kind: 'busy', retryAfterSeconds: 30 });
    expect(kioskErrorFrom(new Error('boom'))).toMatchObject({ kind: 'unexpected', detail: 'boom' });
  });

  it('every kind has a title and a message in the texts', () => {
    for (const kind of kioskErrorKinds) {
      expect(en.errors[kind].title.length).toBeGreaterThan(0);
      expect(de.errors[kind].body.length).toBeGreaterThan(0);
    }
  });
});
