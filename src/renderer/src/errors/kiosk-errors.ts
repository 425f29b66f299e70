import { ApiError, clientErrorCodes } from '../api/api-client';
import { captureIssueCodes, type CaptureIssueCode } from '../capture/capture-guidance';

/**
 * What went wrong, as the customer and staff need to hear it: one kind per message on the error
 * screen (i18n `errors.<kind>`), and the one action that helps. The API's code stays beside it for
 * staff and for the log.
 */
export const kioskErrorKinds = [
  'photo_unusable',
  'no_face',
  'capture_rejected',
  'busy',
  'service_unreachable',
  'not_authorized',
  'invalid_details',
  'out_of_range',
  'scan_failed',
  'camera_unavailable',
  'unexpected',
] as const;
export type KioskErrorKind = (typeof kioskErrorKinds)[number];

/** retake: back to the camera; retry: send the same again; start_over: a new customer; call_staff: nothing the customer can do. */
export type Recovery = 'retake' | 'retry' | 'start_over' | 'call_staff';

export interface KioskError {
  kind: KioskErrorKind;
  recovery: Recovery;
  /** The API's stable code (or the client's own), shown small for staff. */
  code: string;
  /** The API's message, English, for staff. */
  detail: string;
  /** For capture_rejected: which capture check the scan failed, to reuse its guidance words. */
  captureIssue: CaptureIssueCode | null;
  /** Seconds the service asked to wait (queue full, models loading). */
  retryAfterSeconds: number | null;
}

const kindByApiCode: Record<string, KioskErrorKind> = {
  invalid_base64: 'photo_unusable',
  image_empty: 'photo_unusable',
  unsupported_format: 'photo_unusable',
  image_too_small: 'photo_unusable',
  image_too_large: 'photo_unusable',
  image_corrupt: 'photo_unusable',
  payload_too_large: 'photo_unusable',
  no_face: 'no_face',
  queue_full: 'busy',
  face_detector_unavailable: 'busy',
  face_check_crashed: 'busy',
  face_check_timeout: 'busy',
  face_check_unavailable: 'busy',
  capture_check_unavailable: 'busy',
  capture_check_crashed: 'busy',
  capture_check_timeout: 'busy',
  [clientErrorCodes.network]: 'service_unreachable',
  [clientErrorCodes.unreadableAnswer]: 'service_unreachable',
  unauthorized: 'not_authorized',
  host_not_allowed: 'not_authorized',
  invalid_request: 'invalid_details',
  height_out_of_range: 'out_of_range',
  invalid_json: 'unexpected',
  unsupported_media_type: 'unexpected',
  job_not_found: 'scan_failed',
  invalid_id: 'unexpected',
  avatar_not_found: 'scan_failed',
  pipeline_failed: 'scan_failed',
  attempts_exhausted: 'scan_failed',
  camera_denied: 'camera_unavailable',
  camera_not_found: 'camera_unavailable',
  camera_failed: 'camera_unavailable',
};

const recoveryByKind: Record<KioskErrorKind, Recovery> = {
  photo_unusable: 'retake',
  no_face: 'retake',
  capture_rejected: 'retake',
  busy: 'retry',
  service_unreachable: 'retry',
  not_authorized: 'call_staff',
  invalid_details: 'start_over',
  out_of_range: 'call_staff',
  scan_failed: 'start_over',
  camera_unavailable: 'call_staff',
  unexpected: 'start_over',
};

function isCaptureIssueCode(code: string): code is CaptureIssueCode {
  return (captureIssueCodes as readonly string[]).includes(code);
}

export function kioskErrorOfCode(code: string, detail: string, retryAfterSeconds: number | null = null): KioskError {
  const captureIssue = isCaptureIssueCode(code) ? code : null;
  const kind: KioskErrorKind = captureIssue ? 'capture_rejected' : (kindByApiCode[code] ?? 'unexpected');
  return { kind, recovery: recoveryByKind[kind], code, detail, captureIssue, retryAfterSeconds };
}

/** Any thrown value of an API call (or the camera) as a KioskError. */
export function kioskErrorFrom(error: unknown): KioskError {
  if (error instanceof ApiError) return kioskErrorOfCode(error.code, error.detail, error.retryAfterSeconds);
  const message = error instanceof Error ? error.message : String(error);
  return kioskErrorOfCode('unexpected', message);
}

/** A failed scan job (its error_code and error_message) as a KioskError. */
export function kioskErrorOfFailedJob(job: { error_code: string | null; error_message: string | null }): KioskError {
  return kioskErrorOfCode(job.error_code ?? 'pipeline_failed', job.error_message ?? 'The scan failed');
}
