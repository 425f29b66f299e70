import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadOpenBodyModel } from '../../src/main/body/load-model.js';
import { encodeNpy } from '../../src/main/body/npy.js';
import { encodeNpz } from '../../src/main/body/npz.js';
import { OnnxGraphBuilder, type OnnxDim } from '../../src/main/inference/onnx/onnx-graph-builder.js';

/**
 * A models folder for the hmr2 pipeline built at test time: tiny ONNX stand-ins for ViTDet and
 * HMR 2.0 with the real models' input and output names and shapes, an SMPL-format body model, and
 * a manifest with their checksums. The stand-ins compute their outputs from the input, so a
 * pipeline that feeds them garbage gets different numbers, but they know nothing of people.
 */

export interface TinyDetection {
  /** x1, y1, x2, y2 in the detector's input pixels. */
  box: [number, number, number, number];
  score: number;
  classId: number;
}

/** Detections the stand-in returns (plus a tiny shift by the image mean): the largest person above 0.5 is the first. */
export const tinyDetections: TinyDetection[] = [
  { box: [12, 2, 48, 62], score: 0.9, classId: 0 },
  { box: [0, 0, 10, 20], score: 0.8, classId: 0 },
  // Larger, but not a person.
  { box: [0, 0, 64, 64], score: 0.95, classId: 2 },
  // Larger person, below the threshold.
  { box: [0, 0, 60, 64], score: 0.3, classId: 0 },
];

/** How much the detector's boxes move per unit of the input's mean (0–255 RGB): a deterministic dependence on the photo. */
export const tinyDetectorMeanShift = 1e-3;

export function tinyDetectorOnnx(options: { inputSize?: number; detections?: TinyDetection[]; inputShape?: OnnxDim[] } = {}): Uint8Array {
  const size = options.inputSize ?? 64;
  const detections = options.detections ?? tinyDetections;
  const g = new OnnxGraphBuilder('tiny-vitdet');
  const image = g.input('image', 'float32', options.inputShape ?? [3, size, size]);
  const mean = g.node('ReduceMean', [image], { keepdims: { int: 0 } });
  const shift = g.node('Mul', [mean, g.floats([], [tinyDetectorMeanShift])]);
  const count = detections.length;
  // The detection count comes out of the graph at run time (as NMS's does), so shape inference
  // leaves it symbolic: count + 0·mean, as an int64 slice end.
  const end = g.node('Reshape', [
    g.node('Cast', [g.node('Add', [g.node('Mul', [mean, g.floats([], [0])]), g.floats([], [count])])], { to: { int: 7 } }),
    g.int64s([1], [1]),
  ]);
  const first = (values: string): string => g.node('Slice', [values, g.int64s([1], [0]), end, g.int64s([1], [0])]);
  g.node(
    'Add',
    [
      first(
        g.floats(
          [count, 4],
          detections.flatMap((d) => d.box),
        ),
      ),
      shift,
    ],
    {},
    ['boxes'],
  );
  g.node(
    'Add',
    [
      first(
        g.floats(
          [count],
          detections.map((d) => d.score),
        ),
      ),
      g.node('Mul', [shift, g.floats([], [0])]),
    ],
    {},
    ['scores'],
  );
  g.node(
    'Identity',
    [
      first(
        g.int64s(
          [count],
          detections.map((d) => d.classId),
        ),
      ),
    ],
    {},
    ['classes'],
  );
  g.output('boxes', 'float32', ['detections', 4]);
  g.output('scores', 'float32', ['detections']);
  g.output('classes', 'int64', ['detections']);
  return g.toBytes();
}

/** Betas = f·W + b, f the per-channel mean of the 256×192 middle of the normalised patch. */
export const tinyBetaWeights = Array.from({ length: 3 * 10 }, (_, k) => ((k % 7) - 3) * 0.05);
export const tinyBetaBias = [0.4, -0.3, 0.2, 0, 0.1, -0.1, 0, 0.05, 0, -0.05];

