import { inflateRawSync } from 'node:zlib';
import { Unzip, zipSync, type AsyncFlateStreamHandler, type UnzipDecoder, type Zippable } from 'fflate';
import { decodeNpy, NpyFormatError, type NpyArray } from './npy.js';

/**
 * `.npz` archives: a zip of `.npy` files (stored or deflated, as `np.savez` and
 * `np.savez_compressed` write them). Entries are decoded on demand, so a file with fields we
 * cannot read (pickled objects) still loads when those fields are not asked for.
 */
export class NpzArchive {
  private constructor(private readonly entries: Map<string, Uint8Array>) {}

  static fromBytes(bytes: Uint8Array): NpzArchive {
    let files: Map<string, Uint8Array>;
    try {
      files = unzipWithZlib(bytes);
    } catch (error) {
      throw new NpyFormatError(`not a readable .npz (zip) archive: ${(error as Error).message}`);
    }
    // The streaming reader passes over bytes that are not a zip instead of refusing them.
    if (files.size === 0) throw new NpyFormatError('not a readable .npz (zip) archive: no arrays in it');
    const entries = new Map<string, Uint8Array>();
    for (const [name, data] of files) entries.set(name.replace(/\.npy$/, ''), data);
    return new NpzArchive(entries);
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The decoded array, or undefined when the archive has no such entry. */
  get(name: string): NpyArray | undefined {
    const bytes = this.entries.get(name);
    return bytes === undefined ? undefined : decodeNpy(bytes);
  }
}

/**
 * Deflated entries through Node's zlib. fflate's JavaScript inflate is as fast once compiled, but the
 * first body model a process reads (every one-off `perfit scan`) took ~150 ms of it, zlib ~20 ms.
 */
class ZlibInflate implements UnzipDecoder {
  static readonly compression = 8;
  ondata: AsyncFlateStreamHandler = () => undefined;
  private readonly chunks: Uint8Array[] = [];

  push(chunk: Uint8Array, final: boolean): void {
    this.chunks.push(chunk);
    if (!final) return;
    const inflated = inflateRawSync(this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks));
    this.ondata(null, new Uint8Array(inflated.buffer as ArrayBuffer, inflated.byteOffset, inflated.byteLength), true);
  }
}

/** The archive's files by name; fflate reads the zip's structure, synchronously with these decoders. */
function unzipWithZlib(bytes: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const unzip = new Unzip((file) => {
    const parts: Uint8Array[] = [];
    file.ondata = (error, data, final) => {
      if (error) throw error;
      parts.push(data);
      if (final) files.set(file.name, parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    };
    file.start();
  });
  unzip.register(ZlibInflate);
  unzip.push(bytes, true);
  return files;
}

/** Writes `.npy` payloads into an `.npz`; `compress: false` stores them (like `np.savez`). */
export function encodeNpz(arrays: Record<string, Uint8Array>, options: { compress?: boolean } = {}): Uint8Array {
  const level = options.compress ? 6 : 0;
  const files: Zippable = {};
  // A fixed timestamp keeps archives byte-identical from run to run.
  for (const [name, bytes] of Object.entries(arrays)) files[`${name}.npy`] = [bytes, { level, mtime: new Date('2000-01-01T00:00:00Z') }];
  return zipSync(files);
}
