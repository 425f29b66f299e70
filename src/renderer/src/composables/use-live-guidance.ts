import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { dataOf } from '../api/api-client';
import type { CapturePerson } from '../api/generated/openapi';
import { AutoCaptureGate } from '../capture/auto-capture-gate';
import { guidanceFor, personInView, type Guidance } from '../capture/capture-guidance';
import type { CaptureView } from '../stores/scan-flow';
import { useApiStore } from '../stores/api';

export interface LiveGuidanceOptions {
  /** The current camera frame, small (a JPEG data URL), or null while there is none. */
  grabFrame: () => string | null;
  view: Readonly<Ref<CaptureView>>;
  /** Checks run only while true (not while a photo is being reviewed). */
  active: Readonly<Ref<boolean>>;
  onAutoCapture: () => void;
  /** A person is in front of the camera: the kiosk is in use even without touches. */
  onPersonInView: () => void;
  /** Pause between one check's answer and the next frame: about 1.5 checks a second. */
  pauseBetweenChecksMs?: number;
  countdownMs?: number;
}

const tickMs = 200;

/**
 * Live guidance: sends camera frames to POST /api/v1/capture/check one at a time, turns the answer
 * into the words to show, and runs the auto-capture countdown while the checks pass.
 */
export function useLiveGuidance(options: LiveGuidanceOptions) {
  const pauseMs = options.pauseBetweenChecksMs ?? 400;
  const gate = new AutoCaptureGate({ countdownMs: options.countdownMs ?? 3000, maxCheckAgeMs: 2500 });
  const guidance = ref<Guidance | null>(null);
  const secondsLeft = ref<number | null>(null);
  /** The pose the last check saw, for the skeleton over the video. */
  const person = ref<CapturePerson | null>(null);
  /** The check endpoint failed (models loading, service busy): the customer can still take the photo by hand. */
  const unavailable = ref(false);
  let stopped = false;
  let checkTimer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;

  async function checkOnce(): Promise<void> {
    const frame = options.active.value ? options.grabFrame() : null;
    if (!frame) return;
    const askedFor = generation;
    const view = options.view.value;
    try {
      const check = await dataOf(
        useApiStore()
          .requireClient()
          .http.POST('/api/v1/capture/check', { body: { image: frame, view } }),
      );
      // A retake or a new view since the frame was taken makes this answer stale.
      if (askedFor !== generation || stopped) return;
      unavailable.value = false;
      guidance.value = guidanceFor(check);
      person.value = check.person;
      gate.onCheck(guidance.value.ready, performance.now());
      if (personInView(check)) options.onPersonInView();
    } catch {
      if (askedFor !== generation || stopped) return;
      unavailable.value = true;
      person.value = null;
      gate.onCheck(false, performance.now());
    }
  }

  async function checkLoop(): Promise<void> {
    if (stopped) return;
    await checkOnce();
    if (!stopped) checkTimer = setTimeout(() => void checkLoop(), pauseMs);
  }

  const ticker = setInterval(() => {
    const now = performance.now();
    secondsLeft.value = options.active.value ? gate.secondsLeft(now) : null;
    if (options.active.value && gate.shouldCapture(now)) options.onAutoCapture();
  }, tickMs);

  /** Forget the last answers and start again (a retake, the side view). */
  function reset(): void {
    generation += 1;
    gate.reset();
    guidance.value = null;
    person.value = null;
    secondsLeft.value = null;
  }

  watch(options.view, reset);
  void checkLoop();

  onBeforeUnmount(() => {
    stopped = true;
    clearInterval(ticker);
    if (checkTimer !== null) clearTimeout(checkTimer);
  });

  return { guidance, person, secondsLeft, unavailable, reset };
}
