import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import { loadLivePoseDetector, type LivePoseDetector } from '../capture/human-pose-detector';
import { personOfHumanBodies, type LivePose } from '../capture/live-pose';

export interface LivePoseOptions {
  /** The live video element, or null while there is none. */
  video: () => HTMLVideoElement | null;
  /** Detection runs only while true (not while a photo is being reviewed). */
  active: Readonly<Ref<boolean>>;
  /** Loads Human; replaceable in tests. */
  load?: () => Promise<LivePoseDetector>;
}

/** 'loading' until Human is ready, then 'running'; 'unavailable' when it cannot run here (the server's skeleton is drawn). */
export type LivePoseState = 'loading' | 'running' | 'unavailable';

const idleWaitMs = 100;

/**
 * Human's body model on the live video, in the renderer: loaded when the capture screen opens,
 * detections one after another (as fast as the GPU allows), and on every drawn frame the last one
 * smoothed towards now. Any failure is a console warning and the server's skeleton is drawn instead.
 */
export function useLivePose(options: LivePoseOptions) {
  const pose = shallowRef<LivePose | null>(null);
  const state = ref<LivePoseState>('loading');
  /** Detections in the last whole second, for staff and the e2e test (data-live-pose-fps). */
  const detectionsPerSecond = ref(0);
  let stopped = false;
  let frameRequest: number | null = null;
  let lastDetectionAt: number | null = null;
  let countedSince = 0;
  let counted = 0;

  function giveUp(error: unknown): void {
    if (stopped) return;
    stopped = true;
    if (frameRequest !== null) cancelAnimationFrame(frameRequest);
    console.warn('Live pose (Human in the renderer) unavailable; drawing the pose of the server checks instead.', error);
    state.value = 'unavailable';
    pose.value = null;
  }

  function readyVideo(): HTMLVideoElement | null {
    const video = options.video();
    return options.active.value && video && video.readyState >= 2 && video.videoWidth > 0 ? video : null;
  }

  async function detectLoop(detector: LivePoseDetector): Promise<void> {
    while (!stopped) {
      const video = readyVideo();
      if (!video) {
        lastDetectionAt = null;
        pose.value = null;
        await new Promise((resolve) => setTimeout(resolve, idleWaitMs));
        continue;
      }
      if (await detector.detect(video)) {
        const now = performance.now();
        lastDetectionAt = now;
        counted += 1;
        if (now - countedSince >= 1000) {
          detectionsPerSecond.value = Math.round((counted * 1000) / (now - countedSince));
          countedSince = now;
          counted = 0;
        }
      }
      // Let the page draw before the next detection.
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  function drawLoop(detector: LivePoseDetector): void {
    if (stopped) return;
    if (lastDetectionAt !== null && options.active.value)
      pose.value = { person: personOfHumanBodies(detector.current()), detectedAtMs: lastDetectionAt };
    frameRequest = requestAnimationFrame(() => drawLoop(detector));
  }

  onMounted(() => {
    (options.load ?? loadLivePoseDetector)()
      .then((detector) => {
        if (stopped) return;
        state.value = 'running';
        countedSince = performance.now();
        drawLoop(detector);
        return detectLoop(detector);
      })
      .catch(giveUp);
  });

  onBeforeUnmount(() => {
    stopped = true;
    if (frameRequest !== null) cancelAnimationFrame(frameRequest);
  });

  return { pose, state, detectionsPerSecond };
}
