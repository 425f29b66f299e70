import type { PerfitBridge } from '../../../preload/bridge';
import type { ApiConnection } from './api-client';

/** The parts of `window` the connection is read from (a parameter, so tests pass their own). */
export interface ConnectionSource {
  perfit?: Pick<PerfitBridge, 'serviceConnection'>;
  location: { origin: string };
}

/**
 * In the Electron window the preload says where the service is and which key it needs; in a plain
 * browser (`perfit serve` serving the built UI) the page's own origin is the service and there is no key.
 */
export async function resolveConnection(source: ConnectionSource): Promise<ApiConnection> {
  if (source.perfit) {
    const { baseUrl, token } = await source.perfit.serviceConnection();
    return { baseUrl: withoutTrailingSlashes(baseUrl), token };
  }
  return { baseUrl: source.location.origin, token: null };
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charAt(end - 1) === '/') end--;
  return url.slice(0, end);
}
