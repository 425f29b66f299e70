import { captureHumanOptions } from '../capture-checks/human-settings.js';
import type { FaceDetection } from '../face-detector.js';
import { createHumanRuntime, humanRuntimeOfThisThread, type HumanRuntime } from './human-runtime.js';

/** Loaded for the face check when this thread had no Human of its own (a pipeline without it). */
let faceOnlyRuntime: Promise<HumanRuntime> | null = null;

/**
 * The face check of a scan, answered by the Human this thread already loaded (the embedded
 * pipeline's, which finds faces with the same BlazeFace settings and photo size as the Human checks
 * worker), or else by one loaded here with the face model only, as that worker loads it for a
 * one-off scan. A second Human next to the pipeline's would cost a one-off `perfit scan` its load
 * again (~0.7 s of CPU on the kiosk's two cores) for one detection.
 */
export async function detectFacesInThisThread(imageBytes: Uint8Array): Promise<FaceDetection> {
  const runtime = humanRuntimeOfThisThread() ?? (await loadFaceOnlyRuntime());
  return runtime.detectFaces(imageBytes);
}

function loadFaceOnlyRuntime(): Promise<HumanRuntime> {
  if (faceOnlyRuntime) return faceOnlyRuntime;
  const loading = createHumanRuntime({ ...captureHumanOptions, modules: ['face'], warmUpInference: false });
  faceOnlyRuntime = loading;
  // A load that failed is tried again by the next check, as a restarted checks worker would.
  loading.catch(() => {
    if (faceOnlyRuntime === loading) faceOnlyRuntime = null;
  });
  return loading;
}
