import { codedErrorClass } from '../../errors.js';

/** Errors of the Human runtime, each with a stable `code` that callers map without reading messages. */

/** The bytes are not an image sharp can decode (unknown format, truncated, corrupt). */
export class ImageUndecodableError extends codedErrorClass('ImageUndecodableError', 'image_undecodable') {}

/** One of Human's networks could not be read, converted or loaded into onnxruntime. */
export class HumanLoadError extends codedErrorClass('HumanLoadError', 'model_load_failed') {}

/** A detection was asked of a module the runtime was not created with. */
export class HumanModuleDisabledError extends codedErrorClass('HumanModuleDisabledError', 'module_not_enabled') {}
