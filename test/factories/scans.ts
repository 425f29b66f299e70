import type { ValidatedImage } from '../../src/main/images/validate-image.js';
import type { FaceDetection, FaceDetector } from '../../src/main/inference/face-detector.js';

/** Test doubles for the scan entry (scans/): a checked photo, a silent log, a face detector that answers as told. */

/** A photo as validate-image.ts hands it on (only the JPEG magic bytes: nothing here decodes it). */
export const checkedJpeg: ValidatedImage = {
  bytes: Buffer.from([0xff, 0xd8, 0xff]),
  format: 'jpeg',
  extension: 'jpg',
  contentType: 'image/jpeg',
  width: 640,
  height: 480,
};

export const quietLog = { debug: () => undefined, error: () => undefined };

/** A detection of `count` faces in a 640×480 photo. */
export function facesFound(count: number): FaceDetection {
  return {
    faces: Array.from({ length: count }, (_, k) => ({ x: 10 + 60 * k, y: 10, width: 50, height: 50, score: 0.9 })),
    imageWidth: 640,
    imageHeight: 480,
    durationMs: 1,
  };
}

/** A face detector whose every detection is `answer()` (which may throw). */
export function detectorAnswering(answer: () => Promise<FaceDetection>, ready = true): FaceDetector {
  return { ready: async () => undefined, isReady: () => ready, detect: answer, close: async () => undefined };
}
