import type { Config } from '@vladmandic/human';
import { modelFileUrl } from './file-model-loader.js';
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

/**
 * Human's configuration for still photos in Node: WASM backend, the face detector when requested,
 * no frame-to-frame caching (every photo is a new customer), no image filters (they need a canvas).
 */
export function humanConfig(options: HumanConfigOptions): Partial<Config> {
  const urls = modelUrls(options);
  const enabled = (module: HumanModule): boolean => options.modules.includes(module);
  const face = options.face;
  return {
    backend: 'wasm',
    // A folder path works in Node: tfjs-backend-wasm reads `${wasmPath}tfjs-backend-wasm-simd.wasm`.
    wasmPath: options.paths.wasmDir.endsWith('/') ? options.paths.wasmDir : `${options.paths.wasmDir}/`,
    wasmPlatformFetch: false,
    modelBasePath: '',
    cacheModels: false,
    cacheSensitivity: 0,
    skipAllowed: false,
    validateModels: false,
    debug: false,
    async: true,
    warmup: 'none',
    filter: { enabled: false },
    gesture: { enabled: false },
    face: {
      enabled: enabled('face'),
      detector: {
        modelPath: urls.face,
        rotation: false,
        maxDetected: face.maxDetected,
        minConfidence: face.minConfidence,
        iouThreshold: face.iouThreshold,
        minSize: 0,
        scale: face.boxScale,
        // The runtime pads the photo to a square itself: Human's own padding maps boxes back wrongly.
        square: false,
        skipFrames: 0,
        skipTime: 0,
        mask: false,
        return: false,
      },
      mesh: { enabled: false },
      attention: { enabled: false },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
    // BlazePose and the segmentation run on onnxruntime (human-runtime.ts), not in Human.
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
  } as Partial<Config>;
}
