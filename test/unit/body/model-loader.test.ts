import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBodyModel, loadOpenBodyModel, openBodyModelPath, openModelGenders } from '../../../src/main/body/load-model.js';
import { BodyModelFormatError, encodeBodyModelNpz, parseBodyModelNpz } from '../../../src/main/body/model.js';
import { encodeNpy } from '../../../src/main/body/npy.js';
import { smplJointParents } from '../../../src/main/body/skeleton.js';

const dir = mkdtempSync(join(tmpdir(), 'perfit-body-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The committed male model's npz entries, to tamper with. */
async function entries(): Promise<Record<string, Uint8Array>> {
  const model = await loadOpenBodyModel('male');
  return unzipSync(encodeBodyModelNpz(model, { compress: false }));
}

function expectFieldError(bytes: Uint8Array, field: string, message: RegExp): void {
  let error: unknown;
  try {
    parseBodyModelNpz(bytes, 'tampered.npz');
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(BodyModelFormatError);
  expect((error as BodyModelFormatError).field).toBe(field);
  expect((error as Error).message).toMatch(new RegExp(`tampered\\.npz: field "${field}"`));
  expect((error as Error).message).toMatch(message);
}

describe('loadOpenBodyModel', () => {
  it.each(openModelGenders)('%s: SMPL layout, 24 joints in SMPL order, ≥ 10 betas, licence stated', async (gender) => {
    const model = await loadOpenBodyModel(gender);
    expect(model.jointCount).toBe(24);
    expect(Array.from(model.parents)).toEqual([...smplJointParents]);
    expect(model.betaCount).toBeGreaterThanOrEqual(10);
    expect(model.vTemplate.length).toBe(model.vertexCount * 3);
    expect(model.shapedirs.length).toBe(model.vertexCount * 3 * model.betaCount);
    expect(model.licence).toMatch(/CC0/);
    expect(model.name).toBe(`perfit-body-${gender}`);
    expect(Object.keys(model.landmarks)).toEqual(
      expect.arrayContaining(['crotch', 'chest_front', 'waist_front', 'hip_front', 'neck_base_front', 'thigh_left']),
    );
  });

  it('shares one loaded model per gender', async () => {
    expect(await loadOpenBodyModel('female')).toBe(await loadOpenBodyModel('female'));
  });

  it('reads the same model through loadBodyModel and survives a write/read round trip', async () => {
    const model = await loadBodyModel(openBodyModelPath('neutral'));
    const again = parseBodyModelNpz(encodeBodyModelNpz(model));
    expect(again.vTemplate).toEqual(model.vTemplate);
    expect(again.jRegressor.values).toEqual(model.jRegressor.values);
    expect(again.landmarks).toEqual(model.landmarks);
  });
});

describe('loader errors name the field', () => {
  it('a missing field', async () => {
    const files = await entries();
    delete files['shapedirs.npy'];
    expectFieldError(zipSync(files), 'shapedirs', /missing/);
  });

  it('weights of the wrong shape', async () => {
    const files = await entries();
    files['weights.npy'] = encodeNpy(new Float32Array(5656 * 23), [5656, 23]);
    expectFieldError(zipSync(files), 'weights', /expected shape \(5656, 24\), got \(5656, 23\)/);
  });

  it('a regressor over the wrong number of vertices', async () => {
    const files = await entries();
    files['J_regressor.npy'] = encodeNpy(new Float32Array(24 * 10), [24, 10]);
    expectFieldError(zipSync(files), 'J_regressor', /expected shape \(J, 5656\)/);
  });

  it('shapedirs with two dimensions instead of three', async () => {
    const files = await entries();
    files['shapedirs.npy'] = encodeNpy(new Float32Array(5656 * 3), [5656, 3]);
    expectFieldError(zipSync(files), 'shapedirs', /expected 3 dimensions/);
  });

  it('faces pointing past the last vertex', async () => {
    const files = await entries();
    files['f.npy'] = encodeNpy(Int32Array.of(0, 1, 99999), [1, 3]);
    expectFieldError(zipSync(files), 'f', /outside/);
  });

  it('posedirs of the wrong size', async () => {
    const files = await entries();
    files['posedirs.npy'] = encodeNpy(new Float32Array(5656 * 3 * 2), [5656, 3, 2]);
    expectFieldError(zipSync(files), 'posedirs', /207/);
  });

  it('a file that is not an npz, read from disk', async () => {
    const path = join(dir, 'broken.npz');
    writeFileSync(path, 'not a zip');
    await expect(loadBodyModel(path)).rejects.toThrow(/broken\.npz: field "\(archive\)"/);
  });

  it('reads SMPL-style files: float64 arrays, uint32 kintree with 2^32−1 as the root', async () => {
    const model = await loadOpenBodyModel('male');
    const files = await entries();
    const kintree = new Uint32Array(48);
    smplJointParents.forEach((parent, joint) => {
      kintree[joint] = parent < 0 ? 4294967295 : parent;
      kintree[24 + joint] = joint;
    });
    files['kintree_table.npy'] = encodeNpy(kintree, [2, 24]);
    files['v_template.npy'] = encodeNpy(Float64Array.from(model.vTemplate), [5656, 3]);
    for (const name of ['landmark_names.npy', 'landmark_indices.npy', 'model_name.npy', 'model_version.npy', 'model_licence.npy'])
      delete files[name];
    const smplLike = parseBodyModelNpz(zipSync(files));
    expect(Array.from(smplLike.parents)).toEqual([...smplJointParents]);
    expect(smplLike.name).toBe('SMPL');
    expect(smplLike.landmarks).toEqual({});
    expect(smplLike.vTemplate).toEqual(model.vTemplate);
  });
});
