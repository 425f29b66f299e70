import type { io } from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertGraphToOnnx, type GraphConstant } from '../../../../src/main/inference/tfjs-to-onnx/convert-graph.js';
import { ModelConversionError } from '../../../../src/main/inference/tfjs-to-onnx/errors.js';
import type { GraphNode } from '../../../../src/main/inference/tfjs-to-onnx/graph-nodes.js';
import { createReferenceHuman, type Tf } from '../../../helpers/reference-human.js';

/**
 * Each operator the converter knows, in a small graph written as tfjs-converter writes model.json,
 * run by tfjs itself (the reference: the graph as the app ran it before) and, converted, by
 * onnxruntime: the same outputs to float rounding.
 */
let tf: Tf;

beforeAll(async () => {
  ({ tf } = await createReferenceHuman([]));
}, 60_000);

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const ints = (...values: number[]) => ({ list: { i: values.map(String) } });
const nhwc = { data_format: { s: b64('NHWC') }, dilations: ints(1, 1, 1, 1) };
const padding = (mode: 'SAME' | 'VALID') => ({ padding: { s: b64(mode) } });

/** A graph under construction: its nodes, and its constants with their values. */
class Graph {
  readonly nodes: GraphNode[] = [];
  readonly constants = new Map<string, GraphConstant>();

  constructor(readonly inputShape: [number, number, number, number]) {
    this.nodes.push({
      name: 'input',
      op: 'Placeholder',
      attr: {
        dtype: { type: 'DT_FLOAT' },
        shape: { shape: { dim: [{ size: '-1' }, ...inputShape.slice(1).map((size) => ({ size: String(size) }))] } },
      },
    } as GraphNode);
  }

  /** A float constant of deterministic pseudo-random values in [-1, 1) (or the given ones). */
  constant(name: string, shape: number[], values?: number[]): string {
    const count = shape.reduce((product, size) => product * size, 1);
    const data = values
      ? Float32Array.from(values)
      : Float32Array.from({ length: count }, (_, index) => Math.sin(index * 12.9898 + name.length) * 0.999);
    this.constants.set(name, { shape, values: data });
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: 'DT_FLOAT' } } } as GraphNode);
    return name;
  }

  intConstant(name: string, shape: number[], values: number[]): string {
    this.constants.set(name, { shape, values: Int32Array.from(values) });
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: 'DT_INT32' } } } as GraphNode);
    return name;
  }

  node(name: string, op: string, input: string[], attr: Record<string, unknown> = {}): string {
    this.nodes.push({ name, op, input, attr: { T: { type: 'DT_FLOAT' }, ...attr } } as GraphNode);
    return name;
  }

  /** The graph's output from tfjs (GraphModel.execute) and from onnxruntime (converted), for one input. */
  async run(output: string): Promise<{ tfjs: Float32Array; onnx: Float32Array; tfjsShape: number[] }> {
    const constantNames = [...this.constants.keys()];
    const weightSpecs: io.WeightsManifestEntry[] = constantNames.map((name) => {
      const constant = this.constants.get(name)!;
      return { name, shape: constant.shape, dtype: constant.values instanceof Int32Array ? 'int32' : 'float32' };
    });
    const buffers = constantNames.map((name) => new Uint8Array(this.constants.get(name)!.values.buffer));
    const weightData = new Uint8Array(buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0));
    let offset = 0;
    for (const buffer of buffers) {
      weightData.set(buffer, offset);
      offset += buffer.byteLength;
    }
    const model = await tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: { node: this.nodes, library: {}, versions: { producer: 561 } },
        weightSpecs,
        weightData: weightData.buffer,
        signature: { outputs: { out: { name: `${output}:0` } } },
      } as io.ModelArtifacts),
    );
    const count = this.inputShape.reduce((product, size) => product * size, 1);
    const input = Float32Array.from({ length: count }, (_, index) => Math.cos(index * 0.37) * 0.5 + 0.5);
    const tensor = tf.tensor4d(input, this.inputShape);
    const result = model.execute(tensor, `${output}:0`) as ReturnType<Tf['tensor']>;
    const tfjs = (await result.data()) as Float32Array;
    const tfjsShape = result.shape;
    tf.dispose([tensor, result]);
    model.dispose();

    const bytes = convertGraphToOnnx(
      { nodes: this.nodes, constants: this.constants },
      { outputNodes: [output], outputNames: ['out'], inputShape: this.inputShape, inputName: 'image' },
    );
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1, logSeverityLevel: 3 });
    try {
      const answer = await session.run({ image: new ort.Tensor('float32', input, this.inputShape) });
      const out = answer['out']!;
      expect(out.dims).toEqual(tfjsShape);
      return { tfjs, onnx: out.data as Float32Array, tfjsShape };
    } finally {
      await session.release();
    }
  }
}

