import type * as ort from 'onnxruntime-node';
import { readGraphModelFiles, type GraphModelFiles } from '../human/graph-model-files.js';
import * as z from 'zod';
import { ModelConversionError } from './errors.js';
import { graphSignatureSchema, graphTopologySchema, nodeNameOf, placeholderShape } from './graph-nodes.js';
import { decodeGraphWeights, weightSpecSchema } from './graph-weights.js';
import { conversionKey, runtimeStamp, type ConversionCache, type StagedNetwork } from './conversion-cache.js';

/**
 * A tfjs graph model from disk, converted to ONNX in memory (convert-graph.ts) and run by
 * onnxruntime's CPU provider: the same network, native code instead of tfjs' WebAssembly (BlazePose
 * full about 11 ms a run against 49 on one core here, and no slow first run).
 */
export interface ConvertedNetwork {
  /** The NHWC input's shape, batch 1. */
  inputShape: readonly [number, number, number, number];
  outputNames: readonly string[];
  /** Bytes of the tfjs weight shards read. */
  weightsBytes: number;
  /** The outputs in `outputNames`' order, each in the tfjs model's shape, row-major. */
  run(input: Float32Array): Promise<Float32Array[]>;
  release(): Promise<void>;
}

export interface ConvertedNetworkOptions {
  /** Signature output names to compute (default: every output of the model's signature). */
  outputs?: readonly string[];
  /** Where converted networks are kept between starts (none: converted on every load). */
  cache?: ConversionCache;
}

const inputName = 'input';

/**
 * One thread: each network runs one image at a time on the thread that asks, beside the kiosk's
 * other core working on the fit; the CPU provider alone, since these networks take milliseconds
 * and a GPU session's set-up and copies would cost more than they save.
 */
const sessionOptions: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
};

export async function loadConvertedNetwork(modelPath: string, options: ConvertedNetworkOptions = {}): Promise<ConvertedNetwork> {
  const files = await readGraphModelFiles(modelPath);
  // tfjs-converter writes the signature at the top, older converters inside userDefinedMetadata.
  const json = files.modelJson as { signature?: unknown; userDefinedMetadata?: { signature?: unknown } };
  const signature = graphSignatureSchema.safeParse(json.signature ?? json.userDefinedMetadata?.signature);
  if (!signature.success) throw new ModelConversionError(`${modelPath} is not a tfjs graph model with a signature`);
  const signatureOutputs = signature.data?.outputs ?? {};
  const outputNames = options.outputs ?? Object.keys(signatureOutputs);
  const outputNodes = outputNames.map((name) => {
    const output = signatureOutputs[name];
    if (!output) throw new ModelConversionError(`${modelPath} has no output '${name}'`);
    return nodeNameOf(output.name);
  });
  // Loaded when a network is first converted: the native runtime stays out of processes that need none.
  const onnxruntime = await import('onnxruntime-node');
  const { cache } = options;
  const key = cache
    ? conversionKey({
        modelJsonText: files.modelJsonText,
        weightData: files.weightData,
        outputs: outputNames,
        runtime: runtimeStamp(onnxruntime.env),
      })
    : '';
  const kept = cache?.find(key) ?? null;
  let session: ort.InferenceSession | null = null;
  if (kept) {
    try {
      // Optimized for this machine already: optimizing it again would only cost time.
      session = await onnxruntime.InferenceSession.create(kept, { ...sessionOptions, graphOptimizationLevel: 'disabled' });
    } catch (error) {
      cache?.forget(key, (error as Error).message);
    }
  }
  if (!session) {
    const onnxModel = await convertGraphModel(modelPath, files, { outputNodes, outputNames });
    session = await createAndKeep(onnxruntime, onnxModel, cache?.stage(key) ?? null);
  }
  const inputShape = imageInputShape(session, modelPath);
  const loaded = session;
  return {
    inputShape,
    outputNames,
    weightsBytes: files.weightData.byteLength,
    run: async (input) => {
      const results = await loaded.run({ [inputName]: new onnxruntime.Tensor('float32', input, [...inputShape]) });
      return outputNames.map((name) => {
        const data = results[name]?.data;
        if (!(data instanceof Float32Array)) throw new ModelConversionError(`the network gave no float output '${name}'`);
        return data;
      });
    },
    release: () => loaded.release(),
  };
}

/** The tfjs graph's nodes converted to an ONNX model (convert-graph.ts). */
async function convertGraphModel(
  modelPath: string,
  files: GraphModelFiles,
  outputs: { outputNodes: string[]; outputNames: readonly string[] },
): Promise<Uint8Array> {
  const topology = graphTopologySchema.safeParse(files.modelJson.modelTopology);
  if (!topology.success) throw new ModelConversionError(`${modelPath} is not a tfjs graph model: its topology is not readable`);
  const nodes = topology.data.node;
  const placeholders = nodes.filter((node) => node.op === 'Placeholder');
  if (placeholders.length !== 1)
    throw new ModelConversionError(`${modelPath} has ${placeholders.length} inputs; one image input is supported`);
  const inputShape = placeholderShape(placeholders[0]!);
  // The converter and its protobuf writer (some 45 ms to import) load only when the cache has no copy.
  const { convertGraphToOnnx } = await import('./convert-graph.js');
  const specs = z.array(weightSpecSchema).safeParse(files.weightSpecs);
  if (!specs.success) throw new ModelConversionError(`${modelPath}: its weights manifest is not readable (${specs.error.message})`);
  const constants = decodeGraphWeights(files.weightData, specs.data);
  return convertGraphToOnnx({ nodes, constants }, { ...outputs, inputShape, inputName });
}

/**
 * A session for a freshly converted network; with `staged`, onnxruntime also writes the graph as it
 * optimized it (fusions, this CPU's memory layout) and the weights as it packed them for its
 * kernels, to be kept: a later start maps them and creates BlazePose's session in about 12 ms
 * instead of 135. A copy that cannot be written costs only that.
 */
async function createAndKeep(onnxruntime: typeof ort, onnxModel: Uint8Array, staged: StagedNetwork | null): Promise<ort.InferenceSession> {
  if (!staged) return onnxruntime.InferenceSession.create(onnxModel, sessionOptions);
  let session: ort.InferenceSession;
  try {
    session = await onnxruntime.InferenceSession.create(onnxModel, {
      ...sessionOptions,
      optimizedModelFilePath: staged.graphPath,
      extra: {
        session: {
          optimized_model_external_initializers_file_name: staged.weightsFileName,
          optimized_model_external_initializers_min_size_in_bytes: '1024',
          save_external_prepacked_constant_initializers: '1',
        },
      },
    });
  } catch (error) {
    staged.drop((error as Error).message);
    return onnxruntime.InferenceSession.create(onnxModel, sessionOptions);
  }
  staged.keep();
  return session;
}

const imageInputSchema = z.object({
  name: z.literal(inputName),
  isTensor: z.literal(true),
  type: z.literal('float32'),
  shape: z.tuple([z.literal(1), z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
});

/** The session's one image input, NHWC with batch 1, as the conversion wrote it. */
function imageInputShape(session: ort.InferenceSession, modelPath: string): readonly [number, number, number, number] {
  const inputs = z.tuple([imageInputSchema]).safeParse(session.inputMetadata);
  if (!inputs.success)
    throw new ModelConversionError(`${modelPath}: the converted network does not take one NHWC image (${inputs.error.message})`);
  return inputs.data[0].shape;
}
