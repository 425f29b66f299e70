/** Errors of the Human runtime, each with a stable `code` that callers map without reading messages. */

/** The bytes are not an image sharp can decode (unknown format, truncated, corrupt). */
export class ImageUndecodableError extends Error {
  override readonly name = 'ImageUndecodableError';
  readonly code = 'image_undecodable';
}

/** Human, its tfjs backend or one of its models could not be loaded. */
export class HumanLoadError extends Error {
  override readonly name = 'HumanLoadError';
  readonly code = 'model_load_failed';
}

/** A detection was asked of a module the runtime was not created with. */
export class HumanModuleDisabledError extends Error {
  override readonly name = 'HumanModuleDisabledError';
  readonly code = 'module_not_enabled';
}
