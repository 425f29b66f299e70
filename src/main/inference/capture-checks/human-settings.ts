import { faceCheckDetectorSettings } from '../face-check/settings.js';
import type { HumanRuntimeOptions } from '../human/human-runtime.js';

/**
 * Human as the capture checks and the embedded pipeline use it: faces (to count people; the same
 * detector settings as the synchronous face check), BlazePose full and the selfie segmentation.
 */
export const captureHumanOptions: Omit<HumanRuntimeOptions, 'log'> = {
  modules: ['face', 'body', 'segmentation'],
  face: faceCheckDetectorSettings,
  bodyModel: 'full',
  maxSidePx: 1024,
};

/** A check that takes longer means the worker is stuck: it is stopped and restarted. */
export const defaultCaptureCheckTimeoutMs = 15_000;
