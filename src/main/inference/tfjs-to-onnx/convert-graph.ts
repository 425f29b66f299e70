import { OnnxGraphBuilder, type OnnxAttribute } from '../onnx/onnx-graph-builder.js';
import { ModelConversionError } from './errors.js';
import { boolAttribute, dataInputs, intListAttribute, stringAttribute, stringListAttribute, type GraphNode } from './graph-nodes.js';

/**
 * A tfjs graph model (the TensorFlow graph tfjs-converter wrote: NHWC convolutions with folded batch
 * norms) turned into an ONNX graph that onnxruntime runs natively. tf2onnx does this in Python
 * with TensorFlow installed, neither of which the kiosk has, and no JavaScript library does it; so
 * the operators of the networks the kiosk runs are written out here, each as TensorFlow defines it.
 *
 * Activations run in ONNX's NCHW layout: the input is transposed once, the weights are stored
 * transposed, and a 4-D output is transposed back, so the outputs have the tfjs model's shapes and
 * values in the same order. A reshape reads its input in NHWC order, as TensorFlow does.
 */

/** A constant of the graph (a weight, a bias, a padding table), dequantised. */
export interface GraphConstant {
  shape: number[];
  values: Float32Array | Int32Array;
}

export interface TfjsGraph {
  nodes: GraphNode[];
  constants: ReadonlyMap<string, GraphConstant>;
}

export interface ConversionOptions {
  /** The outputs to compute, by node name; the ONNX outputs take the names in `outputNames`. */
  outputNodes: readonly string[];
  outputNames: readonly string[];
  /** The input's NHWC shape (the placeholder's unknown batch is 1). */
  inputShape: readonly [number, number, number, number];
  /** The ONNX input's name. */
  inputName: string;
}

/** Opset 17: the opset of onnxruntime 1.14 on, with every operator used here as TensorFlow computes it. */
const opset = 17;

type Layout = 'nchw' | 'as-is';

interface Value {
  name: string;
  layout: Layout;
}

const toNchw = [0, 3, 1, 2];
const toNhwc = [0, 2, 3, 1];

/** A 4-D array's values (row-major) with its axes permuted: axis k of the output is axis `perm[k]` of the input. */
function transposed(values: Float32Array, shape: readonly number[], perm: readonly number[]): { shape: number[]; values: Float32Array } {
  if (shape.length !== 4 || perm.length !== 4) throw new ModelConversionError(`a ${shape.length}-D weight cannot be transposed`);
  const outShape = perm.map((axis) => shape[axis]!);
  const inStrides = [shape[1]! * shape[2]! * shape[3]!, shape[2]! * shape[3]!, shape[3]!, 1];
  const [s0, s1, s2, s3] = perm.map((axis) => inStrides[axis]!) as [number, number, number, number];
  const [n0, n1, n2, n3] = outShape as [number, number, number, number];
  const out = new Float32Array(values.length);
  let position = 0;
  for (let i0 = 0; i0 < n0; i0 += 1)
    for (let i1 = 0; i1 < n1; i1 += 1)
      for (let i2 = 0; i2 < n2; i2 += 1) {
        const base = i0 * s0 + i1 * s1 + i2 * s2;
        for (let i3 = 0; i3 < n3; i3 += 1) out[position++] = values[base + i3 * s3]!;
      }
  return { shape: outShape, values: out };
}

/** The nodes the outputs depend on, each after the nodes it reads (model.json need not list them so). */
function nodesInOrder(nodes: readonly GraphNode[], outputs: readonly string[]): GraphNode[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const ordered: GraphNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new ModelConversionError(`the graph has a cycle through '${name}'`);
    const node = byName.get(name);
    if (!node) throw new ModelConversionError(`the graph has no node '${name}'`);
    state.set(name, 'visiting');
    // Explicit recursion is fine: these networks are a few hundred nodes deep at most.
    for (const input of dataInputs(node)) visit(input);
    state.set(name, 'done');
    ordered.push(node);
  };
  for (const output of outputs) visit(output);
  return ordered;
}

