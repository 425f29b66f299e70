import type { Logger } from '../logging.js';
import type { FaceDetector } from './face-detector.js';
import type { InferenceHost } from './inference-host.js';

/**
 * The service's face check (POST /api/v1/avatar). Its Human checks worker starts loading only once
 * the inference worker has settled: two Humans loading at once share the kiosk's two cores, and
 * each took as long as both in turn. Until the checks worker is ready (and whenever it has been
 * stopped while idle), a loaded inference worker answers face checks with the Human its pipeline
 * loaded, the same detector and settings (InferenceHost.detectFaces). So the service is ready, and
 * takes scans, as soon as the inference worker is; the first live capture checks wait for the
 * checks worker's load.
 */
export function serviceFaceDetector(
  checks: FaceDetector,
  host: Pick<InferenceHost, 'whenSettled' | 'loaded' | 'detectFaces'>,
  log: Pick<Logger, 'error'>,
): FaceDetector {
  host
    .whenSettled()
    .then(() => checks.ready())
    .catch((error: unknown) => log.error({ err: error }, 'face detector failed to load'));
  const checksAnswer = (): boolean => checks.isReady() || !host.loaded();
  return {
    async ready() {
      await host.whenSettled();
      if (!host.loaded()) await checks.ready();
    },
    isReady: () => checks.isReady() || host.loaded(),
    detect: (imageBytes) => (checksAnswer() ? checks.detect(imageBytes) : host.detectFaces(imageBytes)),
    close: () => checks.close(),
  };
}
