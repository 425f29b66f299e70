import { codedErrorClass, perfitErrorClass } from '../errors.js';

/** Errors of the avatar store, each with a stable `code`. */

/** An artifact record handed to `insert` belongs to another avatar. */
export class ArtifactMismatchError extends codedErrorClass('ArtifactMismatchError', 'artifact_mismatch') {}

/** No avatar of the customer here (nor in the central store, when it is asked); the message says which. */
export class AvatarNotFoundError extends perfitErrorClass('AvatarNotFoundError', 'not_found', 'avatar_not_found') {}
