/**
 * The app's own origin: the local service that serves both the UI and the API. Every policy in
 * this folder compares URLs with it; a URL that does not parse belongs to no origin.
 */

/** `http://127.0.0.1:8420/x?y` → `http://127.0.0.1:8420`; null for what does not parse or is opaque. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export function isAppOrigin(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/**
 * The URL the kiosk window loads. The service may listen on every interface (`PERFIT_HOST=0.0.0.0`
 * for a POS on the store network); the window still talks to it over loopback.
 */
export function kioskBaseUrl(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.origin;
}
