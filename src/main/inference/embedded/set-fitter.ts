import type { Worker } from 'node:worker_threads';
import type { BodyModel } from '../../body/model.js';
import type { PipelineOptions } from '../pipeline.js';
import { nestedWorkerUrl } from '../../threads/nested-worker-url.js';
import { WorkerClient, type WorkerFailure } from '../../threads/worker-client.js';
import { sourceWorkerFactory, type WorkerFactory } from '../../threads/worker-factory.js';
import { fromFitWorkerSchema, type FitRequest, type FromFitWorker } from './fit-messages.js';
import { fitSilhouettes, type SilhouetteFit, type SilhouetteFitInput } from './silhouette-fit.js';

/** Fits a frame set's silhouettes: here, or in a thread of its own while this one runs Human. */
export interface SetFitter {
  fit(gender: FitRequest['gender'], input: Omit<SilhouetteFitInput, 'model'>, model: BodyModel): Promise<SilhouetteFit | null>;
  close(): Promise<void>;
}

export const inThreadFitter: SetFitter = {
  fit: (_, input, model) => Promise.resolve(fitSilhouettes({ ...input, model })),
  close: () => Promise.resolve(),
};

/** A fit takes well under a second; one still running after this is stuck and its thread is replaced. */
const fitTimeoutMs = 30_000;

/** A fit thread's own failure (it could not start, died or got stuck), as opposed to the fit's. */
class FitWorkerFailure extends Error {
  override readonly name = 'FitWorkerFailure';
  readonly code = 'fit_worker_failed';
  constructor(
    readonly kind: WorkerFailure | 'fit_failed',
    message: string,
  ) {
    super(message);
  }
}

/** Where the fit thread's entry is, for this module's URL (nested-worker-url.ts). */
export function fitWorkerUrl(moduleUrl: string = import.meta.url): URL {
  return nestedWorkerUrl(moduleUrl, { name: 'fit-worker', sourceFolder: 'inference/embedded' });
}

/**
 * Fits in a worker thread (fit-worker.ts), started on the first fit and kept until `close`. A fit
 * the thread cannot give (it died or got stuck) is done here instead, and the log says so: the
 * scan is slower, not lost. A thread that stops before it is ready (its entry missing from a
 * build, say) is not started again: every fit from then on is done here, and the log says so once.
 */
export function workerFitter(options: { log: PipelineOptions['log']; workerFactory?: WorkerFactory }): SetFitter {
  const factory = options.workerFactory ?? sourceWorkerFactory(fitWorkerUrl());
  // Kept for the pipeline's life, but only fits in progress hold the process open: an idle thread
  // must not keep a one-off `perfit scan` or a test from ending.
  let worker: Worker | null = null;
  let pending = 0;
  let unavailable = false;
  const client: WorkerClient<FromFitWorker, SilhouetteFit | null> = new WorkerClient({
    name: 'fit',
    workerFactory: (workerOptions) => {
      options.log('info', "starting the burst's fit thread", {});
      const started = factory(workerOptions);
      worker = started;
      if (pending === 0) started.unref();
      // Registered before the client's own listener: a thread gone before it was ready would be
      // started again and again, with the waiting fits never answered.
      started.once('exit', (code) => {
        if (unavailable || client.isReady()) return;
        unavailable = true;
        options.log('warn', "the burst's fit thread stopped before it was ready; bursts are fitted in the scan thread", { exitCode: code });
        void client.close();
      });
      return started;
    },
    timeoutMs: fitTimeoutMs,
    messageSchema: fromFitWorkerSchema,
    failure: (kind, message) => new FitWorkerFailure(kind, message),
    classify(message) {
      switch (message.type) {
        case 'ready':
          return { kind: 'ready', fields: {} };
        case 'init_failed':
          return { kind: 'init_failed', message: message.message };
        case 'fitted':
          return { kind: 'answer', id: message.id, result: message.fit };
        case 'fit_failed':
          return { kind: 'refusal', id: message.id, error: new FitWorkerFailure('fit_failed', message.message) };
      }
    },
  });
  return {
    async fit(gender, input, model) {
      if (unavailable) return fitSilhouettes({ ...input, model });
      pending += 1;
      worker?.ref();
      try {
        return await client.request((id) => ({ message: { type: 'fit', id, gender, input } satisfies FitRequest }));
      } catch (error) {
        // Said once above when the thread never became ready; a fit it dropped is said here.
        if (!unavailable)
          options.log('warn', 'the fit thread failed; fitting this frame set in the scan thread instead', {
            reason: (error as Error).message,
          });
        return fitSilhouettes({ ...input, model });
      } finally {
        pending -= 1;
        if (pending === 0) worker?.unref();
      }
    },
    close: () => client.close(),
  };
}
