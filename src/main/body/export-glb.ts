import type { BodyModel } from './model.js';

/** Area-weighted vertex normals (unit length). */
export function vertexNormals(vertices: ArrayLike<number>, faces: Uint32Array): Float32Array {
  const normals = new Float64Array(vertices.length);
  for (let f = 0; f < faces.length; f += 3) {
    const a = faces[f]! * 3;
    const b = faces[f + 1]! * 3;
    const c = faces[f + 2]! * 3;
    const e1 = [vertices[b]! - vertices[a]!, vertices[b + 1]! - vertices[a + 1]!, vertices[b + 2]! - vertices[a + 2]!];
    const e2 = [vertices[c]! - vertices[a]!, vertices[c + 1]! - vertices[a + 1]!, vertices[c + 2]! - vertices[a + 2]!];
    const n = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!];
    for (const v of [a, b, c]) for (let k = 0; k < 3; k++) normals[v + k] = normals[v + k]! + n[k]!;
  }
  const out = new Float32Array(vertices.length);
  for (let v = 0; v < vertices.length; v += 3) {
    const length = Math.hypot(normals[v]!, normals[v + 1]!, normals[v + 2]!) || 1;
    for (let k = 0; k < 3; k++) out[v + k] = normals[v + k]! / length;
  }
  return out;
}

const pad4 = (length: number): number => (length + 3) & ~3;

/**
 * Binary glTF 2.0 (.glb) of a body: one mesh with POSITION, NORMAL and uint32 indices, metres,
 * y up (glTF's own convention), so three.js' GLTFLoader shows it as is.
 */
export function exportGlb(model: BodyModel, vertices: ArrayLike<number>): Uint8Array {
  const positions = vertices instanceof Float32Array ? vertices : Float32Array.from(vertices);
  const normals = vertexNormals(positions, model.faces);
  const indices = model.faces;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < positions.length; v += 3) {
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k]!, positions[v + k]!);
      max[k] = Math.max(max[k]!, positions[v + k]!);
    }
  }
  const count = positions.length / 3;
  const positionBytes = positions.byteLength;
  const normalBytes = normals.byteLength;
  const indexBytes = indices.byteLength;
  const binLength = positionBytes + normalBytes + indexBytes;
  const gltf = {
    asset: { version: '2.0', generator: `perfit-kiosk body export (${model.name} ${model.version})`, copyright: model.licence },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0, name: 'body' }],
    meshes: [{ name: 'body', primitives: [{ attributes: { POSITION: 0, NORMAL: 1 }, indices: 2, mode: 4 }] }],
    buffers: [{ byteLength: binLength }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: positionBytes, target: 34962 },
      { buffer: 0, byteOffset: positionBytes, byteLength: normalBytes, target: 34962 },
      { buffer: 0, byteOffset: positionBytes + normalBytes, byteLength: indexBytes, target: 34963 },
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count, type: 'VEC3', min, max },
      { bufferView: 1, componentType: 5126, count, type: 'VEC3' },
      { bufferView: 2, componentType: 5125, count: indices.length, type: 'SCALAR' },
    ],
  };
  const jsonText = new TextEncoder().encode(JSON.stringify(gltf));
  const jsonLength = pad4(jsonText.length);
  const binPadded = pad4(binLength);
  const total = 12 + 8 + jsonLength + 8 + binPadded;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true); // 'glTF'
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, 0x4e4f534a, true); // 'JSON'
  out.set(jsonText, 20);
  out.fill(0x20, 20 + jsonText.length, 20 + jsonLength);
  const binStart = 20 + jsonLength;
  view.setUint32(binStart, binPadded, true);
  view.setUint32(binStart + 4, 0x004e4942, true); // 'BIN\0'
  let offset = binStart + 8;
  for (const array of [positions, normals, indices]) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += array.byteLength;
  }
  return out;
}
