import { modelFileUrl } from './graph-model-files.js';
import type { HumanPaths } from './human-paths.js';

export type HumanModule = 'face' | 'body' | 'segmentation';

/**
 * The face detector's settings. The defaults are chosen for the kiosk's full-body photo, where the
 * face is small in the frame (face-check/settings.ts gives the measurements behind them).
 */
export interface FaceDetectorSettings {
  /**
   * blazeface-back: the "back camera" BlazeFace, trained for faces further from the camera than the
   * selfie model (blazeface/blazeface-front), which misses most faces under ~10% of the frame.
   */
  modelFile: string;
  /** Lowest detection score kept (0–1). */
  minConfidence: number;
  maxDetected: number;
  /** Overlap above which two detections are the same face (non-max suppression). */
  iouThreshold: number;
  /**
   * Pad the photo to a square before BlazeFace's 256×256 input, so a portrait photo is not squeezed
   * sideways: squeezed, a small face scores much lower or is missed.
   */
  square: boolean;
  /** Human enlarges the detector's box by this factor (for the face mesh); 1 keeps BlazeFace's own box. */
  boxScale: number;
}

/** The face check's settings (face-check/settings.ts says how each value was chosen). */
export const defaultFaceDetectorSettings: FaceDetectorSettings = {
  modelFile: 'blazeface-back.json',
  minConfidence: 0.4,
  maxDetected: 10,
  iouThreshold: 0.2,
  square: true,
  boxScale: 1,
};

export type BodyModel = 'lite' | 'full' | 'heavy';

export interface HumanConfigOptions {
  modules: readonly HumanModule[];
  paths: HumanPaths;
  face: FaceDetectorSettings;
  bodyModel: BodyModel;
}

/** The model URLs a configuration loads, by module. */
export function modelUrls(options: HumanConfigOptions): Record<HumanModule, string> {
  return {
    face: modelFileUrl(options.paths.extraModelsDir, options.face.modelFile),
    body: modelFileUrl(options.paths.extraModelsDir, `blazepose-${options.bodyModel}.json`),
    segmentation: modelFileUrl(options.paths.extraModelsDir, 'selfie.json'),
  };
}

/** The lowest BlazePose score read as a person: the 0.1 the capture checks were tuned with in Human's config. */
export const bodyMinConfidence = 0.1;
