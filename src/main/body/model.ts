import * as z from 'zod';
import { encodeNpy, encodeNpyStrings, npyToFloat64, type NpyArray } from './npy.js';
import { encodeNpz, NpzArchive } from './npz.js';

/**
 * A body model in SMPL's layout (see docs/body-model.md and src/main/body/README.md). Arrays are
 * flat, row-major, float32; lengths in metres; T-pose with y up.
 */
export interface BodyModel {
  name: string;
  version: string;
  licence: string;
  vertexCount: number;
  jointCount: number;
  /** Number of shape coefficients the model has (betas beyond it are ignored). */
  betaCount: number;
  /** V×3 template vertices. */
  vTemplate: Float32Array;
  /** F×3 triangle vertex indices. */
  faces: Uint32Array;
  /** V×3×B shape directions (SMPL's `shapedirs`): vertex offset per unit beta. */
  shapedirs: Float32Array;
  /** J×V joint regressor, stored sparse by row. */
  jRegressor: SparseRows;
  /** V×J linear-blend-skinning weights. */
  weights: Float32Array;
  /** Parent of each joint (-1 for the root), SMPL's kintree_table row 0. */
  parents: Int32Array;
  /** V×3×P pose-corrective offsets (SMPL's `posedirs`, P = 9·(J−1)), when the model has them. */
  posedirs: Float32Array | null;
  posedirCount: number;
  /** Named vertices used by the measurement table (empty for SMPL files: heights then come from joints). */
  landmarks: Record<string, number>;
}

export interface SparseRows {
  rowStart: Uint32Array;
  columns: Uint32Array;
  values: Float32Array;
}

