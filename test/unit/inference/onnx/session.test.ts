import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFilesError } from '../../../../src/main/inference/onnx/errors.js';
import type { TensorSpec } from '../../../../src/main/inference/onnx/manifest.js';
import {
  checkSignature,
  defaultExecutionProviders,
  openSession,
  signatureDifferences,
} from '../../../../src/main/inference/onnx/session.js';
import { OnnxGraphBuilder } from '../../../../src/main/inference/onnx/onnx-graph-builder.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

/** y = 2·x[:, 1:-1] + 1 and the mean of x: a real model for onnxruntime-node (CPU build here). */
function smallModel(): Uint8Array {
  const g = new OnnxGraphBuilder();
  const x = g.input('x', 'float32', ['batch', 4]);
  const doubled = g.node('Mul', [x, g.floats([], [2])]);
  const middle = g.node('Slice', [doubled, g.int64s([1], [1]), g.int64s([1], [-1]), g.int64s([1], [1])]);
  g.node('Add', [middle, g.floats([1], [1])], {}, ['y']);
  g.node('ReduceMean', [x], { keepdims: { int: 0 } }, ['mean']);
  g.output('y', 'float32', ['batch', 2]);
  g.output('mean', 'float32', []);
  return g.toBytes();
}

const spec = {
  inputs: [{ name: 'x', type: 'float32', shape: ['batch', 4] }] as TensorSpec[],
  outputs: [
    { name: 'y', type: 'float32', shape: ['batch', 2] },
    { name: 'mean', type: 'float32', shape: [] },
  ] as TensorSpec[],
};

let dir: ReturnType<typeof makeTempDir>;
let modelPath: string;
beforeAll(() => {
  dir = makeTempDir('perfit-onnx-session-');
  modelPath = join(dir.path, 'small.onnx');
  writeFileSync(modelPath, smallModel());
});
afterAll(() => dir.remove());

describe('execution provider fallback', () => {
  it('tries CUDA, then DirectML only on Windows, then the CPU', () => {
    expect(defaultExecutionProviders('linux')).toEqual(['cuda', 'cpu']);
    expect(defaultExecutionProviders('win32')).toEqual(['cuda', 'dml', 'cpu']);
  });

  it('CUDA asked for, missing from this onnxruntime-node: falls back to the CPU, says so, and the model runs', async () => {
    const logged: string[] = [];
    const opened = await openSession(modelPath, {
      providers: ['cuda', 'cpu'],
      label: 'model "small"',
      log: (_level, message) => logged.push(message),
    });
    try {
      expect(opened.provider).toBe('cpu');
      expect(opened.failedAttempts).toEqual([{ provider: 'cuda', reason: expect.any(String) }]);
      expect(opened.failedAttempts[0]!.reason.length).toBeGreaterThan(0);
      expect(logged).toEqual([expect.stringMatching(/^model "small": running on cpu; cuda unavailable \(.+\)$/)]);
      const { Tensor } = await import('onnxruntime-node');
      const outputs = await opened.session.run({ x: new Tensor('float32', Float32Array.from([1, 2, 3, 4]), [1, 4]) });
      expect(Array.from(outputs['y']!.data as Float32Array)).toEqual([5, 7]);
      expect(Array.from(outputs['mean']!.data as Float32Array)).toEqual([2.5]);
    } finally {
      await opened.session.release();
    }
  });

  it('DirectML off Windows is skipped with a reason, not tried', async () => {
    const opened = await openSession(modelPath, { providers: ['dml', 'cpu'], platform: 'linux', label: 'small' });
    await opened.session.release();
    expect(opened.failedAttempts).toEqual([{ provider: 'dml', reason: 'DirectML exists only on Windows' }]);
  });

  it('model_load_failed listing every attempt when no provider works (CUDA only here; a corrupt file)', async () => {
    const cudaOnly = await openSession(modelPath, { providers: ['cuda'], label: 'model "small"' }).catch((error: unknown) => error);
    expect(cudaOnly).toBeInstanceOf(ModelFilesError);
    expect(cudaOnly).toMatchObject({
      code: 'model_load_failed',
      message: expect.stringMatching(/could not be loaded by any execution provider \(cuda: .+\)/),
    });
    const corrupt = join(dir.path, 'corrupt.onnx');
    writeFileSync(corrupt, 'not a model');
    await expect(openSession(corrupt, { providers: ['cpu'], label: 'model "corrupt"' })).rejects.toMatchObject({
      code: 'model_load_failed',
      message: expect.stringContaining('cpu: '),
    });
  });
});

describe('session signature against the manifest', () => {
  it("agrees with names, types and shapes (a symbolic dimension matches the model's symbolic one)", async () => {
    const { session } = await openSession(modelPath, { providers: ['cpu'], label: 'small' });
    try {
      expect(signatureDifferences(session, spec)).toEqual([]);
      expect(() => checkSignature(session, spec, 'small.onnx')).not.toThrow();
    } finally {
      await session.release();
    }
  });

  it('names every difference: input shape, input type, a missing output, an output the manifest lacks, a fixed size for a symbolic one', async () => {
    const { session } = await openSession(modelPath, { providers: ['cpu'], label: 'small' });
    try {
      const wrong = {
        inputs: [{ name: 'x', type: 'int64', shape: ['batch', 5] }] as TensorSpec[],
        outputs: [
          { name: 'y', type: 'float32', shape: [1, 2] },
          { name: 'average', type: 'float32', shape: [] },
        ] as TensorSpec[],
      };
      expect(signatureDifferences(session, wrong)).toEqual([
        'input "x" has type float32, the manifest says int64',
        'input "x" has shape [batch, 4], the manifest says [batch, 5]',
        'output "y" has shape [batch, 2], the manifest says [1, 2]',
        'output "average" is missing (the model\'s outputs: y, mean)',
        'the model has an output "mean" the manifest does not list',
      ]);
      expect(() => checkSignature(session, wrong, 'small.onnx')).toThrow(
        expect.objectContaining({
          code: 'model_signature_mismatch',
          message: expect.stringMatching(/^small\.onnx does not match models\/manifest\.json: input "x"/),
        }),
      );
    } finally {
      await session.release();
    }
  });
});
