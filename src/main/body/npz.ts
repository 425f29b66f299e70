import { unzipSync, zipSync, type Zippable } from 'fflate';
import { decodeNpy, NpyFormatError, type NpyArray } from './npy.js';

/**
 * `.npz` archives: a zip of `.npy` files (stored or deflated, as `np.savez` and
 * `np.savez_compressed` write them). Entries are decoded on demand, so a file with fields we
 * cannot read (pickled objects) still loads when those fields are not asked for.
 */
export class NpzArchive {
  private constructor(private readonly entries: Map<string, Uint8Array>) {}

  static fromBytes(bytes: Uint8Array): NpzArchive {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes);
    } catch (error) {
      throw new NpyFormatError(`not a readable .npz (zip) archive: ${(error as Error).message}`);
    }
    const entries = new Map<string, Uint8Array>();
    for (const [name, data] of Object.entries(files)) entries.set(name.replace(/\.npy$/, ''), data);
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

/** Writes `.npy` payloads into an `.npz`; `compress: false` stores them (like `np.savez`). */
export function encodeNpz(arrays: Record<string, Uint8Array>, options: { compress?: boolean } = {}): Uint8Array {
  const level = options.compress ? 6 : 0;
  const files: Zippable = {};
  // A fixed timestamp keeps archives byte-identical from run to run.
  for (const [name, bytes] of Object.entries(arrays)) files[`${name}.npy`] = [bytes, { level, mtime: new Date('2000-01-01T00:00:00Z') }];
  return zipSync(files);
}
