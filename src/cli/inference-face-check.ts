import type { CaptureChecker } from '../main/inference/capture-checks/capture-checker.js';
import { CaptureCheckError } from '../main/inference/capture-checks/errors.js';
import type { FaceDetector } from '../main/inference/face-detector.js';
import type { InferenceHost } from '../main/inference/inference-host.js';

/** The face check and (absent) live checks a one-off scan gives the service in place of a Human checks worker. */
export interface InferenceFaceCheck {
  faceDetector: FaceDetector;
  captureChecker: CaptureChecker;
  /** The service's inference host, once the service has started: the face check waits for it. */
  attach(host: InferenceHost): void;
}

/**
 * The face check of a one-off `perfit scan`, answered by the inference worker with the Human its
 * pipeline loads anyway (InferenceHost.detectFaces): the same detector and settings as the Human
 * checks worker's, without a second Human loading beside the first on the kiosk's two cores.
 * A one-off scan has no live guidance, so the capture checker refuses as the checks worker does
 * when started without capture checks.
 */
export function inferenceFaceCheck(): InferenceFaceCheck {
  let host: InferenceHost | null = null;
  let attached: (host: InferenceHost) => void = () => undefined;
  const attachedHost = new Promise<InferenceHost>((resolve) => (attached = resolve));
  const whenAttached = (): Promise<InferenceHost> => (host ? Promise.resolve(host) : attachedHost);

  const faceDetector: FaceDetector = {
    ready: async () => (await whenAttached()).whenSettled(),
    isReady: () => host?.status().ready ?? false,
    detect: async (imageBytes) => (await whenAttached()).detectFaces(imageBytes),
    // The host's stop() ends its pending face checks.
    close: () => Promise.resolve(),
  };
  const unavailable = (): CaptureCheckError =>
    new CaptureCheckError('capture_check_unavailable', 'This service was started without live capture checks');
  const captureChecker: CaptureChecker = {
    ready: () => Promise.resolve(),
    isReady: () => true,
    check: () => Promise.reject(unavailable()),
    close: () => Promise.resolve(),
  };
  return {
    faceDetector,
    captureChecker,
    attach: (started) => {
      host = started;
      attached(started);
    },
  };
}
