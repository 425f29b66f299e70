import { PerfitError } from '../errors.js';

/** Errors of the avatar store, each with a stable `code`. */

/** An artifact record handed to `insert` belongs to another avatar. */
export class ArtifactMismatchError extends Error {
  override readonly name = 'ArtifactMismatchError';
  readonly code = 'artifact_mismatch';
}

/** No avatar of the customer here (nor in the central store, when it is asked); the message says which. */
export class AvatarNotFoundError extends PerfitError {
  override readonly name = 'AvatarNotFoundError';
  readonly kind = 'not_found';
  readonly code = 'avatar_not_found';
}
