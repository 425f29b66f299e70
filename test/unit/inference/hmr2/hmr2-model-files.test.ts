import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmr2Pipeline } from '../../../../src/main/inference/hmr2/hmr2-pipeline.js';
import { ModelFilesError } from '../../../../src/main/inference/onnx/errors.js';
import type { Pipeline, PipelineOptions } from '../../../../src/main/inference/pipeline.js';
import { selectPipeline, NoPipelineError } from '../../../../src/main/inference/pipeline-selection.js';
import { tinyDetectorOnnx, tinyHmr2Onnx, writeHmr2ModelsDir } from '../../../helpers/hmr2-model-files.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

let dir: ReturnType<typeof makeTempDir>;
const opened: Pipeline[] = [];
beforeEach(() => {
  dir = makeTempDir('perfit-hmr2-files-');
});
afterEach(async () => {
  for (const pipeline of opened.splice(0)) await pipeline.close();
  dir.remove();
});

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

function options(choice: PipelineOptions['choice'], logs: LogLine[] = []): PipelineOptions {
  return { modelsDir: dir.path, choice, log: (level, message, fields) => logs.push({ level, message, fields }) };
}

async function creationError(): Promise<ModelFilesError> {
  const result = await createHmr2Pipeline(options('hmr2'), { providers: ['cpu'] }).then(
    (pipeline) => {
      opened.push(pipeline);
      return pipeline;
    },
    (error: unknown) => error,
  );
  expect(result).toBeInstanceOf(ModelFilesError);
  return result as ModelFilesError;
}

describe('hmr2 model files are checked against models/manifest.json before the pipeline exists', () => {
  it('loads when every file is present and valid: models, body model and provider named', async () => {
    await writeHmr2ModelsDir(dir.path);
    const pipeline = await createHmr2Pipeline(options('hmr2'), { providers: ['cpu'] });
    opened.push(pipeline);
    expect(pipeline.info).toMatchObject({
      name: 'hmr2',
      executionProvider: 'cpu',
      models: [{ name: 'tiny-vitdet' }, { name: 'tiny-hmr2' }, { name: 'SMPL-format test body' }],
    });
  });

  it('warms both networks up with a blank pass, or skips the passes when told (a one-off scan)', async () => {
    await writeHmr2ModelsDir(dir.path);
    const warmLogs: LogLine[] = [];
    const warm = await createHmr2Pipeline(options('hmr2', warmLogs), { providers: ['cpu'] });
    opened.push(warm);
    await warm.warmUp();
    expect(warmLogs.find((line) => line.message === 'hmr2 pipeline ready')?.fields).toMatchObject({
      warmUpDetectMs: expect.any(Number),
      warmUpRegressMs: expect.any(Number),
    });
    const coldLogs: LogLine[] = [];
    const cold = await createHmr2Pipeline({ ...options('hmr2', coldLogs), warmUpInference: false }, { providers: ['cpu'] });
    opened.push(cold);
    await cold.warmUp();
    const ready = coldLogs.find((line) => line.message === 'hmr2 pipeline ready')?.fields;
    expect(ready).toMatchObject({ warmUp: 'skipped' });
    expect(ready).not.toHaveProperty('warmUpDetectMs');
  });

  it('a missing file: model_file_missing naming it', async () => {
    await writeHmr2ModelsDir(dir.path);
    rmSync(join(dir.path, 'hmr2/vitdet.onnx'));
    expect(await creationError()).toMatchObject({
      code: 'model_file_missing',
      message: expect.stringMatching(/^model "vitdet": .*hmr2\/vitdet\.onnx is missing/),
    });
  });

  it('a missing SMPL model: model_file_missing naming it', async () => {
    await writeHmr2ModelsDir(dir.path);
    rmSync(join(dir.path, 'smpl/SMPL_NEUTRAL.npz'));
    expect(await creationError()).toMatchObject({
      code: 'model_file_missing',
      message: expect.stringContaining('smpl/SMPL_NEUTRAL.npz is missing'),
    });
  });

  it('a wrong sha256: model_checksum_mismatch with both checksums', async () => {
    const manifest = await writeHmr2ModelsDir(dir.path);
    writeFileSync(join(dir.path, 'hmr2/hmr2.onnx'), 'not the exported model');
    const error = await creationError();
    expect(error.code).toBe('model_checksum_mismatch');
    expect(error.message).toContain(`expects ${manifest.models['hmr2']!.sha256}`);
  });

  it('a session whose input shape differs from the manifest: model_signature_mismatch', async () => {
    // The file's checksum is in the manifest, but it was exported at 32 px while the manifest says 64.
    await writeHmr2ModelsDir(dir.path, { detector: tinyDetectorOnnx({ inputSize: 32 }) });
    expect(await creationError()).toMatchObject({
      code: 'model_signature_mismatch',
      message: expect.stringContaining('input "image" has shape [3, 32, 32], the manifest says [3, 64, 64]'),
    });
  });

  it('a session with a wrong output name: model_signature_mismatch naming the missing and the unknown output', async () => {
    await writeHmr2ModelsDir(dir.path, { regressor: tinyHmr2Onnx({ outputNames: { betas: 'shape' } }) });
    const error = await creationError();
    expect(error.code).toBe('model_signature_mismatch');
    expect(error.message).toContain('output "betas" is missing');
    expect(error.message).toContain('the model has an output "shape" the manifest does not list');
  });

  it('a manifest entry that does not describe what the pipeline feeds (a batched detector input): model_signature_mismatch', async () => {
    await writeHmr2ModelsDir(dir.path, {
      editManifest: (manifest) => {
        manifest.models['vitdet']!.inputs = [{ name: 'image', type: 'float32', shape: [1, 3, 64, 64] }];
      },
    });
    expect(await creationError()).toMatchObject({
      code: 'model_signature_mismatch',
      message: expect.stringContaining('the entry "vitdet" does not describe what the hmr2 pipeline feeds'),
    });
  });

  it('the committed models folder has the manifest template but not the files: not installed, not broken', async () => {
    const repoModels = fileURLToPath(new URL('../../../../models/', import.meta.url));
    const error = await createHmr2Pipeline({ modelsDir: repoModels, choice: 'auto', log: () => undefined }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'model_file_missing' });
  });
});

