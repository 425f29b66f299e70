import { isAppOrigin } from './origin.js';

/**
 * Where the kiosk window may go: only pages of the app's own origin. Links elsewhere, redirects to
 * other hosts and `window.open` never leave the kiosk (there is no address bar to come back).
 */

export type NavigationDecision = 'allow' | 'deny';

/** will-navigate, will-frame-navigate and will-redirect. */
export function decideNavigation(url: string, appOrigin: string): NavigationDecision {
  return isAppOrigin(url, appOrigin) ? 'allow' : 'deny';
}

export interface WindowOpenDecision {
  /** New windows are always refused: the kiosk has one window. */
  action: 'deny';
  /** An app page asked for in a new window opens in the kiosk window instead. */
  loadInKioskWindow: string | null;
}

/** setWindowOpenHandler. */
export function decideWindowOpen(url: string, appOrigin: string): WindowOpenDecision {
  return { action: 'deny', loadInKioskWindow: isAppOrigin(url, appOrigin) ? url : null };
}

/**
 * IPC calls are answered only for the app's own page in the main frame: a frame from elsewhere
 * (should one ever load) gets nothing, not even the app version.
 */
export function isTrustedIpcSender(sender: { url: string; isMainFrame: boolean } | null, appOrigin: string): boolean {
  return sender !== null && sender.isMainFrame && isAppOrigin(sender.url, appOrigin);
}
