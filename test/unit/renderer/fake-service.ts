import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { useApiStore } from '../../../src/renderer/src/stores/api';

/**
 * Canned answers of the local REST API for the renderer's store and view tests (the e2e tests run
 * the real service). Routes are matched by method and path; unmatched requests answer 404.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

export interface CannedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: RecordedRequest) => CannedAnswer | Promise<CannedAnswer>;

export class FakeService {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Array<{ method: string; path: RegExp; handler: Handler }> = [];
  /** When set, every request fails as if the service were down. */
  unreachable = false;

  on(method: string, path: string | RegExp, handler: Handler | CannedAnswer): this {
    const pattern = typeof path === 'string' ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : path;
    this.routes.unshift({ method, path: pattern, handler: typeof handler === 'function' ? handler : () => handler });
    return this;
  }

  readonly fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    if (this.unreachable) throw new TypeError('Failed to fetch');
    const url = new URL(input);
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      headers: new Headers(init.headers),
    };
    this.requests.push(request);
    const route = this.routes.find((candidate) => candidate.method === request.method && candidate.path.test(request.path));
    const answer = route ? await route.handler(request) : { status: 404, body: { detail: 'Not found', code: 'not_found' } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  };

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)),
    );
  }
}

/** A fresh Pinia with the API store connected to `service`. */
export function connectStores(service: FakeService, token: string | null = null): Pinia {
  const pinia = createPinia();
  setActivePinia(pinia);
  useApiStore().connect({ baseUrl: 'http://kiosk.test', token }, service.fetch);
  return pinia;
}
