/**
 * The one place the renderer talks HTTP to the local service. The generated operations
 * (./generated/operations.ts) describe each endpoint; this class sends the request, adds the API
 * key when the service needs one, and turns error answers into an ApiError with the API's stable code.
 */

export interface ApiConnection {
  /** Base URL of the local REST API, e.g. `http://127.0.0.1:8420` (no trailing slash). */
  baseUrl: string;
  /** API key sent as `Authorization: Bearer …`; null when the service needs none. */
  token: string | null;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Path with its parameters already filled in, e.g. `/api/v1/avatar/job/…`. */
  path: string;
  /** Sent as JSON when present. */
  body?: unknown;
  /** Statuses whose body is the operation's data (health answers its body with 503 too). */
  dataStatuses: readonly number[];
  signal?: AbortSignal;
}

/** Codes the client itself gives when no answer of the API could be read. */
export const clientErrorCodes = {
  network: 'network_error',
  aborted: 'aborted',
  unreadableAnswer: 'unreadable_answer',
} as const;

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the service could not be reached. */
    readonly status: number,
    /** The API's stable code (`no_face`, `queue_full`, …) or one of clientErrorCodes. */
    readonly code: string,
    /** The API's human-readable `detail`. */
    readonly detail: string,
    /** Seconds from the Retry-After header, when given. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'ApiError';
  }
}

type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

function isErrorBody(value: unknown): value is { detail: string; code?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { detail?: unknown }).detail === 'string';
}

function retryAfterOf(response: Response): number | null {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) ? seconds : null;
}

/** The header that carries the staff session token (the API's X-Staff-Token). */
export const staffTokenHeader = 'x-staff-token';

export class ApiClient {
  private readonly fetchFunction: FetchFunction;
  /** The staff session token while staff are signed in; in memory only, never in storage. */
  private staffToken: string | null = null;

  constructor(
    readonly connection: ApiConnection,
    fetchFunction: FetchFunction = (input, init) => globalThis.fetch(input, init),
  ) {
    this.fetchFunction = fetchFunction;
  }

  /** An absolute URL for a path of the API or a URL the API handed out (avatar file URLs). */
  resolveUrl(pathOrUrl: string): string {
    return new URL(pathOrUrl, `${this.connection.baseUrl}/`).href;
  }

  /** Sends the token on every call to the kiosk from now on; null signs staff out of this client. */
  setStaffToken(token: string | null): void {
    this.staffToken = token;
  }

  hasStaffToken(): boolean {
    return this.staffToken !== null;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (this.connection.token) headers['authorization'] = `Bearer ${this.connection.token}`;
    if (this.staffToken) headers[staffTokenHeader] = this.staffToken;
    return headers;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFunction(url, init);
    } catch (error) {
      if (init.signal?.aborted) throw new ApiError(0, clientErrorCodes.aborted, 'The request was cancelled');
      throw new ApiError(0, clientErrorCodes.network, `The kiosk service does not answer: ${(error as Error).message}`);
    }
  }

  private async errorFrom(response: Response): Promise<ApiError> {
    const body: unknown = await response.json().catch(() => null);
    if (isErrorBody(body))
      return new ApiError(response.status, body.code ?? `http_${response.status}`, body.detail, retryAfterOf(response));
    return new ApiError(response.status, `http_${response.status}`, response.statusText || 'Unexpected answer', retryAfterOf(response));
  }

  async request<T>(request: ApiRequest): Promise<T> {
    const response = await this.send(this.resolveUrl(request.path), {
      method: request.method,
      headers: this.headers(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
    if (!request.dataStatuses.includes(response.status)) throw await this.errorFrom(response);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError(response.status, clientErrorCodes.unreadableAnswer, 'The answer was not JSON');
    }
  }

  /** The bytes of a file URL the API handed out (an avatar's GLB), with the API key when needed. */
  async fetchBytes(pathOrUrl: string, signal?: AbortSignal): Promise<ArrayBuffer> {
    const url = this.resolveUrl(pathOrUrl);
    // Presigned bucket URLs carry their own authorization; the kiosk's key goes to the kiosk only.
    const sameOrigin = new URL(url).origin === new URL(this.connection.baseUrl).origin;
    const response = await this.send(url, { headers: sameOrigin ? this.headers({ accept: '*/*' }) : {}, signal });
    if (!response.ok) throw await this.errorFrom(response);
    return response.arrayBuffer();
  }
}
