import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelFilesError } from '../../../../src/main/inference/onnx/errors.js';
import { loadModelManifest, modelManifestSchema } from '../../../../src/main/inference/onnx/manifest.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir('perfit-manifest-');
});
afterEach(() => dir.remove());

const model = {
  name: 'm',
  version: '1',
  file: 'a/m.onnx',
  sha256: 'a'.repeat(64),
  inputs: [{ name: 'x', type: 'float32', shape: ['batch', 3] }],
  outputs: [{ name: 'y', type: 'float32', shape: ['batch', 1] }],
};

async function loadError(json: unknown): Promise<ModelFilesError> {
  writeFileSync(join(dir.path, 'manifest.json'), typeof json === 'string' ? json : JSON.stringify(json));
  const error = await loadModelManifest(dir.path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ModelFilesError);
  return error as ModelFilesError;
}

describe('models/manifest.json', () => {
  it("the committed manifest parses: hmr2's entries are templates without checksums until the export script runs", () => {
    const committed = modelManifestSchema.parse(
      JSON.parse(readFileSync(new URL('../../../../models/manifest.json', import.meta.url), 'utf8')),
    );
    expect(Object.keys(committed.models).sort()).toEqual(['hmr2', 'vitdet']);
    expect(committed.models['vitdet']!.sha256).toBeNull();
    expect(committed.files['smpl_neutral']!.file).toBe('smpl/SMPL_NEUTRAL.npz');
  });

  it('reads symbolic and numeric dimensions and fills defaults', async () => {
    mkdirSync(dir.path, { recursive: true });
    writeFileSync(join(dir.path, 'manifest.json'), JSON.stringify({ schemaVersion: 1, models: { m: model } }));
    const manifest = await loadModelManifest(dir.path);
    expect(manifest.models['m']).toMatchObject({ externalData: [], inputs: [{ shape: ['batch', 3] }] });
    expect(manifest.files).toEqual({});
  });

  it('manifest_missing when there is none', async () => {
    await expect(loadModelManifest(dir.path)).rejects.toMatchObject({
      code: 'manifest_missing',
      message: expect.stringContaining('manifest.json does not exist'),
    });
  });

  it('manifest_invalid for broken JSON', async () => {
    expect(await loadError('{ "schemaVersion": 1,')).toMatchObject({
      code: 'manifest_invalid',
      message: expect.stringMatching(/is not valid JSON/),
    });
  });

  it('manifest_invalid naming the field: a checksum that is not hex, a path that leaves the folder', async () => {
    const badHash = await loadError({ schemaVersion: 1, models: { m: { ...model, sha256: 'xyz' } } });
    expect(badHash).toMatchObject({
      code: 'manifest_invalid',
      message: expect.stringContaining('models.m.sha256: must be 64 lowercase hex digits'),
    });
    const escape = await loadError({ schemaVersion: 1, models: { m: { ...model, file: '../../etc/passwd' } } });
    expect(escape.message).toContain('models.m.file: must be a path relative to the models folder');
    const absolute = await loadError({ schemaVersion: 1, files: { s: { name: 's', version: '1', file: '/etc/passwd', sha256: null } } });
    expect(absolute.message).toContain('files.s.file');
  });
});