async function expectSameOutput(graph: Graph, output: string): Promise<void> {
  const { tfjs, onnx } = await graph.run(output);
  expect(onnx.length).toBe(tfjs.length);
  let largest = 0;
  for (let index = 0; index < tfjs.length; index += 1) largest = Math.max(largest, Math.abs(tfjs[index]! - onnx[index]!));
  // Some outputs must differ from zero, or the comparison proves nothing.
  expect(tfjs.some((value) => Math.abs(value) > 1e-3)).toBe(true);
  expect(largest).toBeLessThan(1e-4);
}

describe('convertGraphToOnnx', () => {
  it('a strided SAME convolution with a bias and Relu6 fused, then a VALID one', async () => {
    const graph = new Graph([1, 9, 11, 3]);
    const weights = graph.constant('w', [3, 3, 3, 4]);
    const bias = graph.constant('b', [4]);
    const conv = graph.node('conv', '_FusedConv2D', ['input', weights, bias], {
      ...nhwc,
      ...padding('SAME'),
      strides: ints(1, 2, 2, 1),
      fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu6')] } },
      num_args: { i: '1' },
      epsilon: { f: 0 },
    });
    const weights2 = graph.constant('w2', [2, 2, 4, 5]);
    await expectSameOutput(
      graph,
      graph.node('conv2', 'Conv2D', [conv, weights2], { ...nhwc, ...padding('VALID'), strides: ints(1, 1, 1, 1) }),
    );
  });

  it('depthwise convolutions with a channel multiplier, fused and plain, after an explicit Pad', async () => {
    const graph = new Graph([1, 8, 7, 3]);
    const pads = graph.intConstant('pads', [4, 2], [0, 0, 1, 2, 2, 1, 0, 0]);
    const padded = graph.node('pad', 'Pad', ['input', pads], { Tpaddings: { type: 'DT_INT32' } });
    const weights = graph.constant('dw', [3, 3, 3, 2]);
    const bias = graph.constant('db', [6]);
    const depthwise = graph.node('depthwise', 'FusedDepthwiseConv2dNative', [padded, weights, bias], {
      ...nhwc,
      ...padding('SAME'),
      strides: ints(1, 2, 2, 1),
      fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu6')] } },
      num_args: { i: '1' },
    });
    const weights2 = graph.constant('dw2', [3, 3, 6, 1]);
    await expectSameOutput(
      graph,
      graph.node('depthwise2', 'DepthwiseConv2dNative', [depthwise, weights2], { ...nhwc, ...padding('VALID'), strides: ints(1, 1, 1, 1) }),
    );
  });

  it('element-wise ops with constants broadcast the NHWC way, AddN, Relu and Sigmoid', async () => {
    const graph = new Graph([1, 4, 5, 3]);
    const perChannel = graph.constant('per-channel', [3]);
    const perPixel = graph.constant('per-pixel', [4, 5, 1]);
    const scalar = graph.constant('scalar', [], [0.25]);
    const added = graph.node('add', 'AddV2', ['input', perChannel]);
    const multiplied = graph.node('mul', 'Mul', [perPixel, added]);
    const scaled = graph.node('scaled', 'Mul', [multiplied, scalar]);
    const relu = graph.node('relu', 'Relu', [graph.node('sub', 'Add', [scaled, graph.constant('shift', [1, 1, 1, 3], [-0.2, 0.1, -0.4])])]);
    const sum = graph.node('sum', 'AddN', [relu, multiplied], { N: { i: '2' } });
    await expectSameOutput(graph, graph.node('sigmoid', 'Sigmoid', [sum]));
  });

  it('max and average pooling (average over the pixels inside the image only), Relu6', async () => {
    const graph = new Graph([1, 7, 9, 2]);
    const scaled = graph.node('scaled', 'Mul', ['input', graph.constant('ten', [], [10])]);
    const clipped = graph.node('relu6', 'Relu6', [graph.node('shifted', 'AddV2', [scaled, graph.constant('minus', [], [-3])])]);
    const maxPooled = graph.node('max', 'MaxPool', [clipped], {
      ...nhwc,
      ...padding('VALID'),
      ksize: ints(1, 2, 2, 1),
      strides: ints(1, 2, 2, 1),
    });
    await expectSameOutput(
      graph,
      graph.node('avg', 'AvgPool', [maxPooled], { ...nhwc, ...padding('SAME'), ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1) }),
    );
  });

  it.each([
    ['half-pixel centres', { half_pixel_centers: { b: true }, align_corners: { b: false } }],
    ['aligned corners', { half_pixel_centers: { b: false }, align_corners: { b: true } }],
    ['neither', { half_pixel_centers: { b: false }, align_corners: { b: false } }],
  ])('bilinear resizing with %s', async (_, attributes) => {
    const graph = new Graph([1, 5, 6, 2]);
    const size = graph.intConstant('size', [2], [11, 9]);
    await expectSameOutput(graph, graph.node('resize', 'ResizeBilinear', ['input', size], attributes));
  });

  it('a transposed convolution (Conv2DBackpropInput) with SAME padding to an odd size', async () => {
    const graph = new Graph([1, 4, 5, 3]);
    const outputSize = graph.intConstant('output-size', [4], [1, 8, 9, 2]);
    const filter = graph.constant('filter', [2, 2, 2, 3]);
    await expectSameOutput(
      graph,
      graph.node('deconv', 'Conv2DBackpropInput', [outputSize, filter, 'input'], {
        ...nhwc,
        ...padding('SAME'),
        strides: ints(1, 2, 2, 1),
      }),
    );
  });

  it('a reshape reads its input in NHWC order, and Identity passes it on', async () => {
    const graph = new Graph([1, 3, 4, 5]);
    const shape = graph.intConstant('shape', [2], [-1, 60]);
    const reshaped = graph.node('reshape', 'Reshape', ['input', shape], { Tshape: { type: 'DT_INT32' } });
    await expectSameOutput(graph, graph.node('identity', 'Identity', [graph.node('sigmoid', 'Sigmoid', [reshaped])]));
  });

  it('refuses an operator it does not know, and a graph whose output reads a missing node, by name', () => {
    const graph = new Graph([1, 4, 4, 3]);
    const options = { outputNames: ['out'], inputShape: graph.inputShape, inputName: 'image' } as const;
    graph.node('tanh', 'Tanh', ['input']);
    expect(() => convertGraphToOnnx(graph, { ...options, outputNodes: ['tanh'] })).toThrow(ModelConversionError);
    expect(() => convertGraphToOnnx(graph, { ...options, outputNodes: ['tanh'] })).toThrow(/operator 'Tanh'/);
    graph.node('relu', 'Relu', ['missing']);
    expect(() => convertGraphToOnnx(graph, { ...options, outputNodes: ['relu'] })).toThrow(/no node 'missing'/);
  });
});
