import { CodedError } from '../../errors.js';

/** Why the capture check could not answer; each reason has a stable `code` the API maps. */
export type CaptureCheckErrorCode =
  /** The bytes are not an image the decoder can read (400). */
  | 'image_undecodable'
  /** Human's models or backend failed to load in the worker (503). */
  | 'capture_check_unavailable'
  /** The worker thread died during the request; the next request starts a new one (503). */
  | 'capture_check_crashed'
  /** The worker did not answer in time; it is stopped and restarted on the next request (503). */
  | 'capture_check_timeout'
  /** Too many checks are waiting for the worker; try again shortly (503). */
  | 'capture_check_busy'
  /** `close()` was called: the checker takes no more requests (503). */
  | 'capture_checker_closed'
  /** The check failed in a way the worker could not name (500). */
  | 'capture_check_failed';

export class CaptureCheckError extends CodedError<CaptureCheckErrorCode> {
  override readonly name = 'CaptureCheckError';
}
