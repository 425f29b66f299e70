import type { Config } from '@vladmandic/human';
import type { CapturePerson } from '../api/generated/openapi';

/**
 * The live pose: @vladmandic/human's body model (MoveNet Lightning) on the camera's video in the
 * renderer, at frame rate, so the skeleton follows the customer between the server's capture checks.
 * The server's check stays the authority for the guidance words and the automatic photo; this is
 * only the drawing. This file is the part without Human or Vue (unit-tested); the loader is
 * `human-pose-detector.ts`.
 */

/** Where the build puts the body model (electron.vite.config.ts copies it from node_modules): the kiosk's own origin. */
export const liveBodyModelPath = 'models/movenet-lightning.json';

/** A body as Human answers it (only what the overlay needs; no import of Human here). */
export interface HumanBodyLike {
  score: number;
  /** [x, y, width, height] in fractions of the frame. */
  boxRaw: readonly number[];
  /** positionRaw: [x, y, …] in fractions of the frame (Human rescales MoveNet's padded square back to the frame). */
  keypoints: ReadonlyArray<{ part: string; positionRaw: ReadonlyArray<number | undefined>; score: number }>;
}

/** Human's bodies are below this confidence (MoveNet always answers 17 points, even for an empty room). */
export const minLiveBodyScore = 0.3;

/** Human's body in the server check's format (fractions of the frame): the overlay draws either the same way. */
export function personOfHumanBody(body: HumanBodyLike): CapturePerson {
  const [x = 0, y = 0, width = 0, height = 0] = body.boxRaw;
  return {
    score: body.score,
    box: { x, y, width, height },
    keypoints: body.keypoints.flatMap((point) => {
      const [px, py] = point.positionRaw;
      return px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)
        ? []
        : [{ part: point.part, x: px, y: py, score: point.score }];
    }),
  };
}

/** The most confident body Human saw, as a person, or null when it saw none sure enough. */
export function personOfHumanBodies(bodies: readonly HumanBodyLike[], minScore = minLiveBodyScore): CapturePerson | null {
  let best: HumanBodyLike | null = null;
  for (const body of bodies) if (body.score >= minScore && (best === null || body.score > best.score)) best = body;
  return best ? personOfHumanBody(best) : null;
}

/** What Human saw on the video, and when (performance.now() of the detection). */
export interface LivePose {
  person: CapturePerson | null;
  detectedAtMs: number;
}

export type SkeletonSource = 'human' | 'server';

export interface ChosenSkeleton {
  person: CapturePerson | null;
  source: SkeletonSource | null;
}

/** A live pose older than this (Human stalled, the tab hidden) gives way to the server's. */
export const maxLivePoseAgeMs = 1000;

/**
 * Which skeleton to draw: Human's live one while it is fresh and has found a person, otherwise the
 * one the server's last check saw (no WebGL, the model missing, Human not loaded yet, or Human
 * seeing nobody where the server did: the server is the authority).
 */
export function chooseSkeleton(
  live: LivePose | null,
  server: CapturePerson | null,
  nowMs: number,
  maxAgeMs = maxLivePoseAgeMs,
): ChosenSkeleton {
  if (live?.person && nowMs - live.detectedAtMs <= maxAgeMs) return { person: live.person, source: 'human' };
  return server ? { person: server, source: 'server' } : { person: null, source: null };
}

/** Human draws each frame into a canvas this size (longer side) before MoveNet's 192 × 192: less to copy and upload. */
export const liveInputMaxSidePx = 384;

/** The size Human scales the video frame to (same aspect: the keypoints stay fractions of the frame). */
export function liveInputSize(videoWidth: number, videoHeight: number, maxSidePx = liveInputMaxSidePx): { width: number; height: number } {
  const scale = Math.min(1, maxSidePx / Math.max(videoWidth, videoHeight, 1));
  return { width: Math.max(1, Math.round(videoWidth * scale)), height: Math.max(1, Math.round(videoHeight * scale)) };
}

/**
 * Human's configuration for the live video: WebGL, the body model only (one person), everything
 * else off; models from the kiosk's own origin and not cached in IndexedDB (the HTTP cache does).
 */
export function liveHumanConfig(modelUrl: string): Partial<Config> {
  return {
    backend: 'webgl',
    modelBasePath: '',
    cacheModels: false,
    validateModels: false,
    debug: false,
    async: true,
    warmup: 'none',
    // Every frame is looked at: the point is to follow the customer smoothly.
    skipAllowed: false,
    cacheSensitivity: 0,
    filter: { enabled: false },
    gesture: { enabled: false },
    face: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    body: { enabled: true, modelPath: modelUrl, maxDetected: 1, minConfidence: minLiveBodyScore },
  };
}
