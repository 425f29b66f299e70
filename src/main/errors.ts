/**
 * The one error model of the service: an error a caller can act on carries a stable `code` (the
 * API's and the CLI's machine-readable answer) and a `kind` that says what went wrong in terms
 * every layer shares. The HTTP layer answers each kind with one status
 * (`api/middleware/error-handler.ts`); nothing maps by message.
 */
export const errorKinds = [
  /** The request or its data is wrong; sending it again unchanged fails again (400). */
  'invalid',
  /** Credentials are missing or wrong (401). */
  'unauthorized',
  /** The credentials are right but do not allow this (403). */
  'forbidden',
  /** No such thing (404). */
  'not_found',
  /** The path exists, the method does not (405). */
  'method_not_allowed',
  /** The request clashes with the current state (409). */
  'conflict',
  /** The body is larger than the limit (413). */
  'too_large',
  /** The body is not in a format this service reads (415). */
  'unsupported_media',
  /** The request was sent to a host name this service does not answer for (421). */
  'misdirected',
  /** Well-formed, but this service cannot serve it (422). */
  'unprocessable',
  /** Too many requests or attempts; retry later (429). */
  'rate_limited',
  /** A part the request needs is not ready or busy; retry later (503). */
  'unavailable',
  /** The disk has too little room left to keep what the request brings (507). */
  'insufficient_storage',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

export abstract class PerfitError extends Error {
  abstract readonly kind: ErrorKind;
  abstract readonly code: string;
  /** When a retry may succeed (seconds); answered as `Retry-After`. */
  readonly retryAfterSeconds: number | null = null;
  /** Headers the answer must carry besides `Retry-After` (a challenge, the allowed methods). */
  readonly headers: Record<string, string> = {};
}

/**
 * The base class of an error on this model whose name, kind and code are fixed, so that a class
 * writes only what is its own (the message it builds, its fields, its headers):
 * `export class DiskFullError extends perfitErrorClass('DiskFullError', 'insufficient_storage', 'disk_full') {}`.
 * The name is spelled out because the bundler may rename classes.
 */
export function perfitErrorClass<const Kind extends ErrorKind, const Code extends string>(name: string, kind: Kind, code: Code) {
  return class extends PerfitError {
    override readonly name = name;
    readonly kind = kind;
    readonly code = code;
  };
}

/**
 * The same for an error outside the kinds, with one fixed code: one that only its caller maps (a
 * model that does not load, an image that does not decode) or a broken invariant, answered as 500.
 */
export function codedErrorClass<const Code extends string>(name: string, code: Code) {
  return class extends Error {
    override readonly name = name;
    readonly code = code;
  };
}

/**
 * An error of one layer with that layer's own code set (model files, capture checks, calibration,
 * size charts, …): the code is for the caller that maps it (to an HTTP answer, a CLI exit, a job's
 * code) and for the log; the message is for people.
 */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
