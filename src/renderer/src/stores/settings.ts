import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as z from 'zod';
import { lengthUnits } from '../measurements/units';
import { supportedLocales } from '../i18n/locales';

export const settingsStorageKey = 'perfit.kiosk.settings';
export const idleTimeoutLimitsSeconds = { min: 5, max: 900 } as const;

// Each field falls back to its default on its own, so one bad stored value does not lose the others.
const settingsSchema = z.object({
  /** MediaDeviceInfo.deviceId of the camera; null: the system's default camera. */
  cameraDeviceId: z.string().min(1).nullable().catch(null),
  units: z.enum(lengthUnits).catch('cm'),
  /** The language the kiosk starts each customer in; customers can switch for their scan. */
  locale: z.enum(supportedLocales).catch('en'),
  /** Show which pipeline and models made the avatar on the result screen. */
  showPipelineDetails: z.boolean().catch(false),
  askForSidePhoto: z.boolean().catch(true),
  idleTimeoutSeconds: z.number().int().min(idleTimeoutLimitsSeconds.min).max(idleTimeoutLimitsSeconds.max).catch(90),
});

export type KioskSettings = z.infer<typeof settingsSchema>;

export function parseSettings(stored: unknown): KioskSettings {
  return settingsSchema.parse(typeof stored === 'object' && stored !== null ? stored : {});
}

function readStoredSettings(storage: Storage): KioskSettings {
  try {
    return parseSettings(JSON.parse(storage.getItem(settingsStorageKey) ?? '{}'));
  } catch {
    return parseSettings({});
  }
}

/**
 * Staff settings, kept in the page's localStorage (the kiosk has one page, one origin). The staff
 * PIN is not one of them: the service keeps it, hashed (stores/staff.ts).
 */
export const useSettingsStore = defineStore('settings', () => {
  const storage = globalThis.localStorage;
  const settings = ref<KioskSettings>(readStoredSettings(storage));

  /** Applies a change; answers false (and changes nothing) when a value is out of range. */
  function update(patch: Partial<KioskSettings>): boolean {
    // Every field has a fallback, so parsing always succeeds: a value that came back changed was invalid.
    const next = parseSettings({ ...settings.value, ...patch });
    const valid = Object.entries(patch).every(([key, value]) => next[key as keyof KioskSettings] === value);
    if (!valid) return false;
    settings.value = next;
    storage.setItem(settingsStorageKey, JSON.stringify(next));
    return true;
  }

  function resetToDefaults(): void {
    settings.value = parseSettings({});
    storage.removeItem(settingsStorageKey);
  }

  return { settings, update, resetToDefaults };
});
