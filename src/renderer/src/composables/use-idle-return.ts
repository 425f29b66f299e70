import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { IdleTimer } from '../idle/idle-timer';
import { useScanFlowStore } from '../stores/scan-flow';
import { useSettingsStore } from '../stores/settings';

/** The "are you still there?" question comes this long (at most half the timeout) before the kiosk clears the customer's data. */
export const idleWarningMs = 10_000;
const activityEvents = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Returns the kiosk to the start screen, with the customer's data cleared, after the idle timeout
 * from the settings. Not on the start screen (nothing to clear) and not while a scan is processing
 * (the customer is waiting; the result screen then starts the count).
 */
export function useIdleReturn(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window) {
  const flow = useScanFlowStore();
  const settingsStore = useSettingsStore();
  const warningVisible = ref(false);
  const warningEndsAt = ref(0);
  const now = ref(Date.now());
  let clock: ReturnType<typeof setInterval> | null = null;

  const counting = computed(() => flow.screen !== 'start' && flow.screen !== 'processing');
  const secondsLeft = computed(() => Math.max(0, Math.ceil((warningEndsAt.value - now.value) / 1000)));

  function hideWarning(): void {
    warningVisible.value = false;
    if (clock !== null) clearInterval(clock);
    clock = null;
  }

  const timer = computed(() => {
    const timeoutMs = settingsStore.settings.idleTimeoutSeconds * 1000;
    // A short timeout still leaves the customer the first half before the question appears.
    const warningMs = Math.min(idleWarningMs, timeoutMs / 2);
    return new IdleTimer({
      timeoutMs,
      warningMs,
      onWarning: () => {
        warningVisible.value = true;
        now.value = Date.now();
        warningEndsAt.value = now.value + warningMs;
        clock = setInterval(() => (now.value = Date.now()), 250);
      },
      onIdle: () => {
        hideWarning();
        flow.reset();
      },
    });
  });

  /** A sign of the customer: a touch, a key, a person in front of the camera. */
  function poke(): void {
    hideWarning();
    if (counting.value) timer.value.poke();
  }

  watch(
    [counting, timer],
    ([isCounting], [, oldTimer]) => {
      oldTimer?.stop();
      hideWarning();
      if (isCounting) timer.value.poke();
      else timer.value.stop();
    },
    { immediate: true },
  );

  const onActivity = (): void => poke();
  onMounted(() => activityEvents.forEach((name) => target.addEventListener(name, onActivity, { passive: true })));
  onBeforeUnmount(() => {
    activityEvents.forEach((name) => target.removeEventListener(name, onActivity));
    timer.value.stop();
    hideWarning();
  });

  return { warningVisible, secondsLeft, poke };
}
