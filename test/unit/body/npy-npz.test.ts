import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, encodeNpyStrings, NpyFormatError } from '../../../src/main/body/npy.js';
import { encodeNpz, NpzArchive } from '../../../src/main/body/npz.js';
import { decodeSmplParamsNpz, encodeSmplParamsNpz } from '../../../src/main/body/smpl-params.js';

const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

describe('.npy', () => {
  it('writes version 1.0 headers padded to 64 bytes, little-endian float32', () => {
    const bytes = encodeNpy(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [1, 10]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = latin1(bytes.subarray(10, 10 + headerLength));
    expect(header).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 10), }".padEnd(headerLength - 1, ' ') + '\n');
    expect(bytes.length).toBe(10 + headerLength + 40);
    expect(new DataView(bytes.buffer).getFloat32(10 + headerLength + 4, true)).toBe(2);
  });

  it('writes 1-d shapes with numpy’s trailing comma', () => {
    expect(latin1(encodeNpy(new Int32Array(3), [3]))).toContain("'shape': (3,), }");
  });

  it('reads back what it writes, for every supported dtype', () => {
    const arrays = [
      Float32Array.of(1.5, -2),
      Float64Array.of(Math.PI, 1e-300),
      Int32Array.of(-7, 9),
      Uint8Array.of(255, 0),
      BigInt64Array.of(-5n, 6n),
    ];
    for (const data of arrays) {
      const decoded = decodeNpy(encodeNpy(data, [2]));
      expect(decoded.kind).toBe('numeric');
      expect(Array.from(decoded.data as ArrayLike<unknown>)).toEqual(Array.from(data as ArrayLike<unknown>));
    }
  });

  it('reads unicode strings, 0-d arrays included', () => {
    const decoded = decodeNpy(encodeNpyStrings(['crotch', 'héad_top'], [2]));
    expect(decoded).toMatchObject({ kind: 'string', shape: [2], data: ['crotch', 'héad_top'] });
    expect(decodeNpy(encodeNpyStrings(['CC0-1.0'], []))).toMatchObject({ shape: [], data: ['CC0-1.0'] });
  });

  it('reads Fortran-ordered arrays in C order', () => {
    const bytes = encodeNpy(Float64Array.of(1, 4, 2, 5, 3, 6), [2, 3]);
    const text = latin1(bytes).replace("'fortran_order': False", "'fortran_order': True ");
    const fortran = Uint8Array.from(text, (char) => char.charCodeAt(0));
    expect(Array.from(decodeNpy(fortran).data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses pickled objects, big-endian data and truncated files with a clear error', () => {
    const patch = (from: string, to: string): Uint8Array =>
      Uint8Array.from(latin1(encodeNpy(Float32Array.of(1), [1])).replace(from, to), (char) => char.charCodeAt(0));
    expect(() => decodeNpy(patch("'<f4'", "'|O' "))).toThrow(/pickled object/);
    expect(() => decodeNpy(patch("'<f4'", "'>f4'"))).toThrow(NpyFormatError);
    expect(() => decodeNpy(encodeNpy(Float32Array.of(1, 2), [2]).subarray(0, 70))).toThrow(/truncated/);
    expect(() => decodeNpy(Uint8Array.of(1, 2, 3))).toThrow(/magic/);
  });
});

describe('.npz', () => {
  it('stores entries uncompressed when asked (np.savez), deflated otherwise, and reads both', () => {
    const arrays = { a: encodeNpy(Float32Array.of(1, 2), [2]) };
    const stored = encodeNpz(arrays, { compress: false });
    expect(new DataView(stored.buffer).getUint16(8, true)).toBe(0); // local header: method 0 = stored
    const deflated = encodeNpz(arrays, { compress: true });
    expect(new DataView(deflated.buffer).getUint16(8, true)).toBe(8);
    for (const bytes of [stored, deflated]) expect(Array.from(NpzArchive.fromBytes(bytes).get('a')!.data as Float32Array)).toEqual([1, 2]);
  });

  it('reads archives written by other zip writers, entry names without .npy too', () => {
    const bytes = zipSync({ 'x.npy': encodeNpy(Int32Array.of(4), [1]), y: encodeNpy(Int32Array.of(5), [1]) });
    const archive = NpzArchive.fromBytes(bytes);
    expect(archive.names.sort()).toEqual(['x', 'y']);
    expect(archive.get('missing')).toBeUndefined();
  });
});

describe('smplx_params.npz', () => {
  it('holds betas (1, 10), body_pose (1, 69) and global_orient (1, 3) as float32, uncompressed', () => {
    const betas = [1, 0, -0.5, 0, 0, 0, 0, 0, 0, 0];
    const bodyPose = Array.from({ length: 69 }, (_, k) => k / 100);
    const bytes = encodeSmplParamsNpz({ betas, bodyPose, globalOrient: [0.1, 0.2, 0.3] });
    const archive = NpzArchive.fromBytes(bytes);
    expect(archive.get('betas')).toMatchObject({ dtype: '<f4', shape: [1, 10] });
    expect(archive.get('body_pose')).toMatchObject({ dtype: '<f4', shape: [1, 69] });
    expect(archive.get('global_orient')).toMatchObject({ dtype: '<f4', shape: [1, 3] });
    const decoded = decodeSmplParamsNpz(bytes);
    expect(Array.from(decoded.betas)).toEqual(betas);
    expect(decoded.bodyPose[68]).toBeCloseTo(0.68, 6);
    expect(new DataView(bytes.buffer).getUint16(8, true)).toBe(0);
  });

  it('refuses a body_pose that is not 23 × 3', () => {
    expect(() => encodeSmplParamsNpz({ betas: [0], bodyPose: [0, 0, 0], globalOrient: [0, 0, 0] })).toThrow(/69/);
  });
});
