import { ImageRejectedError } from '../images/errors.js';
import type { ValidatedImage } from '../images/validate-image.js';
import { FaceCheckError } from '../inference/face-check/errors.js';
import type { FaceDetector } from '../inference/face-detector.js';
import type { Logger } from '../logging.js';
import { FaceCheckUnavailableError, NoFaceError } from './errors.js';

/**
 * The face check every scan passes before it is stored (POST /api/v1/avatar and `perfit scan`):
 * a photo without a face is refused, one the detector cannot decode is a corrupt image, a detector
 * that cannot answer now is unavailable (retry), and a failure it cannot name propagates (500).
 */
export async function requireFace(detector: FaceDetector, image: ValidatedImage, log: Pick<Logger, 'debug' | 'error'>): Promise<void> {
  let faces: number;
  try {
    const detection = await detector.detect(image.bytes);
    faces = detection.faces.length;
    log.debug({ faces, duration_ms: detection.durationMs }, 'face check');
  } catch (error) {
    if (error instanceof FaceCheckError && error.code === 'image_undecodable') {
      throw new ImageRejectedError('image_corrupt', `image could not be decoded for the face check: ${error.message}`, { cause: error });
    }
    if (error instanceof FaceCheckError && error.code === 'face_check_failed') throw error;
    log.error({ err: error }, 'face check unavailable');
    const code = error instanceof FaceCheckError ? error.code : 'face_check_unavailable';
    const state = detector.isReady() ? 'it failed' : 'still loading or restarting';
    throw new FaceCheckUnavailableError(code, `The face check is not available (${state}); try again shortly`, { cause: error });
  }
  if (faces === 0) throw new NoFaceError();
}
