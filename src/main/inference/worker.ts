import { parentPort, workerData } from 'node:worker_threads';
import type { Pipeline, PipelineModule, PipelineOptions, ScanResult } from './pipeline.js';
import { ScanRejectedError } from './pipeline.js';
import { selectPipeline } from './pipeline-selection.js';
import { rangeWarnings } from './range-check.js';
import { toWorkerSchema, workerInitSchema, type FromWorker, type ToWorker } from './worker-messages.js';

/**
 * The inference worker thread: loads one pipeline, warms it up, then runs one scan at a time.
 * Everything it sends is a `FromWorker` message; the host parses them again on its side.
 */

if (!parentPort) throw new Error('inference worker must run as a worker thread');
const port = parentPort;
const init = workerInitSchema.parse(workerData);

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

const log: PipelineOptions['log'] = (level, message, fields) => {
  send({ type: 'log', level, message, fields: fields ?? null });
};

async function loadPipeline(): Promise<Pipeline> {
  const options: PipelineOptions = {
    modelsDir: init.modelsDir,
    choice: init.choice,
    warmUpInference: init.warmUpInference,
    ...(init.cacheDir ? { cacheDir: init.cacheDir } : {}),
    log,
  };
  if (init.pipelineModuleUrl) {
    const module = (await import(init.pipelineModuleUrl)) as PipelineModule;
    return module.createPipeline(options);
  }
  return selectPipeline(options);
}

let pipeline: Pipeline | null = null;
let busy = false;

async function start(): Promise<void> {
  const started = performance.now();
  try {
    pipeline = await loadPipeline();
    await pipeline.warmUp();
    send({ type: 'ready', info: pipeline.info, warmUpMs: performance.now() - started });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    send({
      type: 'init_failed',
      code: typeof code === 'string' ? code : 'pipeline_load_failed',
      message: (error as Error).message,
    });
  }
}

function transferablesOf(result: ScanResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const artifact of result.artifacts) {
    const buffer = artifact.bytes.buffer;
    if (buffer instanceof ArrayBuffer && artifact.bytes.byteLength === buffer.byteLength) buffers.add(buffer);
  }
  return [...buffers];
}

async function runScan(input: Parameters<Pipeline['run']>[0]): Promise<void> {
  if (!pipeline) {
    send({ type: 'scan_failed', jobId: input.jobId, code: 'no_pipeline', message: 'No pipeline is loaded', retry: false, stack: null });
    return;
  }
  busy = true;
  const started = performance.now();
  let stageStarted = started;
  let currentStage: string | null = null;
  try {
    const result = await pipeline.run(input, ({ stage, percent }) => {
      const now = performance.now();
      const timing = currentStage ? { stage: currentStage, durationMs: now - stageStarted } : null;
      currentStage = stage;
      stageStarted = now;
      send({ type: 'progress', jobId: input.jobId, stage, percent, timing });
    });
    if (currentStage) {
      send({
        type: 'progress',
        jobId: input.jobId,
        stage: 'done',
        percent: 100,
        timing: { stage: currentStage, durationMs: performance.now() - stageStarted },
      });
    }
    const warnings = [...(await rangeWarnings(input.gender, result.measurements)), ...(result.warnings ?? [])];
    send({ type: 'result', jobId: input.jobId, result, warnings, totalMs: performance.now() - started }, transferablesOf(result));
  } catch (error) {
    const rejected = error instanceof ScanRejectedError;
    send({
      type: 'scan_failed',
      jobId: input.jobId,
      code: rejected ? error.code : 'pipeline_failed',
      message: (error as Error).message,
      retry: !rejected,
      stack: rejected ? null : ((error as Error).stack ?? null),
    });
  } finally {
    busy = false;
  }
}

/**
 * Answers a face check once the pipeline has loaded (or failed to), so that it uses the pipeline's
 * Human rather than load one beside it; it does not wait for a scan in progress.
 */
async function detectFaces(request: Extract<ToWorker, { type: 'detect' }>): Promise<void> {
  await started;
  try {
    const { detectFacesInThisThread } = await import('./human/face-check-in-thread.js');
    send({ type: 'detected', id: request.id, detection: await detectFacesInThisThread(request.imageBytes) });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    send({
      type: 'detect_failed',
      id: request.id,
      code: code === 'image_undecodable' ? code : code === 'model_load_failed' ? 'face_detector_unavailable' : 'face_check_failed',
      message: (error as Error).message,
      stack: (error as Error).stack ?? null,
    });
  }
}

port.on('message', (raw: unknown) => {
  const parsed = toWorkerSchema.safeParse(raw);
  if (!parsed.success) {
    log('error', 'inference worker received a malformed message', { issues: parsed.error.issues.slice(0, 3) });
    return;
  }
  const message = parsed.data;
  if (message.type === 'shutdown') {
    void (async () => {
      await pipeline?.close();
      port.close();
    })();
    return;
  }
  if (message.type === 'detect') {
    void detectFaces(message);
    return;
  }
  if (busy) {
    send({
      type: 'scan_failed',
      jobId: message.input.jobId,
      code: 'worker_busy',
      message: 'The worker runs one scan at a time',
      retry: true,
      stack: null,
    });
    return;
  }
  void runScan(message.input);
});

const started = start();