/** A model file that does not have the layout we need; `field` names the offending array. */
export class BodyModelFormatError extends Error {
  override readonly name = 'BodyModelFormatError';
  readonly code = 'body_model_format';
  constructor(
    readonly field: string,
    message: string,
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}field "${field}": ${message}`);
  }
}

const shapeOf = (rank: number) => z.array(z.number().int().nonnegative()).length(rank, { message: `expected ${rank} dimensions` });

/** What the arrays' shapes must be, checked together so the error can say which one is off and why. */
const headerSchema = z
  .object({
    v_template: z.object({ kind: z.literal('numeric', { message: 'expected a numeric array' }), shape: shapeOf(2) }),
    f: z.object({ kind: z.literal('numeric', { message: 'expected an integer array' }), shape: shapeOf(2) }),
    shapedirs: z.object({ kind: z.literal('numeric', { message: 'expected a numeric array' }), shape: shapeOf(3) }),
    J_regressor: z.object({ kind: z.literal('numeric', { message: 'expected a numeric array' }), shape: shapeOf(2) }),
    weights: z.object({ kind: z.literal('numeric', { message: 'expected a numeric array' }), shape: shapeOf(2) }),
    kintree_table: z.object({ kind: z.literal('numeric', { message: 'expected an integer array' }), shape: shapeOf(2) }),
    posedirs: z.object({ kind: z.literal('numeric'), shape: shapeOf(3) }).optional(),
    landmark_names: z.object({ kind: z.literal('string', { message: 'expected a string array' }), shape: shapeOf(1) }).optional(),
    landmark_indices: z.object({ kind: z.literal('numeric'), shape: shapeOf(1) }).optional(),
  })
  .superRefine((h, ctx) => {
    const V = h.v_template.shape[0]!;
    const issue = (field: string, message: string): void => ctx.addIssue({ code: 'custom', path: [field], message });
    const show = (shape: number[]): string => `(${shape.join(', ')})`;
    if (h.v_template.shape[1] !== 3) issue('v_template', `expected shape (V, 3), got ${show(h.v_template.shape)}`);
    if (h.f.shape[1] !== 3) issue('f', `expected shape (F, 3), got ${show(h.f.shape)}`);
    if (h.shapedirs.shape[0] !== V || h.shapedirs.shape[1] !== 3)
      issue('shapedirs', `expected shape (${V}, 3, B), got ${show(h.shapedirs.shape)}`);
    const J = h.J_regressor.shape[0]!;
    if (h.J_regressor.shape[1] !== V) issue('J_regressor', `expected shape (J, ${V}), got ${show(h.J_regressor.shape)}`);
    if (h.weights.shape[0] !== V || h.weights.shape[1] !== J) issue('weights', `expected shape (${V}, ${J}), got ${show(h.weights.shape)}`);
    if (h.kintree_table.shape[0] !== 2 || h.kintree_table.shape[1] !== J)
      issue('kintree_table', `expected shape (2, ${J}), got ${show(h.kintree_table.shape)}`);
    if (h.posedirs && (h.posedirs.shape[0] !== V || h.posedirs.shape[1] !== 3 || h.posedirs.shape[2] !== 9 * (J - 1))) {
      issue('posedirs', `expected shape (${V}, 3, ${9 * (J - 1)}), got ${show(h.posedirs.shape)}`);
    }
    if ((h.landmark_names === undefined) !== (h.landmark_indices === undefined)) {
      issue(h.landmark_names ? 'landmark_indices' : 'landmark_names', 'landmark_names and landmark_indices come together');
    } else if (h.landmark_names && h.landmark_indices && h.landmark_names.shape[0] !== h.landmark_indices.shape[0]) {
      issue('landmark_indices', `expected ${h.landmark_names.shape[0]} indices, one per landmark name`);
    }
  });

function readField(archive: NpzArchive, field: string, source: string | undefined): NpyArray | undefined {
  try {
    return archive.get(field);
  } catch (error) {
    throw new BodyModelFormatError(field, (error as Error).message, source);
  }
}

function readString(archive: NpzArchive, field: string, source: string | undefined, fallback: string): string {
  const array = readField(archive, field, source);
  if (array === undefined) return fallback;
  if (array.kind !== 'string' || array.data.length !== 1) throw new BodyModelFormatError(field, 'expected a single string', source);
  return array.data[0]!;
}

function toFloat32(array: NpyArray): Float32Array {
  if (array.kind === 'numeric' && array.data instanceof Float32Array) return array.data;
  return Float32Array.from(npyToFloat64(array));
}

function sparseRows(dense: Float64Array, rows: number, columns: number): SparseRows {
  const rowStart = new Uint32Array(rows + 1);
  const cols: number[] = [];
  const values: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const value = dense[row * columns + column]!;
      if (value !== 0) {
        cols.push(column);
        values.push(value);
      }
    }
    rowStart[row + 1] = cols.length;
  }
  return { rowStart, columns: Uint32Array.from(cols), values: Float32Array.from(values) };
}

/**
 * Reads a body model from `.npz` bytes: the official SMPL file (or one converted from the `.pkl`
 * by scripts/body/convert-smpl-pkl.py) or our open model. Throws BodyModelFormatError naming the
 * field that is missing or has the wrong shape.
 */
export function parseBodyModelNpz(bytes: Uint8Array, source?: string): BodyModel {
  let archive: NpzArchive;
  try {
    archive = NpzArchive.fromBytes(bytes);
  } catch (error) {
    throw new BodyModelFormatError('(archive)', (error as Error).message, source);
  }
  const required = ['v_template', 'f', 'shapedirs', 'J_regressor', 'weights', 'kintree_table'];
  for (const field of required) {
    if (!archive.has(field))
      throw new BodyModelFormatError(field, `missing (the file has: ${archive.names.join(', ') || 'nothing'})`, source);
  }
  const arrays: Record<string, NpyArray> = {};
  for (const field of [...required, 'posedirs', 'landmark_names', 'landmark_indices']) {
    const array = readField(archive, field, source);
    if (array) arrays[field] = array;
  }
  const header = Object.fromEntries(Object.entries(arrays).map(([field, array]) => [field, { kind: array.kind, shape: array.shape }]));
  const checked = headerSchema.safeParse(header);
  if (!checked.success) {
    const first = checked.error.issues[0]!;
    throw new BodyModelFormatError(String(first.path[0] ?? '(model)'), first.message, source);
  }
  const vertexCount = arrays.v_template!.shape[0]!;
  const jointCount = arrays.J_regressor!.shape[0]!;
  const faces = npyToFloat64(arrays.f!);
  for (const index of faces) {
    if (!Number.isInteger(index) || index < 0 || index >= vertexCount)
      throw new BodyModelFormatError('f', `face index ${index} is outside 0..${vertexCount - 1}`, source);
  }
  const kintree = npyToFloat64(arrays.kintree_table!);
  const parents = new Int32Array(jointCount);
  for (let joint = 0; joint < jointCount; joint++) {
    const parent = kintree[joint]!;
    parents[joint] = parent < 0 || parent >= jointCount ? -1 : parent;
    if (joint > 0 && (parents[joint]! < 0 || parents[joint]! >= joint)) {
      throw new BodyModelFormatError(
        'kintree_table',
        `joint ${joint} has parent ${parent}; parents must come before their children`,
        source,
      );
    }
  }
  const landmarks: Record<string, number> = {};
  if (arrays.landmark_names?.kind === 'string') {
    const indices = npyToFloat64(arrays.landmark_indices!);
    arrays.landmark_names.data.forEach((name, k) => {
      const index = indices[k]!;
      if (!Number.isInteger(index) || index < 0 || index >= vertexCount)
        throw new BodyModelFormatError('landmark_indices', `landmark "${name}" points at vertex ${index}`, source);
      landmarks[name] = index;
    });
  }
  const weights = toFloat32(arrays.weights!);
  const posedirs = arrays.posedirs ? toFloat32(arrays.posedirs) : null;
  return {
    name: readString(archive, 'model_name', source, 'SMPL'),
    version: readString(archive, 'model_version', source, 'unknown'),
    licence: readString(archive, 'model_licence', source, 'see the model provider'),
    vertexCount,
    jointCount,
    betaCount: arrays.shapedirs!.shape[2]!,
    vTemplate: toFloat32(arrays.v_template!),
    faces: Uint32Array.from(faces),
    shapedirs: toFloat32(arrays.shapedirs!),
    jRegressor: sparseRows(npyToFloat64(arrays.J_regressor!), jointCount, vertexCount),
    weights,
    parents,
    posedirs,
    posedirCount: posedirs ? arrays.posedirs!.shape[2]! : 0,
    landmarks,
  };
}

/** Writes a model as `.npz` in the layout parseBodyModelNpz reads (deflated unless `compress: false`). */
export function encodeBodyModelNpz(model: BodyModel, options: { compress?: boolean } = {}): Uint8Array {
  const V = model.vertexCount;
  const J = model.jointCount;
  const dense = new Float32Array(J * V);
  for (let row = 0; row < J; row++) {
    for (let k = model.jRegressor.rowStart[row]!; k < model.jRegressor.rowStart[row + 1]!; k++) {
      dense[row * V + model.jRegressor.columns[k]!] = model.jRegressor.values[k]!;
    }
  }
  const kintree = new Int32Array(2 * J);
  for (let joint = 0; joint < J; joint++) {
    kintree[joint] = model.parents[joint]!;
    kintree[J + joint] = joint;
  }
  const names = Object.keys(model.landmarks).sort();
  const arrays: Record<string, Uint8Array> = {
    v_template: encodeNpy(model.vTemplate, [V, 3]),
    f: encodeNpy(Int32Array.from(model.faces), [model.faces.length / 3, 3]),
    shapedirs: encodeNpy(model.shapedirs, [V, 3, model.betaCount]),
    J_regressor: encodeNpy(dense, [J, V]),
    weights: encodeNpy(model.weights, [V, J]),
    kintree_table: encodeNpy(kintree, [2, J]),
    landmark_names: encodeNpyStrings(names),
    landmark_indices: encodeNpy(
      Int32Array.from(names, (name) => model.landmarks[name]!),
      [names.length],
    ),
    model_name: encodeNpyStrings([model.name], []),
    model_version: encodeNpyStrings([model.version], []),
    model_licence: encodeNpyStrings([model.licence], []),
  };
  if (model.posedirs) arrays.posedirs = encodeNpy(model.posedirs, [V, 3, model.posedirCount]);
  return encodeNpz(arrays, { compress: options.compress ?? true });
}
