/**
 * onnxruntime makes its environment (logging, thread pools, the kernels' registry) once per
 * process, on the first session any thread creates: some 45-57 ms on these machines, and the
 * library's loading before it. A thread that would otherwise wait, such as a one-off command's
 * main thread while the inference worker loads its networks, starts the runtime with a session of
 * a one-node model, so that the worker's first network finds it made (its first session then takes
 * about 27 ms instead of 37 plus those 45-57).
 */

/** An ONNX model of one Identity node on one float, as OnnxGraphBuilder writes it (runtime-start.test.ts builds it again). */
export const identityModelBase64 =
  'CAgSBnBlcmZpdDpHChwKAXgSAXkaCklkZW50aXR5XzAiCElkZW50aXR5EgVzdGFydFoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEBE=';

export async function startOnnxRuntime(): Promise<void> {
  const { InferenceSession } = await import('onnxruntime-node');
  const session = await InferenceSession.create(Buffer.from(identityModelBase64, 'base64'), {
    executionProviders: ['cpu'],
    logSeverityLevel: 3,
  });
  await session.release();
}
