import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBodyModelPath } from '../../../src/main/body/load-model.js';
import { NpzArchive } from '../../../src/main/body/npz.js';
import { encodeSmplParamsNpz } from '../../../src/main/body/smpl-params.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * The files we write are read by other people's tools, numpy first of all: these tests ask the
 * real numpy. Where python3 or numpy is missing they skip, saying so.
 */
const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
const numpyVersion = probe.status === 0 ? probe.stdout.trim() : null;
if (!numpyVersion) console.warn('numpy interop tests skipped: python3 with numpy is not installed here');

function numpy(script: string, ...args: string[]): unknown {
  const run = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown;
}

const dir = makeTempDir('perfit-numpy-');
afterAll(() => dir.remove());

describe.skipIf(!numpyVersion)(`numpy ${numpyVersion ?? ''} reads our files`, () => {
  it('smplx_params.npz: float32 arrays with a batch axis and exactly the values written', () => {
    const betas = [1, 0, -0.5, 0.25, 0, 0, 0, 0, 0, 2];
    const bodyPose = Array.from({ length: 69 }, (_, k) => (k % 7) * 0.125 - 0.375);
    const globalOrient = [Math.PI, 0, 0.5];
    const path = join(dir.path, 'smplx_params.npz');
    writeFileSync(path, encodeSmplParamsNpz({ betas, bodyPose, globalOrient }));
    const read = numpy(
      `import json, sys, numpy as np
z = np.load(sys.argv[1])
print(json.dumps({k: {"dtype": str(z[k].dtype), "shape": list(z[k].shape), "values": z[k].ravel().tolist()} for k in z.files}))`,
      path,
    ) as Record<string, { dtype: string; shape: number[]; values: number[] }>;
    expect(Object.keys(read).sort()).toEqual(['betas', 'body_pose', 'global_orient']);
    expect(read.betas).toEqual({ dtype: 'float32', shape: [1, 10], values: betas });
    expect(read.body_pose).toEqual({ dtype: 'float32', shape: [1, 69], values: bodyPose });
    expect(read.global_orient!.shape).toEqual([1, 3]);
    expect(read.global_orient!.values.map((value, k) => value - Math.fround(globalOrient[k]!))).toEqual([0, 0, 0]);
  });

  it('the open body model: the SMPL field layout, shapes and a closed triangle mesh', () => {
    const read = numpy(
      `import json, sys, numpy as np
z = np.load(sys.argv[1])
f = z["f"]
v = z["v_template"]
edges = {}
for a, b, c in f.tolist():
    for e in ((a, b), (b, c), (c, a)):
        key = (min(e), max(e))
        edges[key] = edges.get(key, 0) + 1
print(json.dumps({
  "fields": sorted(z.files),
  "v_template": list(v.shape),
  "f": list(f.shape),
  "shapedirs": list(z["shapedirs"].shape),
  "J_regressor": list(z["J_regressor"].shape),
  "weights": list(z["weights"].shape),
  "kintree_table": list(z["kintree_table"].shape),
  "weight_sums_max_error": float(np.abs(z["weights"].sum(axis=1) - 1).max()),
  "edges_not_shared_by_two": sum(1 for n in edges.values() if n != 2),
}))`,
      openBodyModelPath('female'),
    ) as Record<string, unknown>;
    expect(read.fields).toEqual(expect.arrayContaining(['v_template', 'f', 'shapedirs', 'J_regressor', 'weights', 'kintree_table']));
    const [vertexCount] = read.v_template as number[];
    expect(read.v_template).toEqual([vertexCount, 3]);
    expect(vertexCount).toBeGreaterThanOrEqual(5000);
    expect((read.f as number[])[1]).toBe(3);
    expect((read.shapedirs as number[]).slice(0, 2)).toEqual([vertexCount, 3]);
    expect((read.shapedirs as number[])[2]).toBeGreaterThanOrEqual(10);
    expect(read.J_regressor).toEqual([24, vertexCount]);
    expect(read.weights).toEqual([vertexCount, 24]);
    expect(read.kintree_table).toEqual([2, 24]);
    expect(read.weight_sums_max_error as number).toBeLessThan(1e-5);
    expect(read.edges_not_shared_by_two).toBe(0);
  });
});

describe.skipIf(!numpyVersion)(`we read the files numpy ${numpyVersion ?? ''} writes`, () => {
  it.each([
    ['np.savez to a file', 'np.savez', 'path'],
    ['np.savez_compressed to a file', 'np.savez_compressed', 'path'],
    ['np.savez_compressed to a stream (sizes after each entry)', 'np.savez_compressed', 'stream'],
    ['np.savez to a stream', 'np.savez', 'stream'],
  ])('%s: every array with its values', (_label, save, target) => {
    const path = join(dir.path, `numpy-${save}-${target}.npz`);
    numpy(
      `import io, json, sys, numpy as np
arrays = {"a": np.arange(6000, dtype=np.float32).reshape(60, 100) / 7, "b": np.array([1, -2, 3], dtype=np.int64),
          "f": np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4))}
class Stream(io.RawIOBase):
    def __init__(self): self.data = bytearray()
    def writable(self): return True
    def write(self, chunk): self.data += chunk; return len(chunk)
if sys.argv[2] == "stream":
    stream = Stream(); ${save}(stream, **arrays); open(sys.argv[1], "wb").write(bytes(stream.data))
else:
    ${save}(sys.argv[1], **arrays)
print("null")`,
      path,
      target,
    );
    const archive = NpzArchive.fromBytes(readFileSync(path));
    expect(archive.names.sort()).toEqual(['a', 'b', 'f']);
    const a = archive.get('a')!;
    expect(a.shape).toEqual([60, 100]);
    expect(a.data[5999]).toBe(Math.fround(5999 / 7));
    expect(archive.get('b')!.data).toEqual(new BigInt64Array([1n, -2n, 3n]));
    expect(Array.from(archive.get('f')!.data as Float64Array)).toEqual(Array.from({ length: 12 }, (_, k) => k));
  });
});