export function convertGraphToOnnx(graph: TfjsGraph, options: ConversionOptions): Uint8Array {
  const builder = new OnnxGraphBuilder('tfjs-graph');
  const values = new Map<string, Value>();

  const constant = (name: string): GraphConstant => {
    const found = graph.constants.get(name);
    if (!found) throw new ModelConversionError(`the graph's constant '${name}' has no weights`);
    return found;
  };
  const floatConstant = (name: string): { shape: number[]; values: Float32Array } => {
    const found = constant(name);
    return { shape: found.shape, values: Float32Array.from(found.values) };
  };
  const intValues = (name: string): number[] => Array.from(constant(name).values);
  const isConstant = (name: string): boolean => graph.constants.has(name);
  const valueOf = (node: GraphNode, name: string): Value => {
    const value = values.get(name);
    if (!value) throw new ModelConversionError(`node ${node.name} (${node.op}) reads '${name}', which is not computed before it`);
    return value;
  };
  const nchwInput = (node: GraphNode, name: string): string => {
    const value = valueOf(node, name);
    if (value.layout !== 'nchw') throw new ModelConversionError(`node ${node.name} (${node.op}) needs a 4-D image tensor as its input`);
    return value.name;
  };
  /** A constant operand of an element-wise op on NCHW activations: broadcast the NHWC way, then moved to NCHW. */
  const broadcastConstant = (node: GraphNode, name: string): string => {
    const { shape, values: data } = floatConstant(name);
    if (shape.length === 0) return builder.floats([], data);
    if (shape.length > 4) throw new ModelConversionError(`node ${node.name} (${node.op}): a constant of rank ${shape.length}`);
    const nhwc = [...Array<number>(4 - shape.length).fill(1), ...shape];
    const nchw = transposed(data, nhwc, toNchw);
    return builder.floats(nchw.shape, nchw.values);
  };
  const padding = (node: GraphNode): Record<string, OnnxAttribute> => {
    const mode = stringAttribute(node, 'padding');
    // TensorFlow's SAME puts the odd pixel after, as SAME_UPPER does.
    if (mode === 'SAME') return { auto_pad: { string: 'SAME_UPPER' } };
    if (mode === 'VALID') return { auto_pad: { string: 'VALID' } };
    throw new ModelConversionError(`node ${node.name} (${node.op}): padding '${mode}' is not supported`);
  };
  const spatial = (node: GraphNode, name: string): number[] => {
    const nhwc = intListAttribute(node, name);
    if (nhwc.length !== 4 || nhwc[0] !== 1 || nhwc[3] !== 1)
      throw new ModelConversionError(`node ${node.name} (${node.op}): ${name} [${nhwc.join(', ')}] is not spatial`);
    return nhwc.slice(1, 3);
  };
  const checkNhwc = (node: GraphNode): void => {
    if (node.attr?.['data_format'] && stringAttribute(node, 'data_format') !== 'NHWC')
      throw new ModelConversionError(`node ${node.name} (${node.op}): only NHWC graphs are supported`);
    const dilations = node.attr?.['dilations'] ? intListAttribute(node, 'dilations') : [1, 1, 1, 1];
    if (dilations.some((dilation) => dilation !== 1))
      throw new ModelConversionError(`node ${node.name} (${node.op}): dilated convolutions are not supported`);
  };
  const clipped = (input: string): string => builder.node('Clip', [input, builder.floats([], [0]), builder.floats([], [6])]);
  /** A convolution's fused bias and activation (`fused_ops`: BiasAdd, then Relu or Relu6). */
  const fusedConvolution = (
    node: GraphNode,
    weights: { shape: number[]; values: Float32Array },
    attributes: Record<string, OnnxAttribute>,
  ): string => {
    const [input, , bias] = dataInputs(node);
    const fused = stringListAttribute(node, 'fused_ops');
    const operands = [nchwInput(node, input!), builder.floats(weights.shape, weights.values)];
    if (fused.length > 0) {
      if (fused[0] !== 'BiasAdd' || !bias)
        throw new ModelConversionError(`node ${node.name} (${node.op}): fused ops [${fused.join(', ')}]`);
      const biasValues = floatConstant(bias);
      operands.push(builder.floats(biasValues.shape, biasValues.values));
    }
    let output = builder.node('Conv', operands, attributes);
    for (const activation of fused.slice(1)) {
      if (activation === 'Relu6') output = clipped(output);
      else if (activation === 'Relu') output = builder.node('Relu', [output]);
      else throw new ModelConversionError(`node ${node.name} (${node.op}): fused activation '${activation}' is not supported`);
    }
    return output;
  };

  const convert = (node: GraphNode): Value => {
    const inputs = dataInputs(node);
    const first = inputs[0] ?? '';
    switch (node.op) {
      case 'Identity':
        return valueOf(node, first);
      case 'Pad': {
        // TensorFlow's [[before, after] per NHWC axis] → ONNX's befores then afters, per NCHW axis.
        const table = intValues(inputs[1]!);
        const [n, h, w, c] = [0, 1, 2, 3].map((axis) => [table[axis * 2]!, table[axis * 2 + 1]!] as const);
        const pads = builder.int64s([8], [n![0], c![0], h![0], w![0], n![1], c![1], h![1], w![1]]);
        return { name: builder.node('Pad', [nchwInput(node, first), pads]), layout: 'nchw' };
      }
      case 'Conv2D':
      case '_FusedConv2D': {
        checkNhwc(node);
        // HWIO → OIHW.
        const filter = floatConstant(inputs[1]!);
        const weights = transposed(filter.values, filter.shape, [3, 2, 0, 1]);
        const attributes = {
          strides: { ints: spatial(node, 'strides') },
          kernel_shape: { ints: filter.shape.slice(0, 2) },
          ...padding(node),
        };
        return { name: fusedConvolution(node, weights, attributes), layout: 'nchw' };
      }
      case 'DepthwiseConv2dNative':
      case 'FusedDepthwiseConv2dNative': {
        checkNhwc(node);
        // [H, W, C, M] → [C·M, 1, H, W]: output channel c·M + m, as TensorFlow orders them.
        const filter = floatConstant(inputs[1]!);
        const [kernelHeight, kernelWidth, channels, multiplier] = filter.shape as [number, number, number, number];
        const weights = transposed(filter.values, filter.shape, [2, 3, 0, 1]);
        const attributes = {
          strides: { ints: spatial(node, 'strides') },
          kernel_shape: { ints: [kernelHeight, kernelWidth] },
          group: { int: channels },
          ...padding(node),
        };
        return {
          name: fusedConvolution(
            node,
            { shape: [channels * multiplier, 1, kernelHeight, kernelWidth], values: weights.values },
            attributes,
          ),
          layout: 'nchw',
        };
      }
      case 'Conv2DBackpropInput': {
        checkNhwc(node);
        // The transposed convolution: inputs (output size, filter [H, W, out, in], x).
        const [outputSize, filterName, input] = inputs as [string, string, string];
        const size = intValues(outputSize);
        const filter = floatConstant(filterName);
        const kernel = filter.shape.slice(0, 2);
        const strides = spatial(node, 'strides');
        if (stringAttribute(node, 'padding') !== 'SAME')
          throw new ModelConversionError(`node ${node.name} (${node.op}): only SAME padding is supported`);
        // The forward convolution's SAME padding, which the transposed one crops from its output.
        const pads = [0, 0, 0, 0];
        const outputPadding = [0, 0];
        for (const axis of [0, 1]) {
          const [outSize, stride, kernelSize] = [size[axis + 1]!, strides[axis]!, kernel[axis]!];
          const inSize = Math.ceil(outSize / stride);
          const total = Math.max((inSize - 1) * stride + kernelSize - outSize, 0);
          pads[axis] = Math.floor(total / 2);
          pads[axis + 2] = total - pads[axis]!;
          outputPadding[axis] = outSize - ((inSize - 1) * stride + kernelSize - total);
        }
        const weights = transposed(filter.values, filter.shape, [3, 2, 0, 1]);
        const output = builder.node('ConvTranspose', [nchwInput(node, input), builder.floats(weights.shape, weights.values)], {
          strides: { ints: strides },
          kernel_shape: { ints: kernel },
          pads: { ints: pads },
          output_padding: { ints: outputPadding },
        });
        return { name: output, layout: 'nchw' };
      }
      case 'Add':
      case 'AddV2':
      case 'Mul': {
        const operands = inputs.map((input) => (isConstant(input) ? broadcastConstant(node, input) : nchwInput(node, input)));
        return { name: builder.node(node.op === 'Mul' ? 'Mul' : 'Add', operands), layout: 'nchw' };
      }
      case 'AddN':
        return {
          name: builder.node(
            'Sum',
            inputs.map((input) => nchwInput(node, input)),
          ),
          layout: 'nchw',
        };
      case 'Relu6':
        return { name: clipped(nchwInput(node, first)), layout: 'nchw' };
      case 'Relu':
      case 'Sigmoid': {
        const input = valueOf(node, first);
        return { name: builder.node(node.op, [input.name]), layout: input.layout };
      }
      case 'MaxPool':
      case 'AvgPool': {
        checkNhwc(node);
        const attributes = {
          kernel_shape: { ints: spatial(node, 'ksize') },
          strides: { ints: spatial(node, 'strides') },
          ...padding(node),
        };
        // AveragePool's default count_include_pad = 0 divides by the pixels inside the image, as TensorFlow does.
        return {
          name: builder.node(node.op === 'MaxPool' ? 'MaxPool' : 'AveragePool', [nchwInput(node, first)], attributes),
          layout: 'nchw',
        };
      }
      case 'ResizeBilinear': {
        const size = intValues(inputs[1]!);
        const mode = boolAttribute(node, 'align_corners')
          ? 'align_corners'
          : boolAttribute(node, 'half_pixel_centers')
            ? 'half_pixel'
            : 'asymmetric';
        const input = nchwInput(node, first);
        // The sizes of all four axes, batch and channels read from the input: onnxruntime's
        // transpose optimiser mishandles Resize's `axes` attribute.
        const batchAndChannels = builder.node('Slice', [
          builder.node('Shape', [input]),
          builder.int64s([1], [0]),
          builder.int64s([1], [2]),
        ]);
        const sizes = builder.node('Concat', [batchAndChannels, builder.int64s([2], size)], { axis: { int: 0 } });
        const output = builder.node('Resize', [input, '', '', sizes], {
          mode: { string: 'linear' },
          coordinate_transformation_mode: { string: mode },
        });
        return { name: output, layout: 'nchw' };
      }
      case 'Reshape': {
        const input = valueOf(node, first);
        const nhwc = input.layout === 'nchw' ? builder.node('Transpose', [input.name], { perm: { ints: toNhwc } }) : input.name;
        return {
          name: builder.node('Reshape', [nhwc, builder.int64s([intValues(inputs[1]!).length], intValues(inputs[1]!))]),
          layout: 'as-is',
        };
      }
      default:
        throw new ModelConversionError(`node ${node.name}: the operator '${node.op}' is not supported`);
    }
  };

  for (const node of nodesInOrder(graph.nodes, options.outputNodes)) {
    if (node.op === 'Const') continue;
    if (node.op === 'Placeholder') {
      builder.input(options.inputName, 'float32', [...options.inputShape]);
      values.set(node.name, { name: builder.node('Transpose', [options.inputName], { perm: { ints: toNchw } }), layout: 'nchw' });
      continue;
    }
    values.set(node.name, convert(node));
  }
  options.outputNodes.forEach((nodeName, index) => {
    const value = values.get(nodeName);
    if (!value) throw new ModelConversionError(`the output node '${nodeName}' is not computed`);
    const name = options.outputNames[index]!;
    if (value.layout === 'nchw') builder.node('Transpose', [value.name], { perm: { ints: toNhwc } }, [name]);
    else builder.node('Identity', [value.name], {}, [name]);
    builder.output(name, 'float32');
  });
  return builder.toBytes({ opset, producer: 'perfit tfjs-to-onnx' });
}
