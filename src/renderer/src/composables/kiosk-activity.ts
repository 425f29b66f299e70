import { inject, type InjectionKey } from 'vue';

/** App.vue provides it: views call it when the customer is present without touching (in front of the camera). */
export const kioskActivityKey: InjectionKey<() => void> = Symbol('kiosk-activity');

export function useKioskActivity(): () => void {
  return inject(kioskActivityKey, () => undefined);
}
