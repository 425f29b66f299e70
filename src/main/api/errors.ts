/**
 * Errors the HTTP layer answers with, each with a status and a stable machine-readable `code`
 * (answered as `{"detail": "...", "code": "..."}`). Errors of other layers (ImageRejectedError,
 * QueueFullError, …) are mapped in middleware/error-handler.ts.
 */
export abstract class HttpError extends Error {
  abstract readonly status: number;
  readonly headers: Record<string, string> = {};
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** 400: the request is invalid (body, parameters, image, no face). */
export class ValidationError extends HttpError {
  override readonly name = 'ValidationError';
  readonly status = 400;
  constructor(message: string, code = 'invalid_request', options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** 401: an API key is required and missing or wrong. */
export class UnauthorizedError extends HttpError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
  constructor(message: string) {
    super('unauthorized', message);
    this.headers['WWW-Authenticate'] = 'Bearer realm="perfit"';
  }
}

/** 404: no such job, avatar, file or route. */
export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  constructor(message: string, code = 'not_found') {
    super(code, message);
  }
}

/** 405: the path exists but not with this method. */
export class MethodNotAllowedError extends HttpError {
  override readonly name = 'MethodNotAllowedError';
  readonly status = 405;
  constructor(method: string, path: string, allowed: readonly string[]) {
    super('method_not_allowed', `${method} is not allowed on ${path}; use ${allowed.join(', ')}`);
    this.headers['Allow'] = allowed.join(', ');
  }
}

/** 413: the request body is larger than `limits.maxBodyBytes`. */
export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  constructor(message: string) {
    super('payload_too_large', message);
  }
}

/** 415: a body that is not JSON (form posts, compressed bodies). */
export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  constructor(message: string) {
    super('unsupported_media_type', message);
  }
}

/** 421: the Host header names a host this service does not answer for (DNS rebinding protection). */
export class MisdirectedRequestError extends HttpError {
  override readonly name = 'MisdirectedRequestError';
  readonly status = 421;
  constructor(message: string) {
    super('host_not_allowed', message);
  }
}

/** 503: a part the request needs is not ready (face detector loading, …). */
export class ServiceUnavailableError extends HttpError {
  override readonly name = 'ServiceUnavailableError';
  readonly status = 503;
  constructor(code: string, message: string, retryAfterSeconds?: number) {
    super(code, message);
    if (retryAfterSeconds !== undefined) this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

/** 422: a well-formed request the kiosk cannot serve (a body the model does not cover). */
export class UnprocessableError extends HttpError {
  override readonly name = 'UnprocessableError';
  readonly status = 422;
}
