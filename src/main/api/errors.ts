import { PerfitError, perfitErrorClass } from '../errors.js';

/**
 * Errors only the HTTP layer raises (bad bodies, credentials, routing), on the one error model
 * (`../errors.ts`): a kind and a stable machine-readable `code`, answered as
 * `{"detail": "...", "code": "..."}` with the kind's status. An error with one code is a
 * `perfitErrorClass`; one whose code is given where it is thrown extends `HttpError`.
 */
export abstract class HttpError extends PerfitError {
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
  readonly kind = 'invalid';
  constructor(message: string, code = 'invalid_request', options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** 401: an API key is required and missing or wrong. */
export class UnauthorizedError extends perfitErrorClass('UnauthorizedError', 'unauthorized', 'unauthorized') {
  constructor(message: string) {
    super(message);
    this.headers['WWW-Authenticate'] = 'Bearer realm="perfit"';
  }
}

/** 404: no such job, avatar, file or route. */
export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  readonly kind = 'not_found';
  constructor(message: string, code = 'not_found') {
    super(code, message);
  }
}

/** 405: the path exists but not with this method. */
export class MethodNotAllowedError extends perfitErrorClass('MethodNotAllowedError', 'method_not_allowed', 'method_not_allowed') {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(`${method} is not allowed on ${path}; use ${allowed.join(', ')}`);
    this.headers['Allow'] = allowed.join(', ');
  }
}

/** 413: the request body is larger than `limits.maxBodyBytes`. */
export class PayloadTooLargeError extends perfitErrorClass('PayloadTooLargeError', 'too_large', 'payload_too_large') {}

/** 415: a body that is not JSON (form posts, compressed bodies). */
export class UnsupportedMediaTypeError extends perfitErrorClass(
  'UnsupportedMediaTypeError',
  'unsupported_media',
  'unsupported_media_type',
) {}

/** 421: the Host header names a host this service does not answer for (DNS rebinding protection). */
export class MisdirectedRequestError extends perfitErrorClass('MisdirectedRequestError', 'misdirected', 'host_not_allowed') {}

/** 503: a part the request needs is not ready (face detector loading, …). */
export class ServiceUnavailableError extends HttpError {
  override readonly name = 'ServiceUnavailableError';
  readonly kind = 'unavailable';
  override readonly retryAfterSeconds: number | null;
  constructor(code: string, message: string, retryAfterSeconds?: number) {
    super(code, message);
    this.retryAfterSeconds = retryAfterSeconds ?? null;
  }
}

/** 422: a well-formed request the kiosk cannot serve (a body the model does not cover). */
export class UnprocessableError extends HttpError {
  override readonly name = 'UnprocessableError';
  readonly kind = 'unprocessable';
}

/** 409: the request clashes with what is stored (a duplicate, a state that forbids it). */
export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  readonly kind = 'conflict';
}
