import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useSettingsStore } from './settings';

/** Wrong PINs in a row before the pad locks, and for how long: slows guessing at an unattended kiosk. */
export const maxWrongPinAttempts = 5;
export const pinLockoutMs = 60_000;

export type UnlockResult = 'unlocked' | 'wrong_pin' | 'locked_out';

/** The PIN gate in front of the staff screens. */
export const useStaffStore = defineStore('staff', () => {
  const unlocked = ref(false);
  const wrongAttempts = ref(0);
  const lockedUntilMs = ref<number | null>(null);

  function isLockedOut(nowMs: number): boolean {
    return lockedUntilMs.value !== null && nowMs < lockedUntilMs.value;
  }

  function unlock(pin: string, nowMs = Date.now()): UnlockResult {
    if (isLockedOut(nowMs)) return 'locked_out';
    if (pin === useSettingsStore().settings.staffPin) {
      unlocked.value = true;
      wrongAttempts.value = 0;
      lockedUntilMs.value = null;
      return 'unlocked';
    }
    wrongAttempts.value += 1;
    if (wrongAttempts.value >= maxWrongPinAttempts) {
      wrongAttempts.value = 0;
      lockedUntilMs.value = nowMs + pinLockoutMs;
      return 'locked_out';
    }
    return 'wrong_pin';
  }

  function lock(): void {
    unlocked.value = false;
  }

  return { unlocked, wrongAttempts, lockedUntilMs, isLockedOut, unlock, lock };
});
