import { PerfitError } from '../errors.js';

/** Why an uploaded photo was refused; each reason has a stable `code` the API answers with (400). */
export type ImageRejectionCode =
  'invalid_base64' | 'image_empty' | 'unsupported_format' | 'image_too_small' | 'image_too_large' | 'image_corrupt';

export class ImageRejectedError extends PerfitError {
  override readonly name = 'ImageRejectedError';
  readonly kind = 'invalid';
  constructor(
    readonly code: ImageRejectionCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
