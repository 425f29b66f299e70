import { verifyFile, verifyModelFiles, type ChecksumCache } from '../onnx/file-checksums.js';
import { ModelFilesError } from '../onnx/errors.js';
import {
  fileEntry,
  loadModelManifest,
  manifestPath,
  onnxModelEntry,
  type FileEntry,
  type ModelManifest,
  type OnnxModelEntry,
  type TensorSpec,
} from '../onnx/manifest.js';

/**
 * The files of the hmr2 pipeline, as models/manifest.json lists them (written by
 * scripts/models/export_hmr2_onnx.py): the ViTDet detector, HMR 2.0, and the user's SMPL neutral
 * model (HMR 2.0 regresses betas of the neutral model). Checked in the order that costs least:
 * the manifest's entries against what this code feeds and reads, then that the files exist, then
 * their checksums. The ONNX sessions are checked against the manifest once they are created.
 */

export const hmr2ManifestIds = { detector: 'vitdet', regressor: 'hmr2', bodyModel: 'smpl_neutral' } as const;

export interface Hmr2Files {
  manifest: ModelManifest;
  detector: { path: string; entry: OnnxModelEntry; inputSize: number };
  regressor: { path: string; entry: OnnxModelEntry };
  bodyModel: { path: string; entry: FileEntry };
}

const isCount = (dimension: number | string | undefined, value: number): boolean => dimension === value;
const isBatch = (dimension: number | string | undefined): boolean => typeof dimension === 'string' || dimension === 1;

function find(specs: readonly TensorSpec[], name: string): TensorSpec | undefined {
  return specs.find((spec) => spec.name === name);
}

/** What the code needs from the detector entry; returns the input's square size. */
function checkDetectorEntry(entry: OnnxModelEntry): { problems: string[]; inputSize: number } {
  const problems: string[] = [];
  const image = find(entry.inputs, 'image');
  let inputSize = 0;
  if (entry.inputs.length !== 1 || !image) problems.push('one input "image" of shape [3, S, S]');
  else {
    const [channels, height, width] = image.shape;
    if (
      image.type !== 'float32' ||
      image.shape.length !== 3 ||
      channels !== 3 ||
      typeof height !== 'number' ||
      height !== width ||
      height < 32
    ) {
      problems.push(`input "image" as float32 [3, S, S] with a fixed S ≥ 32 (it says ${image.type} [${image.shape.join(', ')}])`);
    } else inputSize = height;
  }
  const boxes = find(entry.outputs, 'boxes');
  if (!boxes || boxes.shape.length !== 2 || !isCount(boxes.shape[1], 4)) problems.push('an output "boxes" of shape [N, 4]');
  for (const name of ['scores', 'classes']) {
    const spec = find(entry.outputs, name);
    if (!spec || spec.shape.length !== 1) problems.push(`an output "${name}" of shape [N]`);
  }
  return { problems, inputSize };
}

function checkRegressorEntry(entry: OnnxModelEntry): string[] {
  const problems: string[] = [];
  const img = find(entry.inputs, 'img');
  if (
    entry.inputs.length !== 1 ||
    !img ||
    img.type !== 'float32' ||
    img.shape.length !== 4 ||
    !isBatch(img.shape[0]) ||
    !isCount(img.shape[1], 3) ||
    !isCount(img.shape[2], 256) ||
    !isCount(img.shape[3], 256)
  ) {
    problems.push('one input "img" of shape [batch, 3, 256, 256] (float32)');
  }
  const rotations = (name: string, joints: number): void => {
    const spec = find(entry.outputs, name);
    const shape = spec?.shape ?? [];
    const matrices = shape.length === 4 && isCount(shape[1], joints) && isCount(shape[2], 3) && isCount(shape[3], 3);
    const sixD = shape.length === 3 && isCount(shape[1], joints) && isCount(shape[2], 6);
    if (!spec || !(matrices || sixD)) problems.push(`an output "${name}" of shape [batch, ${joints}, 3, 3] (or [batch, ${joints}, 6])`);
  };
  rotations('global_orient', 1);
  rotations('body_pose', 23);
  const betas = find(entry.outputs, 'betas');
  if (!betas || betas.shape.length !== 2 || !isCount(betas.shape[1], 10)) problems.push('an output "betas" of shape [batch, 10]');
  const camera = find(entry.outputs, 'pred_cam');
  if (!camera || camera.shape.length !== 2 || !isCount(camera.shape[1], 3)) problems.push('an output "pred_cam" of shape [batch, 3]');
  return problems;
}

function mismatch(modelsDir: string, id: string, problems: string[]): ModelFilesError {
  return new ModelFilesError(
    'model_signature_mismatch',
    `${manifestPath(modelsDir)}: the entry "${id}" does not describe what the hmr2 pipeline feeds and reads; it needs ` +
      `${problems.join(', ')}`,
  );
}

/** Every hmr2 file present and intact, or a ModelFilesError that says which one is not and why. */
export async function resolveHmr2Files(modelsDir: string, cache: ChecksumCache): Promise<Hmr2Files> {
  const manifest = await loadModelManifest(modelsDir);
  const detectorEntry = onnxModelEntry(manifest, hmr2ManifestIds.detector, modelsDir);
  const regressorEntry = onnxModelEntry(manifest, hmr2ManifestIds.regressor, modelsDir);
  const bodyEntry = fileEntry(manifest, hmr2ManifestIds.bodyModel, modelsDir);
  const detectorCheck = checkDetectorEntry(detectorEntry);
  if (detectorCheck.problems.length > 0) throw mismatch(modelsDir, hmr2ManifestIds.detector, detectorCheck.problems);
  const regressorProblems = checkRegressorEntry(regressorEntry);
  if (regressorProblems.length > 0) throw mismatch(modelsDir, hmr2ManifestIds.regressor, regressorProblems);

  try {
    const detectorPath = await verifyModelFiles(modelsDir, manifest, hmr2ManifestIds.detector, cache);
    const regressorPath = await verifyModelFiles(modelsDir, manifest, hmr2ManifestIds.regressor, cache);
    const bodyPath = await verifyFile(modelsDir, bodyEntry, `body model "${hmr2ManifestIds.bodyModel}"`, cache);
    return {
      manifest,
      detector: { path: detectorPath, entry: detectorEntry, inputSize: detectorCheck.inputSize },
      regressor: { path: regressorPath, entry: regressorEntry },
      bodyModel: { path: bodyPath, entry: bodyEntry },
    };
  } finally {
    await cache.save();
  }
}
