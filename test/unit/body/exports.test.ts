import { describe, expect, it } from 'vitest';
import type { BufferGeometry, Mesh } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { exportGlb, vertexNormals } from '../../../src/main/body/export-glb.js';
import { exportObj } from '../../../src/main/body/export-obj.js';
import { loadOpenBodyModel } from '../../../src/main/body/load-model.js';
import { shapeBody } from '../../../src/main/body/shape.js';
import { box } from './analytic-meshes.js';

describe('exportObj', () => {
  it('writes one v line per vertex and one 1-based f line per face', async () => {
    const model = await loadOpenBodyModel('female');
    const vertices = shapeBody(model, [1, 0, -0.5]);
    const text = exportObj(model, vertices);
    const lines = text.trim().split('\n');
    const v = lines.filter((line) => line.startsWith('v '));
    const f = lines.filter((line) => line.startsWith('f '));
    expect(v).toHaveLength(model.vertexCount);
    expect(f).toHaveLength(model.faces.length / 3);
    expect(v[0]!.split(' ').slice(1).map(Number)).toEqual([0, 1, 2].map((c) => expect.closeTo(vertices[c]!, 6)));
    expect(f[0]).toBe(`f ${model.faces[0]! + 1} ${model.faces[1]! + 1} ${model.faces[2]! + 1}`);
    const indices = f.flatMap((line) => line.split(' ').slice(1).map(Number));
    expect(Math.min(...indices)).toBe(1);
    expect(Math.max(...indices)).toBe(model.vertexCount);
  });
});

describe('exportGlb', () => {
  it('writes a valid GLB container: header, 4-byte aligned JSON and BIN chunks', async () => {
    const model = await loadOpenBodyModel('male');
    const glb = exportGlb(model, model.vTemplate);
    const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
    expect(view.getUint32(0, true)).toBe(0x46546c67);
    expect(view.getUint32(4, true)).toBe(2);
    expect(view.getUint32(8, true)).toBe(glb.length);
    const jsonLength = view.getUint32(12, true);
    expect(jsonLength % 4).toBe(0);
    const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as {
      accessors: Array<{ count: number; min?: number[] }>;
    };
    expect(json.accessors[0]!.count).toBe(model.vertexCount);
    expect(json.accessors[2]!.count).toBe(model.faces.length);
    expect(view.getUint32(20 + jsonLength + 4, true)).toBe(0x004e4942);
    expect(view.getUint32(20 + jsonLength, true) % 4).toBe(0);
  });

  it('loads in three.js’ GLTFLoader with the same positions and indices', async () => {
    const model = await loadOpenBodyModel('neutral');
    const vertices = shapeBody(model, [0.5]);
    const glb = exportGlb(model, vertices);
    const gltf = await new GLTFLoader().parseAsync(glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer, '');
    const meshes: Mesh[] = [];
    gltf.scene.traverse((object) => {
      if ((object as Mesh).isMesh) meshes.push(object as Mesh);
    });
    expect(meshes).toHaveLength(1);
    const geometry = meshes[0]!.geometry as BufferGeometry;
    expect(Array.from(geometry.getAttribute('position').array)).toEqual(Array.from(vertices));
    expect(Array.from(geometry.getIndex()!.array)).toEqual(Array.from(model.faces));
    expect(geometry.getAttribute('normal').count).toBe(model.vertexCount);
  });

  it('computes outward unit normals', () => {
    const { vertices, faces } = box(1, 1, 1);
    const normals = vertexNormals(vertices, faces);
    // Vertex 6 is the (+x, top, +z) corner: its normal points out along (1, 1, 1).
    expect(Array.from(normals.subarray(18, 21)).map((value) => Math.sign(value))).toEqual([1, 1, 1]);
    for (let v = 0; v < 8; v++) expect(Math.hypot(normals[v * 3]!, normals[v * 3 + 1]!, normals[v * 3 + 2]!)).toBeCloseTo(1, 6);
  });
});
