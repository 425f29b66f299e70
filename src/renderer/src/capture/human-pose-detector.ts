import type { Human } from '@vladmandic/human';
import { liveBodyModelPath, liveHumanConfig, liveInputSize, type HumanBodyLike } from './live-pose';

/** Human on the live video: one detection at a time, and the last one smoothed towards now. */
export interface LivePoseDetector {
  /** Runs the body model on the video's current frame; false when Human could not read the frame. */
  detect(video: HTMLVideoElement): Promise<boolean>;
  /** The bodies of the last detection, interpolated towards now (Human's `next()`), for each drawn frame. */
  current(): readonly HumanBodyLike[];
}

/** One Human per page: the WebGL backend and the model load once and stay for the next customer. */
let loading: Promise<LivePoseDetector> | null = null;

/**
 * Loads @vladmandic/human (its own chunk: only the capture screen asks for it) with the body model
 * from the kiosk's own origin, on WebGL. Rejects when there is no WebGL or the model did not load;
 * the caller then draws the server's skeleton.
 */
export function loadLivePoseDetector(baseUri: string = document.baseURI): Promise<LivePoseDetector> {
  loading ??= createDetector(new URL(liveBodyModelPath, baseUri).href).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function createDetector(modelUrl: string): Promise<LivePoseDetector> {
  const { Human } = await import('@vladmandic/human');
  const human: Human = new Human(liveHumanConfig(modelUrl));
  await human.load();
  const backend = String(human.tf.getBackend());
  // Human falls back to another backend (or none) without throwing; the CPU one is far too slow for video.
  if (backend !== 'webgl') throw new Error(`Human's WebGL backend is not available (backend: ${backend || 'none'})`);
  // A model that failed to load is logged by Human, not thrown, and still listed: its weights are what tell.
  if (!human.models.list().some((model) => model.loaded && model.size > 0))
    throw new Error(`Human's body model did not load from ${modelUrl}`);
  return {
    async detect(video) {
      const result = await human.detect(video, { filter: { enabled: false, ...liveInputSize(video.videoWidth, video.videoHeight) } });
      // Human answers a frame it cannot read (video not ready) with an error, not an exception.
      return !result.error;
    },
    current() {
      return human.next().body;
    },
  };
}
