import { defaultFaceDetectorSettings, type FaceDetectorSettings } from '../human/human-config.js';

/**
 * Settings of the synchronous face check, measured on the photos shipped in
 * @vladmandic/human/assets (WASM backend, SIMD, one thread):
 *
 * - blazeface-back over blazeface-front: the front (selfie) model finds none of the faces in a
 *   full-body crop; the back model scores them 0.64–0.84.
 * - The photo is shrunk with sharp to 256 px (the detector's input) and padded to a square: tfjs'
 *   bilinear resize does not antialias, and a 110 px head in a 1080×1920 frame scored 0.56 shrunk by
 *   sharp but 0.25 shrunk by tfjs from 1024 px; squeezed instead of padded, a portrait face was lost.
 * - When the whole frame has no face, the top square is searched at a larger scale: heads down to
 *   55 px in a 1080×1920 frame are then found (0.51–0.83) instead of 110 px.
 * - minConfidence 0.4: no false face on screenshots' text (up to 0.32), a floor grid (0.25) or a
 *   plain background (0.19), while real faces, small ones included, scored 0.41–0.94.
 * - maxDetected 10: enough to say "several people" without paying for crowds.
 */
export const faceCheckDetectorSettings: FaceDetectorSettings = defaultFaceDetectorSettings;

/** Photos are decoded at most this large; the detector's passes are shrunk from it. */
export const faceCheckMaxSidePx = 1024;
