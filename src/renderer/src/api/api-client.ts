/**
 * The one place the renderer talks HTTP to the local service. openapi-fetch sends the requests,
 * typed by the paths that openapi-typescript generated from the OpenAPI document (./generated/);
 * this class adds the API key when the service needs one, and `dataOf` turns error answers into
 * an ApiError with the API's stable code.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/openapi';

export interface ApiConnection {
  /** Base URL of the local REST API, e.g. `http://127.0.0.1:8420` (no trailing slash). */
  baseUrl: string;
  /** API key sent as `Authorization: Bearer …`; null when the service needs none. */
  token: string | null;
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

function errorOf(response: Response, body: unknown): ApiError {
  const retryAfterSeconds = retryAfterOf(response);
  if (isErrorBody(body)) return new ApiError(response.status, body.code ?? `http_${response.status}`, body.detail, retryAfterSeconds);
  return new ApiError(response.status, `http_${response.status}`, response.statusText || 'Unexpected answer', retryAfterSeconds);
}

/** What an openapi-fetch call resolves to: the data on 2xx, the parsed body as `error` otherwise. */
interface TypedAnswer<Data, Body> {
  data?: Data;
  error?: Body;
  response: Response;
}

/**
 * The data of an openapi-fetch call, or an ApiError with the API's code. `bodyIsDataOn` names the
 * statuses whose body is the operation's data although they are not 2xx (health answers 503 with
 * its usual body: the service is unhealthy, not the request wrong).
 */
export async function dataOf<Data, Body>(
  pending: Promise<TypedAnswer<Data, Body>>,
  { bodyIsDataOn = [] }: { bodyIsDataOn?: readonly number[] } = {},
): Promise<Data> {
  const { data, error, response } = await pending;
  if (response.ok) return data as Data;
  if (bodyIsDataOn.includes(response.status)) return error as Data;
  throw errorOf(response, error);
}

/** The header that carries the staff session token (the API's X-Staff-Token). */
export const staffTokenHeader = 'x-staff-token';

export class ApiClient {
  /** The typed calls, by method and path: `client.http.GET('/api/v1/health')`, read with dataOf(). */
  readonly http: Client<paths>;
  private readonly fetchFunction: FetchFunction;
  /** The staff session token while staff are signed in; in memory only, never in storage. */
  private staffToken: string | null = null;

  constructor(
    readonly connection: ApiConnection,
    fetchFunction: FetchFunction = (input, init) => globalThis.fetch(input, init),
  ) {
    this.fetchFunction = fetchFunction;
    this.http = createClient<paths>({ baseUrl: connection.baseUrl, fetch: (request) => this.sendJsonRequest(request) });
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

  private headers(extra: HeadersInit = {}): Headers {
    const headers = new Headers(extra);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    if (this.connection.token) headers.set('authorization', `Bearer ${this.connection.token}`);
    if (this.staffToken) headers.set(staffTokenHeader, this.staffToken);
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

  /**
   * openapi-fetch's request, sent with the keys. A 2xx body that is not JSON becomes an ApiError
   * here, where its status is still known (openapi-fetch would throw a bare SyntaxError).
   */
  private async sendJsonRequest(request: Request): Promise<Response> {
    // The keys are read before the first await: signing staff out right after a call starts must not change it.
    const headers = this.headers(request.headers);
    const body = request.body === null ? undefined : await request.text();
    const response = await this.send(request.url, { method: request.method, headers, body, signal: request.signal });
    if (!response.ok || response.status === 204) return response;
    const text = await response.text();
    try {
      if (text) JSON.parse(text);
    } catch {
      throw new ApiError(response.status, clientErrorCodes.unreadableAnswer, 'The answer was not JSON');
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  /** The bytes of a file URL the API handed out (an avatar's GLB), with the API key when needed. */
  async fetchBytes(pathOrUrl: string, signal?: AbortSignal): Promise<ArrayBuffer> {
    const url = this.resolveUrl(pathOrUrl);
    // Presigned bucket URLs carry their own authorization; the kiosk's key goes to the kiosk only.
    const sameOrigin = new URL(url).origin === new URL(this.connection.baseUrl).origin;
    const response = await this.send(url, { headers: sameOrigin ? this.headers({ accept: '*/*' }) : {}, signal });
    if (!response.ok) throw errorOf(response, await response.json().catch(() => null));
    return response.arrayBuffer();
  }
}
