import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, dataOf } from '../api/api-client';
import { useApiStore } from './api';

export type UnlockResult = 'unlocked' | 'wrong_pin' | 'locked_out' | 'pin_not_set' | 'unavailable';
export type SetPinResult = 'set' | 'invalid' | 'not_allowed' | 'unavailable';

/** The digits a staff PIN has (the service checks the same rule). */
export const staffPinPattern = /^\d{6,8}$/;

/**
 * The staff gate, decided by the service: the PIN is checked there (hashed, with a lockout that
 * survives reloads) and a correct one opens a staff session whose token the API client keeps in
 * memory only. A reload, Exit, or an expired session closes the staff screens.
 */
export const useStaffStore = defineStore('staff', () => {
  const unlocked = ref(false);
  /** Whether the service has a PIN; null until asked or when it could not be asked. */
  const pinSet = ref<boolean | null>(null);
  /** Seconds until another attempt is allowed, after a lockout. */
  const retryAfterSeconds = ref<number | null>(null);

  const client = () => useApiStore().requireClient();

  async function refreshPinStatus(): Promise<void> {
    try {
      pinSet.value = (await dataOf(client().http.GET('/api/v1/staff/pin'))).pin_set;
    } catch {
      pinSet.value = null;
    }
  }

  async function unlock(pin: string): Promise<UnlockResult> {
    retryAfterSeconds.value = null;
    try {
      const session = await dataOf(client().http.POST('/api/v1/staff/session', { body: { pin } }));
      client().setStaffToken(session.token);
      unlocked.value = true;
      pinSet.value = true;
      return 'unlocked';
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'staff_pin_wrong' || error.code === 'invalid_request') return 'wrong_pin';
      if (error.code === 'staff_locked') {
        retryAfterSeconds.value = error.retryAfterSeconds;
        return 'locked_out';
      }
      if (error.code === 'staff_pin_not_set') {
        pinSet.value = false;
        return 'pin_not_set';
      }
      return 'unavailable';
    }
  }

  /** Sets the PIN (at first start, or as staff) and opens a session with it: setting signs every session out. */
  async function setPin(pin: string): Promise<SetPinResult> {
    if (!staffPinPattern.test(pin)) return 'invalid';
    try {
      await dataOf(client().http.PUT('/api/v1/staff/pin', { body: { pin } }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'invalid_request') return 'invalid';
      if (error.status === 401) return 'not_allowed';
      return 'unavailable';
    }
    pinSet.value = true;
    client().setStaffToken(null);
    unlocked.value = false;
    return (await unlock(pin)) === 'unlocked' ? 'set' : 'unavailable';
  }

  /** The service no longer accepts the token (expired, or signed out elsewhere). */
  function sessionEnded(): void {
    useApiStore().client?.setStaffToken(null);
    unlocked.value = false;
  }

  /** Exit: ends the session on the service too, so the token is worthless even if it was seen. */
  function lock(): void {
    const api = useApiStore().client;
    if (api?.hasStaffToken()) {
      // The request takes its headers when it is made, so the token can be forgotten at once.
      const ending = dataOf(api.http.DELETE('/api/v1/staff/session'));
      api.setStaffToken(null);
      ending.catch(() => undefined);
    }
    unlocked.value = false;
  }

  return { unlocked, pinSet, retryAfterSeconds, refreshPinStatus, unlock, setPin, sessionEnded, lock };
});
