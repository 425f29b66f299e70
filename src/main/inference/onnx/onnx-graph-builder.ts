import onnxProto from 'onnx-proto';

/**
 * Writes ONNX models (ModelProto) with onnx-proto's compiled onnx.proto, without Python or the onnx
 * package: graph inputs and outputs with element type and shape (numeric or symbolic dimensions),
 * initializers as raw little-endian data, and nodes with int/float/ints/floats/string/tensor
 * attributes. The Human networks converted for onnxruntime (tfjs-to-onnx/) and the tests' tiny
 * HMR 2.0 models are built with it.
 */
const { onnx } = onnxProto;

export type OnnxElementType = 'float32' | 'int64' | 'int32';
export type OnnxDim = number | string;

export interface OnnxTensorData {
  type: OnnxElementType;
  dims: number[];
  values: ArrayLike<number>;
}

export type OnnxAttribute =
  { int: number } | { float: number } | { ints: number[] } | { floats: number[] } | { string: string } | { tensor: OnnxTensorData };

export interface OnnxNodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, OnnxAttribute>;
}

const elementTypeCode: Record<OnnxElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
};

function rawData(tensor: OnnxTensorData): Uint8Array {
  const count = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (tensor.values.length !== count)
    throw new Error(`tensor of shape [${tensor.dims.join(', ')}] needs ${count} values, got ${tensor.values.length}`);
  switch (tensor.type) {
    case 'float32':
      return new Uint8Array(Float32Array.from(tensor.values).buffer);
    case 'int32':
      return new Uint8Array(Int32Array.from(tensor.values).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(Array.from(tensor.values), (value) => BigInt(Math.trunc(value))).buffer);
  }
}

function tensorProto(tensor: OnnxTensorData, name: string): onnxProto.onnx.ITensorProto {
  return { dims: tensor.dims, dataType: elementTypeCode[tensor.type], ...(name ? { name } : {}), rawData: rawData(tensor) };
}

/** `shape` left out: the tensor's rank and size are whatever the graph computes. */
function valueInfo(name: string, type: OnnxElementType, shape?: OnnxDim[]): onnxProto.onnx.IValueInfoProto {
  if (!shape) return { name, type: { tensorType: { elemType: elementTypeCode[type] } } };
  const dim = shape.map((size) => (typeof size === 'number' ? { dimValue: size } : { dimParam: size }));
  return { name, type: { tensorType: { elemType: elementTypeCode[type], shape: { dim } } } };
}

function attributeProto(name: string, attribute: OnnxAttribute): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if ('int' in attribute) return { name, i: attribute.int, type: AttributeType.INT };
  if ('float' in attribute) return { name, f: attribute.float, type: AttributeType.FLOAT };
  if ('string' in attribute) return { name, s: new TextEncoder().encode(attribute.string), type: AttributeType.STRING };
  if ('tensor' in attribute) return { name, t: tensorProto(attribute.tensor, ''), type: AttributeType.TENSOR };
  if ('floats' in attribute) return { name, floats: attribute.floats, type: AttributeType.FLOATS };
  return { name, ints: attribute.ints, type: AttributeType.INTS };
}

/** Collects a graph, then writes the ModelProto bytes. */
export class OnnxGraphBuilder {
  private readonly inputs: Array<{ name: string; type: OnnxElementType; shape: OnnxDim[] }> = [];
  private readonly outputs: Array<{ name: string; type: OnnxElementType; shape?: OnnxDim[] }> = [];
  private readonly initializers: Array<{ name: string; tensor: OnnxTensorData }> = [];
  private readonly nodes: OnnxNodeSpec[] = [];
  private counter = 0;

  constructor(private readonly graphName = 'graph') {}

  input(name: string, type: OnnxElementType, shape: OnnxDim[]): string {
    this.inputs.push({ name, type, shape });
    return name;
  }

  output(name: string, type: OnnxElementType, shape?: OnnxDim[]): string {
    this.outputs.push({ name, type, ...(shape ? { shape } : {}) });
    return name;
  }

  /** A constant tensor (an initializer); returns its name. */
  constant(tensor: OnnxTensorData, name = this.fresh('const')): string {
    this.initializers.push({ name, tensor });
    return name;
  }

  floats(dims: number[], values: ArrayLike<number>): string {
    return this.constant({ type: 'float32', dims, values });
  }

  int64s(dims: number[], values: ArrayLike<number>): string {
    return this.constant({ type: 'int64', dims, values });
  }

  /** Adds a node; returns its (first) output name, generated unless given. */
  node(
    op: string,
    inputs: string[],
    attributes: Record<string, OnnxAttribute> = {},
    outputs: string[] = [this.fresh(op.toLowerCase())],
  ): string {
    this.nodes.push({ op, inputs, outputs, attributes });
    return outputs[0]!;
  }

  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  toBytes(options: { opset?: number; irVersion?: number; producer?: string } = {}): Uint8Array {
    const graph: onnxProto.onnx.IGraphProto = {
      node: this.nodes.map((spec, index) => ({
        input: spec.inputs,
        output: spec.outputs,
        name: `${spec.op}_${index}`,
        opType: spec.op,
        attribute: Object.entries(spec.attributes ?? {}).map(([name, attribute]) => attributeProto(name, attribute)),
      })),
      name: this.graphName,
      initializer: this.initializers.map(({ name, tensor }) => tensorProto(tensor, name)),
      input: this.inputs.map(({ name, type, shape }) => valueInfo(name, type, shape)),
      output: this.outputs.map(({ name, type, shape }) => valueInfo(name, type, shape)),
    };
    const model = onnx.ModelProto.create({
      irVersion: options.irVersion ?? 8,
      producerName: options.producer ?? 'perfit',
      graph,
      opsetImport: [{ domain: '', version: options.opset ?? 17 }],
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
