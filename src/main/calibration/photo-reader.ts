import { sourceWorkerFactory, type WorkerFactory } from '../threads/worker-factory.js';
import { CalibrationError } from './errors.js';
import { photoReaderAnswerSchema, type PhotoReaderInput } from './messages.js';
import type { MarkerPhotoReading } from './read-marker-photo.js';
import type { PersonPhotoReading } from './solve-person.js';

/** One reading per photo, in the photos' order: a person's rows, or the floor marker's corners. */
type CalibrationPhotoReading = PersonPhotoReading | MarkerPhotoReading;

/** Reads the calibration photos in a thread of their own; what the API and `perfit calibrate` call. */
export type CalibrationPhotoReader = (photos: PhotoReaderInput['photos']) => Promise<CalibrationPhotoReading[]>;

/** Loading Human (a few seconds) and reading two photos; a thread still busy after this is stuck. */
export const defaultPhotoReaderTimeoutMs = 120_000;

export function threadPhotoReader(options: { workerFactory?: WorkerFactory; timeoutMs?: number } = {}): CalibrationPhotoReader {
  const factory = options.workerFactory ?? sourceWorkerFactory(new URL('./photo-reader-worker.ts', import.meta.url));
  const timeoutMs = options.timeoutMs ?? defaultPhotoReaderTimeoutMs;
  return (photos) =>
    new Promise<CalibrationPhotoReading[]>((resolve, reject) => {
      // The photos are copied, so the caller keeps its buffers.
      const worker = factory({ workerData: { photos: photos.map((photo) => ({ view: photo.view, bytes: new Uint8Array(photo.bytes) })) } });
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
        void worker.terminate();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new CalibrationError(
                'calibration_worker_failed',
                `Reading the calibration photos took more than ${Math.round(timeoutMs / 1000)} s`,
              ),
            ),
          ),
        timeoutMs,
      );
      worker.once('message', (raw: unknown) => {
        const parsed = photoReaderAnswerSchema.safeParse(raw);
        finish(() => {
          if (!parsed.success)
            reject(new CalibrationError('calibration_worker_failed', 'The calibration photo reader answered something malformed'));
          else if (parsed.data.type === 'failed') reject(new CalibrationError(parsed.data.code, parsed.data.message));
          else resolve(parsed.data.readings);
        });
      });
      worker.once('error', (error) =>
        finish(() => reject(new CalibrationError('calibration_worker_failed', `The calibration photo reader failed: ${error.message}`))),
      );
      worker.once('exit', (code) =>
        finish(() =>
          reject(
            new CalibrationError('calibration_worker_failed', `The calibration photo reader stopped (exit code ${code}) before answering`),
          ),
        ),
      );
    });
}
