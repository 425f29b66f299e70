import { parentPort, workerData } from 'node:worker_threads';
import type { HumanRuntime } from '../inference/human/human-runtime.js';
import { CalibrationError } from './errors.js';
import { photoReaderInputSchema, type PhotoReaderAnswer } from './messages.js';
import { readMarkerPhoto } from './read-marker-photo.js';

/**
 * A one-off thread that reads the calibration photos and exits: calibration is a rare staff step,
 * so its networks (about 140 MB, for a person's photos) live only while it runs, and neither
 * they nor the marker search (a few hundred ms on a full photo) run on the service's event loop.
 * A marker photo alone never loads them.
 */

if (!parentPort) throw new Error('the calibration photo reader must run as a worker thread');
const port = parentPort;

async function read(): Promise<PhotoReaderAnswer> {
  const input = photoReaderInputSchema.parse(workerData);
  let runtime: HumanRuntime | null = null;
  try {
    const readings = [];
    for (const photo of input.photos) {
      if (photo.view === 'marker') {
        readings.push(await readMarkerPhoto(photo.bytes));
        continue;
      }
      const [{ captureHumanOptions }, { createHumanRuntime }, { readPersonPhoto }] = await Promise.all([
        import('../inference/capture-checks/human-settings.js'),
        import('../inference/human/human-runtime.js'),
        import('./read-person-photo.js'),
      ]);
      runtime ??= await createHumanRuntime(captureHumanOptions);
      readings.push(await readPersonPhoto(runtime, photo.bytes, photo.view));
    }
    return { type: 'read', readings };
  } finally {
    runtime?.dispose();
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
