import { describe, expect, it } from 'vitest';
import { bodyArtifacts, restPoseParams } from '../../../src/main/body/body-artifacts.js';
import { loadOpenBodyModel } from '../../../src/main/body/load-model.js';
import { shapeBody } from '../../../src/main/body/shape.js';
import { decodeSmplParamsNpz } from '../../../src/main/body/smpl-params.js';

describe("bodyArtifacts: the one recipe for a body's files", () => {
  it('writes the OBJ, the glTF and the parameters a numpy reader gets back', async () => {
    const model = await loadOpenBodyModel('female');
    const betas = [1, -0.5, 0, 0, 0, 0, 0, 0, 0, 0];
    const vertices = shapeBody(model, betas);
    const files = bodyArtifacts(model, vertices, restPoseParams(betas));
    expect(files.map((file) => [file.name, file.contentType])).toEqual([
      ['mesh.obj', 'model/obj'],
      ['mesh.glb', 'model/gltf-binary'],
      ['smplx_params.npz', 'application/octet-stream'],
    ]);
    const obj = new TextDecoder().decode(files[0]!.bytes);
    expect(obj.split('\n').filter((line) => line.startsWith('v ')).length).toBe(model.vertexCount);
    expect(new TextDecoder().decode(files[1]!.bytes.subarray(0, 4))).toBe('glTF');
    const params = decodeSmplParamsNpz(files[2]!.bytes);
    expect(Array.from(params.betas)).toEqual(betas.map((beta) => Math.fround(beta)));
    expect(params.bodyPose).toHaveLength(69);
    expect(Array.from(params.bodyPose).every((value) => value === 0)).toBe(true);
  });
});
