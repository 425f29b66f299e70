import { isAppOrigin, originOf } from './origin.js';

/**
 * The one permission the kiosk page gets is the camera, and only the app's own origin gets it:
 * no microphone, no geolocation, no notifications, no screen capture, nothing for other origins.
 */

export interface PermissionRequest {
  /** Electron's permission name (`media`, `geolocation`, `notifications`, …). */
  permission: string;
  /** URL of the frame asking. */
  requestingUrl: string;
  /** For `media`: which devices (`video`, `audio`); empty or absent when unknown. */
  mediaTypes?: readonly string[] | undefined;
}

/** session.setPermissionRequestHandler. */
export function decidePermissionRequest(request: PermissionRequest, appOrigin: string): boolean {
  if (request.permission !== 'media') return false;
  if (!isAppOrigin(request.requestingUrl, appOrigin)) return false;
  const mediaTypes = request.mediaTypes ?? [];
  return mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}

export interface PermissionCheck {
  permission: string;
  /** The origin (or URL) asking; Electron passes an origin string. */
  requestingOrigin: string;
  /** For `media`: `video`, `audio` or `unknown`. */
  mediaType?: string | undefined;
}

/** session.setPermissionCheckHandler (synchronous checks, e.g. device labels in enumerateDevices). */
export function decidePermissionCheck(check: PermissionCheck, appOrigin: string): boolean {
  return check.permission === 'media' && check.mediaType === 'video' && originOf(check.requestingOrigin) === appOrigin;
}

/** session.setDevicePermissionHandler (WebHID, WebUSB, serial): never. */
export function decideDevicePermission(): boolean {
  return false;
}
