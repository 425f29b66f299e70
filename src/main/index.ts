import { join } from 'node:path';
import createCaptureCheckWorker from './inference/capture-checks/worker.ts?nodeWorker';
import createFaceCheckWorker from './inference/face-check/worker.ts?nodeWorker';
import createInferenceWorker from './inference/worker.ts?nodeWorker';
import { startKioskShell } from './shell/kiosk-app.js';

// Electron entry: the worker threads are built by electron-vite (`?nodeWorker`); the shell does the rest.
startKioskShell({
  inferenceWorkerFactory: createInferenceWorker,
  faceCheckWorkerFactory: createFaceCheckWorker,
  captureCheckWorkerFactory: createCaptureCheckWorker,
  // A sandboxed preload cannot be an ES module: electron-vite builds it as CommonJS (index.cjs).
  preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
});
