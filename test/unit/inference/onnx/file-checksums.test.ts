import { createHash } from 'node:crypto';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumCache, checksumCacheFileName, sha256OfFile, verifyFile } from '../../../../src/main/inference/onnx/file-checksums.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir('perfit-checksums-');
});
afterEach(() => dir.remove());

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('model file checksums', () => {
  it('hashes a file (the SHA-256 of "abc" is the FIPS 180-2 test vector)', async () => {
    writeFileSync(join(dir.path, 'abc.bin'), 'abc');
    expect(await sha256OfFile(join(dir.path, 'abc.bin'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('verifyFile: the path when the checksum matches; model_file_missing, model_checksum_missing, model_checksum_mismatch otherwise', async () => {
    writeFileSync(join(dir.path, 'm.onnx'), 'weights');
    const cache = new ChecksumCache(null);
    expect(await verifyFile(dir.path, { file: 'm.onnx', sha256: sha('weights') }, 'model "m"', cache)).toBe(join(dir.path, 'm.onnx'));
    await expect(verifyFile(dir.path, { file: 'gone.onnx', sha256: sha('x') }, 'model "gone"', cache)).rejects.toMatchObject({
      code: 'model_file_missing',
      message: expect.stringMatching(/^model "gone": .*gone\.onnx is missing/),
    });
    await expect(verifyFile(dir.path, { file: 'm.onnx', sha256: null }, 'model "m"', cache)).rejects.toMatchObject({
      code: 'model_checksum_missing',
      message: expect.stringContaining('records no sha256'),
    });
    await expect(verifyFile(dir.path, { file: 'm.onnx', sha256: sha('other') }, 'model "m"', cache)).rejects.toMatchObject({
      code: 'model_checksum_mismatch',
      message: expect.stringContaining(`has sha256 ${sha('weights')}, but`),
    });
  });

  it('remembers a hash by size and mtime, across instances through the cache file, and hashes again when either changes', async () => {
    const path = join(dir.path, 'm.onnx');
    writeFileSync(path, 'aaaa');
    // Whole seconds: utimes cannot restore a sub-millisecond mtime exactly.
    const mtimeS = 1_700_000_000;
    utimesSync(path, mtimeS, mtimeS);
    const first = ChecksumCache.besideManifest(dir.path);
    expect(await first.sha256(path)).toBe(sha('aaaa'));
    await first.save();
    expect(JSON.parse(readFileSync(join(dir.path, checksumCacheFileName), 'utf8'))).toHaveProperty([path, 'sha256'], sha('aaaa'));

    // Same size and mtime: the remembered hash is used (this is what makes restarts fast).
    writeFileSync(path, 'bbbb');
    utimesSync(path, mtimeS, mtimeS);
    expect(statSync(path).size).toBe(4);
    expect(await ChecksumCache.besideManifest(dir.path).sha256(path)).toBe(sha('aaaa'));

    // A new mtime: hashed again.
    utimesSync(path, mtimeS, mtimeS + 5);
    expect(await ChecksumCache.besideManifest(dir.path).sha256(path)).toBe(sha('bbbb'));
  });
});
