import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as tfCore from '@tensorflow/tfjs-core';
import type { loadGraphModel } from '@tensorflow/tfjs-converter';
import type { Config, Human } from '@vladmandic/human';
import { readGraphModelFiles } from '../../src/main/inference/human/graph-model-files.js';
import {
  bodyMinConfidence,
  defaultFaceDetectorSettings,
  modelUrls,
  type HumanModule,
} from '../../src/main/inference/human/human-config.js';
import { resolveHumanPaths } from '../../src/main/inference/human/human-paths.js';

/**
 * Human 3.3.6 itself on tfjs' WebAssembly, as the app ran its networks before they moved to
 * onnxruntime: the reference the runtime's answers are checked against. Its Node/WASM bundle is
 * loaded by path (the package's exports map lacks './' in its subpath keys), and its models are
 * read from disk through a tfjs load router.
 */

/** Human's tfjs: @tensorflow/tfjs-core with the converter and the WASM backend merged in. */
export type Tf = typeof tfCore & { loadGraphModel: typeof loadGraphModel };
export type Tensor4D = tfCore.Tensor4D;

const routed = new WeakSet<object>();

function readModelsFromDisk(tf: Tf): void {
  if (routed.has(tf.io)) return;
  routed.add(tf.io);
  tf.io.registerLoadRouter((url: string | string[]) => {
    // A router answers null for URLs it does not handle (IORouter's type leaves that out).
    if (typeof url !== 'string' || !url.startsWith('file://')) return null as unknown as tfCore.io.IOHandler;
    return {
      load: async () => {
        const files = await readGraphModelFiles(new URL(url).pathname);
        return tf.io.getModelArtifactsForJSON(files.modelJson, () => Promise.resolve([files.weightSpecs, files.weightData]));
      },
    };
  });
}

/**
 * Human with the requested modules, the same models and settings as the runtime (the face
 * detector's settings, BlazePose full, the selfie segmentation), no caching between frames.
 */
export async function createReferenceHuman(modules: readonly HumanModule[]): Promise<{ human: Human; tf: Tf }> {
  const paths = resolveHumanPaths();
  const face = defaultFaceDetectorSettings;
  const urls = modelUrls({ modules, paths, face, bodyModel: 'full' });
  const enabled = (module: HumanModule): boolean => modules.includes(module);
  const require = createRequire(import.meta.url);
  const HumanClass = (require(paths.humanBundle) as { Human: new (config?: Partial<Config>) => Human }).Human;
  const human = new HumanClass({
    backend: 'wasm',
    // tfjs-backend-wasm reads `${wasmPath}tfjs-backend-wasm-simd.wasm`: its dist folder.
    wasmPath: `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`,
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
        // The runtime pads the photo to a square itself.
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
    body: { enabled: enabled('body'), modelPath: urls.body, maxDetected: 1, minConfidence: bodyMinConfidence, skipFrames: 0, skipTime: 0 },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: enabled('segmentation'), modelPath: urls.segmentation, mode: 'alpha' },
  } as Partial<Config>);
  const tf = human.tf as Tf;
  readModelsFromDisk(tf);
  await human.init();
  await human.load();
  return { human, tf };
}
