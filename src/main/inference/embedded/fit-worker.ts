import { parentPort } from 'node:worker_threads';
import { loadOpenBodyModel } from '../../body/load-model.js';
import { fitRequestSchema, type FromFitWorker } from './fit-messages.js';
import { fitSilhouettes } from './silhouette-fit.js';

/**
 * A burst's fit thread: fits frame sets' silhouettes while the scan's own thread runs Human on the
 * next frames (their networks take one core; this is the other). Pure JavaScript on the data the scan
 * prepared, so it loads nothing but the body models, each on its first use.
 */

if (!parentPort) throw new Error('the fit worker must run as a worker thread');
const port = parentPort;

function send(message: FromFitWorker): void {
  port.postMessage(message);
}

port.on('message', (raw: unknown) => {
  const parsed = fitRequestSchema.safeParse(raw);
  if (!parsed.success) {
    // Without a valid id nothing can be answered: the scan's deadline for it ends the wait.
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'number') send({ type: 'fit_failed', id, message: `malformed fit request: ${parsed.error.message}`, stack: null });
    return;
  }
  const request = parsed.data;
  loadOpenBodyModel(request.gender)
    .then((model) => send({ type: 'fitted', id: request.id, fit: fitSilhouettes({ ...request.input, model }) }))
    .catch((error: unknown) =>
      send({ type: 'fit_failed', id: request.id, message: (error as Error).message, stack: (error as Error).stack ?? null }),
    );
});

send({ type: 'ready' });
