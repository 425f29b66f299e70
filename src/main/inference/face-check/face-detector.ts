import { createHumanChecks, type HumanChecksOptions } from '../human-checks/human-checks.js';
import type { FaceDetector } from '../face-detector.js';

/**
 * A face detector with a Human checks worker of its own (tests, tools). The service shares one
 * worker between the face check and the capture check: `createHumanChecks`.
 */
export function createFaceDetector(options: HumanChecksOptions = {}): FaceDetector {
  return createHumanChecks(options).faceDetector;
}
