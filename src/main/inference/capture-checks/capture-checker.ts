import { createHumanChecks, type HumanChecksOptions } from '../human-checks/human-checks.js';
import type { CaptureCheckResult } from './messages.js';
import type { CaptureView } from './types.js';

export type { CaptureCheckResult } from './messages.js';

/** The live capture check of POST /api/v1/capture/check, answered by the Human checks worker thread. */
export interface CaptureChecker {
  /** Resolves when Human's models are loaded and warmed up in the worker. */
  ready(): Promise<void>;
  isReady(): boolean;
  /** Checks one encoded JPEG/PNG/WebP photo as the front or side view of a scan. */
  check(imageBytes: Uint8Array, view: CaptureView): Promise<CaptureCheckResult>;
  close(): Promise<void>;
}

/**
 * A capture checker with a Human checks worker of its own (tests, tools). The service shares one
 * worker between the face check and the capture check: `createHumanChecks`.
 */
export function createCaptureChecker(options: HumanChecksOptions = {}): CaptureChecker {
  return createHumanChecks(options).captureChecker;
}
