/**
 * NumPy `.npy` arrays (format version 1.0), the one binary format shared by SMPL model files,
 * our open body model and the `smplx_params.npz` artifact. Little-endian numeric dtypes and
 * fixed-width unicode strings ('<U') are supported; pickled object arrays are not.
 */

export type NpyDtype = '<f4' | '<f8' | '<i4' | '<u4' | '<i8' | '<u8' | '|u1' | '|i1' | '<i2' | '<u2' | '|b1';

export type NpyNumericData =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | BigInt64Array
  | BigUint64Array;

/** A decoded array: numbers in C order, or strings for '<U' arrays. */
export type NpyArray =
  | { kind: 'numeric'; dtype: NpyDtype; shape: number[]; data: NpyNumericData }
  | { kind: 'string'; dtype: string; shape: number[]; data: string[] };

export class NpyFormatError extends Error {
  override readonly name = 'NpyFormatError';
  readonly code = 'npy_format';
}

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const byteSizes: Record<NpyDtype, number> = {
  '<f4': 4,
  '<f8': 8,
  '<i4': 4,
  '<u4': 4,
  '<i8': 8,
  '<u8': 8,
  '|u1': 1,
  '|i1': 1,
  '<i2': 2,
  '<u2': 2,
  '|b1': 1,
};

/** Accepted spellings of each dtype in headers written by NumPy on little-endian machines. */
function normalizeDtype(descr: string): NpyDtype | undefined {
  const aliases: Record<string, NpyDtype> = {
    '<f4': '<f4',
    '<f8': '<f8',
    '<i4': '<i4',
    '<u4': '<u4',
    '<i8': '<i8',
    '<u8': '<u8',
    '|u1': '|u1',
    '<u1': '|u1',
    '|i1': '|i1',
    '<i1': '|i1',
    '<i2': '<i2',
    '<u2': '<u2',
    '|b1': '|b1',
  };
  return aliases[descr];
}

export function npyElementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function typedArrayFor(dtype: NpyDtype, buffer: ArrayBuffer, count: number): NpyNumericData {
  switch (dtype) {
    case '<f4':
      return new Float32Array(buffer, 0, count);
    case '<f8':
      return new Float64Array(buffer, 0, count);
    case '<i4':
      return new Int32Array(buffer, 0, count);
    case '<u4':
      return new Uint32Array(buffer, 0, count);
    case '<i8':
      return new BigInt64Array(buffer, 0, count);
    case '<u8':
      return new BigUint64Array(buffer, 0, count);
    case '|u1':
    case '|b1':
      return new Uint8Array(buffer, 0, count);
    case '|i1':
      return new Int8Array(buffer, 0, count);
    case '<i2':
      return new Int16Array(buffer, 0, count);
    case '<u2':
      return new Uint16Array(buffer, 0, count);
  }
}

