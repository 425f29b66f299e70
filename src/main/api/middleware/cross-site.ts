import type { AppContext } from '../context.js';
import { perfitErrorClass } from '../../errors.js';
import { headerText, type RequestCheck } from './request-checks.js';

/** 403: a browser request made by a page of another site that the CORS list does not name. */
export class CrossSiteRequestError extends perfitErrorClass('CrossSiteRequestError', 'forbidden', 'cross_site_request') {}

/** Sec-Fetch-Site values that mean the page is not on this origin ("none" is the user typing the URL). */
const foreignFetchSites = new Set(['cross-site', 'same-site']);

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Refuses requests that a browser made for a page of another origin, unless that origin is in the
 * CORS list: any web page open on the kiosk can reach the loopback API, and a "simple" request (a
 * form post, a fetch without custom headers) gets no preflight. Browsers send `Origin` on every
 * such request and `Sec-Fetch-Site` on all of them; programs (the POS, curl) send neither and pass.
 * A page on another port of this machine is same-site yet another origin, so it is refused too.
 * Runs after the Host check, so the Host header is one this service answers for.
 */
export function crossSiteCheck(corsOrigins: readonly string[]): RequestCheck {
  const allowed = new Set(corsOrigins.map((origin) => new URL(origin).origin));
  return (ctx: AppContext) => {
    const originHeader = headerText(ctx.req.headers.origin);
    const fetchSiteHeader = headerText(ctx.req.headers['sec-fetch-site']);
    // Neither header (programs: the POS, curl): nothing can be foreign, as below.
    if (!originHeader && !fetchSiteHeader) return;
    const fetchSite = fetchSiteHeader.toLowerCase();
    const ownOrigin = `${ctx.protocol}://${headerText(ctx.req.headers.host).toLowerCase()}`;
    const origin = originHeader ? originOf(originHeader) : null;
    const fromAllowedOrigin = origin !== null && allowed.has(origin);
    const originForeign = originHeader !== '' && origin !== ownOrigin;
    if ((originForeign || foreignFetchSites.has(fetchSite)) && !fromAllowedOrigin) {
      const from = originHeader ? `origin ${JSON.stringify(originHeader.slice(0, 100))}` : `a ${fetchSite} page`;
      throw new CrossSiteRequestError(`Requests from ${from} are refused; add the origin to PERFIT_CORS_ORIGINS to allow it`);
    }
  };
}
