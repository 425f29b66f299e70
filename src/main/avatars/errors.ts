/** Errors of the avatar store, each with a stable `code`. */

/** An artifact record handed to `insert` belongs to another avatar. */
export class ArtifactMismatchError extends Error {
  override readonly name = 'ArtifactMismatchError';
  readonly code = 'artifact_mismatch';
}
