import { parentPort, workerData } from 'node:worker_threads';
import { captureHumanOptions } from '../inference/capture-checks/human-settings.js';
import { createHumanRuntime } from '../inference/human/human-runtime.js';
import { CalibrationError } from './errors.js';
import { photoReaderInputSchema, type PhotoReaderAnswer } from './messages.js';
import { readPersonPhoto } from './read-person-photo.js';

/**
 * A one-off thread that reads the calibration photos with Human and exits: calibration is a rare
 * staff step, so its Human instance (about 120 MB) lives only while it runs, and tfjs never runs
 * on the service's event loop.
 */

if (!parentPort) throw new Error('the calibration photo reader must run as a worker thread');
const port = parentPort;

async function read(): Promise<PhotoReaderAnswer> {
  const input = photoReaderInputSchema.parse(workerData);
  const runtime = await createHumanRuntime(captureHumanOptions);
  try {
    const readings = [];
    for (const photo of input.photos) readings.push(await readPersonPhoto(runtime, photo.bytes, photo.view));
    return { type: 'read', readings };
  } finally {
    runtime.dispose();
  }
}

read().then(
  (answer) => port.postMessage(answer),
  (error: unknown) => {
    const answer: PhotoReaderAnswer =
      error instanceof CalibrationError
        ? { type: 'failed', code: error.code, message: error.message }
        : {
            type: 'failed',
            code: 'calibration_worker_failed',
            message: `Reading the calibration photos failed: ${(error as Error).message}`,
          };
    port.postMessage(answer);
  },
);