/** SMPL's usual upright global orientation in camera coordinates (y down): π about x. */
export const tinyGlobalOrient = [1, 0, 0, 0, -1, 0, 0, 0, -1];

/** Joint k of the body pose: a rotation of 0.01·(k+1) rad about z (joint 0 is SMPL's joint 1). */
export function tinyBodyPoseAngle(joint: number): number {
  return 0.01 * (joint + 1);
}

export function tinyHmr2Onnx(
  options: { outputNames?: Partial<Record<'global_orient' | 'body_pose' | 'betas' | 'pred_cam', string>>; inputShape?: OnnxDim[] } = {},
): Uint8Array {
  const name = (output: 'global_orient' | 'body_pose' | 'betas' | 'pred_cam'): string => options.outputNames?.[output] ?? output;
  const g = new OnnxGraphBuilder('tiny-hmr2');
  const img = g.input('img', 'float32', options.inputShape ?? ['batch', 3, 256, 256]);
  // As HMR2.forward_step: the ViT sees x[:, :, :, 32:-32].
  const middle = g.node('Slice', [img, g.int64s([1], [32]), g.int64s([1], [-32]), g.int64s([1], [3])]);
  const features = g.node('ReduceMean', [middle], { axes: { ints: [2, 3] }, keepdims: { int: 0 } });
  g.node('Add', [g.node('MatMul', [features, g.floats([3, 10], tinyBetaWeights)]), g.floats([10], tinyBetaBias)], {}, [name('betas')]);
  g.node('Add', [g.node('MatMul', [features, g.floats([3, 3], [0.1, 0, 0, 0, 0.1, 0, 0, 0, 0.1])]), g.floats([3], [0.9, 0, 0.1])], {}, [
    name('pred_cam'),
  ]);
  // Zero of shape [batch, 1, 1, 1], so the constant rotations broadcast to the batch.
  const zero = g.node('Reshape', [
    g.node('Mul', [g.node('ReduceMean', [features], { axes: { ints: [1] }, keepdims: { int: 1 } }), g.floats([], [0])]),
    g.int64s([4], [-1, 1, 1, 1]),
  ]);
  g.node('Add', [zero, g.floats([1, 1, 3, 3], tinyGlobalOrient)], {}, [name('global_orient')]);
  const pose = Array.from({ length: 23 }, (_, joint) => {
    const angle = tinyBodyPoseAngle(joint);
    return [Math.cos(angle), -Math.sin(angle), 0, Math.sin(angle), Math.cos(angle), 0, 0, 0, 1];
  }).flat();
  g.node('Add', [zero, g.floats([1, 23, 3, 3], pose)], {}, [name('body_pose')]);
  g.output(name('global_orient'), 'float32', ['batch', 1, 3, 3]);
  g.output(name('body_pose'), 'float32', ['batch', 23, 3, 3]);
  g.output(name('betas'), 'float32', ['batch', 10]);
  g.output(name('pred_cam'), 'float32', ['batch', 3]);
  return g.toBytes();
}

/**
 * An SMPL-format `.npz` (only SMPL's keys: no landmarks, name or licence, 10 betas), made from the
 * project's open neutral model so that it is a real body the measurements can slice.
 */
