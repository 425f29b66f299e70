import { PerfitError, perfitErrorClass } from '../errors.js';

/** Why a scan is refused before it is queued; each has a stable `code` the API and the CLI answer with. */

/** The front photo shows no face (API 400). */
export class NoFaceError extends perfitErrorClass('NoFaceError', 'invalid', 'no_face') {
  constructor() {
    // The contract's message, word for word.
    super('No face detected in image');
  }
}

/** The face check cannot answer now (loading, restarting, busy, crashed); API 503 with Retry-After. */
export class FaceCheckUnavailableError extends PerfitError {
  override readonly name = 'FaceCheckUnavailableError';
  readonly kind = 'unavailable';
  override readonly retryAfterSeconds = 5;
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
