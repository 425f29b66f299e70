import { isAppOrigin } from './origin.js';

/**
 * The Content-Security-Policy sent with every response of the app's origin. The renderer's
 * index.html carries a meta policy too; a browser enforces both, so this header is the meta
 * policy narrowed (no other hosts: the API is the page's own origin) and completed with what a meta
 * tag cannot say (`frame-ancestors`) or does not say (`object-src`, `base-uri`, `form-action`).
 */
export const contentSecurityPolicyDirectives: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // Vue's scoped and transition styles; scripts stay strict, which is what matters.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  // The camera preview is a MediaStream; captured frames become blobs.
  'media-src': ["'self'", 'blob:', 'mediastream:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

export function contentSecurityPolicy(): string {
  return Object.entries(contentSecurityPolicyDirectives)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}

/** Parses a policy string into directive → sources (lower-case directive names). */
export function parseContentSecurityPolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

export type ResponseHeaders = Record<string, string[]>;

/**
 * session.webRequest.onHeadersReceived: responses of the app's origin get our policy (replacing any
 * the server sent) and `X-Content-Type-Options: nosniff`; other responses pass unchanged (the
 * navigation guard keeps the window from showing them).
 */
export function withSecurityHeaders(url: string, headers: ResponseHeaders | undefined, appOrigin: string): ResponseHeaders {
  const out: ResponseHeaders = { ...(headers ?? {}) };
  if (!isAppOrigin(url, appOrigin)) return out;
  for (const name of Object.keys(out)) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'x-content-type-options') delete out[name];
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy()];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}