export async function smplFormatTestModel(): Promise<Uint8Array> {
  const model = await loadOpenBodyModel('neutral');
  const V = model.vertexCount;
  const J = model.jointCount;
  const B = 10;
  const shapedirs = new Float32Array(V * 3 * B);
  for (let row = 0; row < V * 3; row++) for (let b = 0; b < B; b++) shapedirs[row * B + b] = model.shapedirs[row * model.betaCount + b]!;
  const regressor = new Float32Array(J * V);
  for (let joint = 0; joint < J; joint++) {
    for (let k = model.jRegressor.rowStart[joint]!; k < model.jRegressor.rowStart[joint + 1]!; k++)
      regressor[joint * V + model.jRegressor.columns[k]!] = model.jRegressor.values[k]!;
  }
  const kintree = new Int32Array(2 * J);
  for (let joint = 0; joint < J; joint++) {
    kintree[joint] = model.parents[joint]!;
    kintree[J + joint] = joint;
  }
  return encodeNpz({
    v_template: encodeNpy(model.vTemplate, [V, 3]),
    f: encodeNpy(Uint32Array.from(model.faces), [model.faces.length / 3, 3]),
    shapedirs: encodeNpy(shapedirs, [V, 3, B]),
    J_regressor: encodeNpy(regressor, [J, V]),
    weights: encodeNpy(model.weights, [V, J]),
    kintree_table: encodeNpy(kintree, [2, J]),
  });
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface Hmr2ModelsDirOptions {
  detector?: Uint8Array;
  regressor?: Uint8Array;
  bodyModel?: Uint8Array;
  detectorInputSize?: number;
  /** Edits to the manifest (as JSON) before it is written. */
  editManifest?: (manifest: Hmr2TestManifest) => void;
}

export interface Hmr2TestManifest {
  schemaVersion: 1;
  models: Record<
    string,
    {
      name: string;
      version: string;
      file: string;
      sha256: string | null;
      externalData?: { file: string; sha256: string | null }[];
      inputs: { name: string; type: string; shape: OnnxDim[] }[];
      outputs: { name: string; type: string; shape: OnnxDim[] }[];
    }
  >;
  files: Record<string, { name: string; version: string; file: string; sha256: string | null }>;
}

function write(dir: string, file: string, bytes: Uint8Array): void {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Writes the stand-ins, the SMPL-format model and a manifest with their sha256s into `dir`. */
export async function writeHmr2ModelsDir(dir: string, options: Hmr2ModelsDirOptions = {}): Promise<Hmr2TestManifest> {
  const size = options.detectorInputSize ?? 64;
  const detector = options.detector ?? tinyDetectorOnnx({ inputSize: size });
  const regressor = options.regressor ?? tinyHmr2Onnx();
  const bodyModel = options.bodyModel ?? (await smplFormatTestModel());
  write(dir, 'hmr2/vitdet.onnx', detector);
  write(dir, 'hmr2/hmr2.onnx', regressor);
  write(dir, 'smpl/SMPL_NEUTRAL.npz', bodyModel);
  const manifest: Hmr2TestManifest = {
    schemaVersion: 1,
    models: {
      vitdet: {
        name: 'tiny-vitdet',
        version: 'test',
        file: 'hmr2/vitdet.onnx',
        sha256: sha256Hex(detector),
        inputs: [{ name: 'image', type: 'float32', shape: [3, size, size] }],
        outputs: [
          { name: 'boxes', type: 'float32', shape: ['detections', 4] },
          { name: 'scores', type: 'float32', shape: ['detections'] },
          { name: 'classes', type: 'int64', shape: ['detections'] },
        ],
      },
      hmr2: {
        name: 'tiny-hmr2',
        version: 'test',
        file: 'hmr2/hmr2.onnx',
        sha256: sha256Hex(regressor),
        inputs: [{ name: 'img', type: 'float32', shape: ['batch', 3, 256, 256] }],
        outputs: [
          { name: 'global_orient', type: 'float32', shape: ['batch', 1, 3, 3] },
          { name: 'body_pose', type: 'float32', shape: ['batch', 23, 3, 3] },
          { name: 'betas', type: 'float32', shape: ['batch', 10] },
          { name: 'pred_cam', type: 'float32', shape: ['batch', 3] },
        ],
      },
    },
    files: {
      smpl_neutral: { name: 'SMPL-format test body', version: 'test', file: 'smpl/SMPL_NEUTRAL.npz', sha256: sha256Hex(bodyModel) },
    },
  };
  options.editManifest?.(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}