function parseHeader(text: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^()']*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyFormatError(`unreadable .npy header: ${text.trim()}`);
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => Number(part.replace(/L$/, '')));
  if (shape.some((size) => !Number.isInteger(size) || size < 0)) throw new NpyFormatError(`bad shape in .npy header: (${shapeText})`);
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** Decodes one `.npy` file. Fortran-ordered arrays are transposed to C order. */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || magic.some((value, index) => bytes[index] !== value)) throw new NpyFormatError('not a .npy file (bad magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new NpyFormatError(`unsupported .npy version ${major}`);
  }
  const header = parseHeader(new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength)));
  const dataStart = headerStart + headerLength;
  const count = npyElementCount(header.shape);
  if (header.descr.includes('O')) throw new NpyFormatError('pickled object arrays are not supported');
  const unicode = /^[<|]U(\d+)$/.exec(header.descr);
  if (unicode) {
    const width = Number(unicode[1]);
    const strings: string[] = [];
    for (let index = 0; index < count; index++) {
      const start = dataStart + index * width * 4;
      if (start + width * 4 > bytes.length) throw new NpyFormatError('.npy data is truncated');
      let text = '';
      for (let char = 0; char < width; char++) {
        const code = view.getUint32(start + char * 4, true);
        if (code === 0) break;
        text += String.fromCodePoint(code);
      }
      strings.push(text);
    }
    return { kind: 'string', dtype: header.descr, shape: header.shape, data: strings };
  }
  const dtype = normalizeDtype(header.descr);
  if (!dtype) throw new NpyFormatError(`unsupported dtype '${header.descr}' (big-endian or exotic)`);
  const byteLength = count * byteSizes[dtype];
  if (dataStart + byteLength > bytes.length) throw new NpyFormatError('.npy data is truncated');
  const copy = new ArrayBuffer(byteLength); // aligned copy
  new Uint8Array(copy).set(bytes.subarray(dataStart, dataStart + byteLength));
  let data = typedArrayFor(dtype, copy, count);
  if (header.fortranOrder && header.shape.length > 1) data = fortranToC(data, header.shape);
  return { kind: 'numeric', dtype, shape: header.shape, data };
}

function fortranToC<T extends NpyNumericData>(data: T, shape: number[]): T {
  const out = data.slice() as T;
  const count = data.length;
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let c = 0; c < count; c++) {
    // c is the C-order linear index; compute the Fortran-order offset of the same element.
    let rest = c;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis] = rest % shape[axis]!;
      rest = Math.floor(rest / shape[axis]!);
    }
    let offset = 0;
    for (let axis = rank - 1; axis >= 0; axis--) offset = offset * shape[axis]! + index[axis]!;
    (out as unknown as number[])[c] = (data as unknown as number[])[offset]!;
  }
  return out;
}

function headerBytes(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set(magic, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let index = 0; index < header.length; index++) out[10 + index] = header.charCodeAt(index);
  return out;
}

function dtypeOf(data: NpyNumericData): NpyDtype {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof Uint32Array) return '<u4';
  if (data instanceof BigInt64Array) return '<i8';
  if (data instanceof BigUint64Array) return '<u8';
  if (data instanceof Int8Array) return '|i1';
  if (data instanceof Int16Array) return '<i2';
  if (data instanceof Uint16Array) return '<u2';
  return '|u1';
}

/** Encodes a numeric array as `.npy` v1.0 (C order, little-endian, header padded to 64 bytes). */
export function encodeNpy(data: NpyNumericData, shape: readonly number[]): Uint8Array {
  if (npyElementCount(shape) !== data.length)
    throw new NpyFormatError(`shape (${shape.join(', ')}) does not match ${data.length} elements`);
  const header = headerBytes(dtypeOf(data), shape);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/** Encodes strings as a '<U' array (UTF-32LE, fixed width); a 0-d array when `shape` is []. */
export function encodeNpyStrings(strings: readonly string[], shape: readonly number[] = [strings.length]): Uint8Array {
  if (npyElementCount(shape) !== strings.length) throw new NpyFormatError('shape does not match the number of strings');
  const codePoints = strings.map((text) => Array.from(text, (char) => char.codePointAt(0)!));
  const width = Math.max(1, ...codePoints.map((points) => points.length));
  const header = headerBytes(`<U${width}`, shape);
  const out = new Uint8Array(header.length + strings.length * width * 4);
  out.set(header, 0);
  const view = new DataView(out.buffer);
  codePoints.forEach((points, index) => {
    points.forEach((point, char) => view.setUint32(header.length + (index * width + char) * 4, point, true));
  });
  return out;
}

/** The numbers of a numeric array as float64, whatever its dtype. */
export function npyToFloat64(array: NpyArray): Float64Array {
  if (array.kind !== 'numeric') throw new NpyFormatError('expected a numeric array');
  const out = new Float64Array(array.data.length);
  for (let index = 0; index < out.length; index++) out[index] = Number(array.data[index]!);
  return out;
}
