import { CodedError } from '../../errors.js';

/** Why the face check could not answer; each reason has a stable `code` the API maps. */
export type FaceCheckErrorCode =
  /** The bytes are not an image the decoder can read (400 for the client). */
  | 'image_undecodable'
  /** The detector's models or backend failed to load (503). */
  | 'face_detector_unavailable'
  /** The worker thread died during the request; the next request starts a new one (503). */
  | 'face_check_crashed'
  /** The worker did not answer in time; it is stopped and restarted on the next request (503). */
  | 'face_check_timeout'
  /** Too many detections are waiting for the worker; try again shortly (503). */
  | 'face_check_busy'
  /** `close()` was called: the detector takes no more requests. */
  | 'face_detector_closed'
  /** Detection failed in a way the worker could not name (500). */
  | 'face_check_failed';

export class FaceCheckError extends CodedError<FaceCheckErrorCode> {
  override readonly name = 'FaceCheckError';
}
