import { join } from 'node:path';
import createCalibrationWorker from './calibration/photo-reader-worker.ts?nodeWorker';
import createHumanChecksWorker from './inference/human-checks/worker.ts?nodeWorker';
import createInferenceWorker from './inference/worker.ts?nodeWorker';
import { startKioskShell } from './shell/kiosk-app.js';

// Electron entry: the worker threads are built by electron-vite (`?nodeWorker`); the shell does the rest.
startKioskShell({
  inferenceWorkerFactory: createInferenceWorker,
  humanChecksWorkerFactory: createHumanChecksWorker,
  calibrationWorkerFactory: createCalibrationWorker,
  // A sandboxed preload cannot be an ES module: electron-vite builds it as CommonJS (index.cjs).
  preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
});
