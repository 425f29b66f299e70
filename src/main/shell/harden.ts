import type { Session, WebContents } from 'electron';
import type { Logger } from '../logging.js';
import { withSecurityHeaders } from './policy/csp.js';
import { decideNavigation, decideWindowOpen } from './policy/navigation.js';
import { decideDevicePermission, decidePermissionCheck, decidePermissionRequest } from './policy/permissions.js';

/**
 * Electron glue for the policies in ./policy: each handler only translates Electron's arguments and
 * applies the pure decision. `appOrigin()` is null until the service listens; until then nothing is
 * allowed.
 */

export function hardenSession(session: Session, appOrigin: () => string | null, log: Logger): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = appOrigin();
    callback({ responseHeaders: origin ? withSecurityHeaders(details.url, details.responseHeaders, origin) : details.responseHeaders });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const origin = appOrigin();
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const granted = origin !== null && decidePermissionRequest({ permission, requestingUrl: details.requestingUrl, mediaTypes }, origin);
    if (!granted) log.warn({ permission, url: details.requestingUrl, media_types: mediaTypes }, 'permission refused');
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const origin = appOrigin();
    return origin !== null && decidePermissionCheck({ permission, requestingOrigin, mediaType: details.mediaType }, origin);
  });
  session.setDevicePermissionHandler(() => decideDevicePermission());
}

export function hardenWebContents(
  contents: WebContents,
  appOrigin: () => string | null,
  loadInKioskWindow: (url: string) => void,
  logger: () => Logger,
): void {
  const guard = (event: { preventDefault(): void }, url: string, kind: string): void => {
    const origin = appOrigin();
    if (origin !== null && decideNavigation(url, origin) === 'allow') return;
    event.preventDefault();
    logger().warn({ url, kind }, 'navigation refused');
  };
  contents.on('will-navigate', (event, url) => guard(event, url, 'navigate'));
  contents.on('will-frame-navigate', (event) => guard(event, event.url, 'frame-navigate'));
  contents.on('will-redirect', (event, url) => guard(event, url, 'redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger().warn('webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const origin = appOrigin();
    const decision = origin ? decideWindowOpen(url, origin) : { action: 'deny' as const, loadInKioskWindow: null };
    if (decision.loadInKioskWindow) loadInKioskWindow(decision.loadInKioskWindow);
    else logger().warn({ url }, 'new window refused');
    return { action: decision.action };
  });
}
