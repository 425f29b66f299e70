/**
 * Writes small ONNX models (ModelProto, protobuf wire format) by hand, so tests can build real
 * models for onnxruntime-node without Python or the onnx package. Only the fields the tests need:
 * graph inputs and outputs with element type and shape (numeric or symbolic dimensions),
 * initializers as raw little-endian data, and nodes with int/float/ints/floats/string/tensor
 * attributes. Field numbers follow onnx/onnx.proto (IR version 8, opset 17).
 */

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

const elementTypeCode: Record<OnnxElementType, number> = { float32: 1, int32: 6, int64: 7 };

/** Protobuf encoding: wire type 0 (varint), 2 (length-delimited), 5 (fixed32). */
class ProtoWriter {
  private readonly chunks: number[] = [];

  private varint(value: bigint): void {
    // Negative int64 values are written as their 64-bit two's complement (10 bytes).
    let v = value < 0n ? (1n << 64n) + value : value;
    do {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      this.chunks.push(v > 0n ? byte | 0x80 : byte);
    } while (v > 0n);
  }

  private key(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  int(field: number, value: number | bigint): this {
    this.key(field, 0);
    this.varint(BigInt(value));
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.chunks.push(...bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(BigInt(value.length));
    for (const byte of value) this.chunks.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function rawData(tensor: OnnxTensorData): Uint8Array {
  const count = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (tensor.values.length !== count)
    throw new Error(`tensor of shape [${tensor.dims.join(', ')}] needs ${count} values, got ${tensor.values.length}`);
  const values = Array.from(tensor.values);
  switch (tensor.type) {
    case 'float32':
      return new Uint8Array(Float32Array.from(values).buffer);
    case 'int32':
      return new Uint8Array(Int32Array.from(values).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(values, (value) => BigInt(Math.trunc(value))).buffer);
  }
}

/** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9. */
function writeTensor(writer: ProtoWriter, tensor: OnnxTensorData, name: string): void {
  for (const dim of tensor.dims) writer.int(1, dim);
  writer.int(2, elementTypeCode[tensor.type]);
  if (name) writer.string(8, name);
  writer.bytes(9, rawData(tensor));
}

/** ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_value = 1 | dim_param = 2 } } } } }. */
function writeValueInfo(writer: ProtoWriter, name: string, type: OnnxElementType, shape: OnnxDim[]): void {
  writer.string(1, name);
  writer.message(2, (typeProto) =>
    typeProto.message(1, (tensorType) => {
      tensorType.int(1, elementTypeCode[type]);
      tensorType.message(2, (shapeProto) => {
        for (const dim of shape) shapeProto.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
      });
    }),
  );
}

/** AttributeProto: name = 1, f = 2, i = 3, s = 4, t = 5, floats = 7, ints = 8, type = 20. */
function writeAttribute(writer: ProtoWriter, name: string, attribute: OnnxAttribute): void {
  writer.string(1, name);
  if ('int' in attribute) writer.int(3, attribute.int).int(20, 2);
  else if ('float' in attribute) writer.float(2, attribute.float).int(20, 1);
  else if ('string' in attribute) writer.string(4, attribute.string).int(20, 3);
  else if ('tensor' in attribute) writer.message(5, (t) => writeTensor(t, attribute.tensor, '')).int(20, 4);
  else if ('floats' in attribute) {
    for (const value of attribute.floats) writer.float(7, value);
    writer.int(20, 6);
  } else {
    for (const value of attribute.ints) writer.int(8, value);
    writer.int(20, 7);
  }
}

/** Collects a graph, then writes the ModelProto bytes. */
export class OnnxGraphBuilder {
  private readonly inputs: Array<{ name: string; type: OnnxElementType; shape: OnnxDim[] }> = [];
  private readonly outputs: Array<{ name: string; type: OnnxElementType; shape: OnnxDim[] }> = [];
  private readonly initializers: Array<{ name: string; tensor: OnnxTensorData }> = [];
  private readonly nodes: OnnxNodeSpec[] = [];
  private counter = 0;

  constructor(private readonly graphName = 'test-graph') {}

  input(name: string, type: OnnxElementType, shape: OnnxDim[]): string {
    this.inputs.push({ name, type, shape });
    return name;
  }

  output(name: string, type: OnnxElementType, shape: OnnxDim[]): string {
    this.outputs.push({ name, type, shape });
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
    // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8 { domain = 1, version = 2 }.
    const model = new ProtoWriter();
    model.int(1, options.irVersion ?? 8);
    model.string(2, options.producer ?? 'perfit-test-onnx-builder');
    model.message(7, (graph) => {
      // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
      this.nodes.forEach((spec, index) =>
        graph.message(1, (node) => {
          // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
          for (const input of spec.inputs) node.string(1, input);
          for (const output of spec.outputs) node.string(2, output);
          node.string(3, `${spec.op}_${index}`);
          node.string(4, spec.op);
          for (const [name, attribute] of Object.entries(spec.attributes ?? {})) node.message(5, (a) => writeAttribute(a, name, attribute));
        }),
      );
      graph.string(2, this.graphName);
      for (const { name, tensor } of this.initializers) graph.message(5, (t) => writeTensor(t, tensor, name));
      for (const { name, type, shape } of this.inputs) graph.message(11, (v) => writeValueInfo(v, name, type, shape));
      for (const { name, type, shape } of this.outputs) graph.message(12, (v) => writeValueInfo(v, name, type, shape));
    });
    model.message(8, (opset) => opset.string(1, '').int(2, options.opset ?? 17));
    return model.finish();
  }
}
