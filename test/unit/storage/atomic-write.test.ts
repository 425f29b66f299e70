import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicTempPath, isAtomicTempName, writeFileAtomic } from '../../../src/main/storage/atomic-write.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('an atomic write', () => {
  it('leaves the new bytes under the name and no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfit-atomic-'));
    dirs.push(dir);
    writeFileAtomic(join(dir, 'a.onnx'), new Uint8Array([1, 2, 3]));
    writeFileAtomic(join(dir, 'a.onnx'), new Uint8Array([4, 5]));
    expect(readdirSync(dir)).toEqual(['a.onnx']);
    expect([...readFileSync(join(dir, 'a.onnx'))]).toEqual([4, 5]);
  });

  it('names its temporary files so that a clean-up can tell them from everything else', () => {
    const first = atomicTempPath('/data/networks/abc.onnx');
    expect(first).not.toBe(atomicTempPath('/data/networks/abc.onnx'));
    expect(isAtomicTempName(basename(first))).toBe(true);
    for (const name of ['abc.onnx', '.abc.onnx', 'abc.onnx.0a1b2c3d4e5f.tmp', '.abc.onnx.tmp', '.abc.onnx.0a1b2c.tmp', 'notes.tmp']) {
      expect(isAtomicTempName(name), name).toBe(false);
    }
  });
});