describe('pipeline selection with hmr2 registered', () => {
  it('auto without the hmr2 files: the embedded pipeline, saying why hmr2 was passed over (info, not a warning)', async () => {
    const logs: LogLine[] = [];
    const pipeline = await selectPipeline(options('auto', logs));
    opened.push(pipeline);
    expect(pipeline.info.name).toBe('embedded');
    expect(pipeline.info.selectionNote).toMatch(/\(not used: hmr2: .*manifest\.json does not exist/);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'info', message: 'pipeline hmr2 unavailable' }));
    expect(logs).toContainEqual(expect.objectContaining({ level: 'info', message: 'inference pipeline embedded selected' }));
  });

  it('auto with every hmr2 file present and valid: hmr2, and the note says why and on which provider', async () => {
    await writeHmr2ModelsDir(dir.path);
    const pipeline = await selectPipeline(options('auto'));
    opened.push(pipeline);
    expect(pipeline.info.name).toBe('hmr2');
    expect(pipeline.info.selectionNote).toMatch(
      /^auto: every HMR 2\.0 \+ ViTDet file .* is present and matches its checksum and signature; running on cpu/,
    );
    expect(pipeline.info.executionProvider).toBe('cpu');
  });

  it('auto with a corrupt hmr2 file: the embedded pipeline, and a warning', async () => {
    await writeHmr2ModelsDir(dir.path);
    writeFileSync(join(dir.path, 'hmr2/vitdet.onnx'), 'corrupt');
    const logs: LogLine[] = [];
    const pipeline = await selectPipeline(options('auto', logs));
    opened.push(pipeline);
    expect(pipeline.info.name).toBe('embedded');
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'pipeline hmr2 unavailable',
        fields: { reason: expect.stringContaining('has sha256') },
      }),
    );
  });

  it('hmr2 chosen explicitly with its files missing: a clear error, no fallback', async () => {
    const error = await selectPipeline(options('hmr2')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NoPipelineError);
    expect((error as Error).message).toMatch(
      /^The hmr2 pipeline was chosen \(PERFIT_PIPELINE=hmr2\) but cannot be loaded: hmr2: .*manifest\.json does not exist/,
    );
  });
});
