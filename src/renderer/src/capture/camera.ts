/** The kiosk camera: opened with the staff's chosen device, falling back (visibly) to the default one. */
export type CameraErrorCode = 'camera_denied' | 'camera_not_found' | 'camera_failed';

export class CameraError extends Error {
  constructor(
    readonly code: CameraErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CameraError';
  }
}

export interface OpenedCamera {
  stream: MediaStream;
  /** The chosen camera was not there and the default one is used; the UI says so. */
  usedFallback: boolean;
}

// A tall frame suits a standing person; cameras answer the nearest size they have.
const sizeConstraints: MediaTrackConstraints = { width: { ideal: 1920 }, height: { ideal: 1920 } };

function cameraErrorOf(error: unknown): CameraError {
  const name = error instanceof DOMException ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return new CameraError('camera_denied', `Camera permission denied: ${message}`);
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return new CameraError('camera_not_found', `No camera found: ${message}`);
  return new CameraError('camera_failed', `The camera could not be started: ${message}`);
}

export async function openCamera(
  deviceId: string | null,
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<OpenedCamera> {
  if (!mediaDevices?.getUserMedia) throw new CameraError('camera_failed', 'This browser has no camera access (getUserMedia)');
  if (deviceId) {
    try {
      return {
        stream: await mediaDevices.getUserMedia({ video: { ...sizeConstraints, deviceId: { exact: deviceId } }, audio: false }),
        usedFallback: false,
      };
    } catch (error) {
      const cameraError = cameraErrorOf(error);
      if (cameraError.code !== 'camera_not_found') throw cameraError;
    }
  }
  try {
    return { stream: await mediaDevices.getUserMedia({ video: sizeConstraints, audio: false }), usedFallback: deviceId !== null };
  } catch (error) {
    throw cameraErrorOf(error);
  }
}

export function stopCamera(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The cameras staff can choose from (labels appear once camera permission is granted). */
export async function listCameras(
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<Array<{ deviceId: string; label: string }>> {
  const devices = (await mediaDevices?.enumerateDevices()) ?? [];
  return devices
    .filter((device) => device.kind === 'videoinput' && device.deviceId)
    .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `Camera ${index + 1}` }));
}
