import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, dataOf } from '../api/api-client';
import type { Health, SyncStatus } from '../api/generated/openapi';
import { useApiStore } from './api';

/** Why the kiosk shows its offline banner: the local service does not answer, or uploads are paused. */
export type OfflineReason = 'service_unreachable' | 'sync_offline';

export const healthPollIntervalMs = 15_000;

/** The local service's health, polled for the offline banner and the staff status screen. */
export const useServiceStatusStore = defineStore('serviceStatus', () => {
  const health = ref<Health | null>(null);
  /** GET /api/v1/sync: the upload queue in detail; null until answered (or on a service without it). */
  const sync = ref<SyncStatus | null>(null);
  const reachable = ref(true);
  const lastCheckedAt = ref<Date | null>(null);
  let timer: ReturnType<typeof setInterval> | null = null;

  const offlineReason = computed<OfflineReason | null>(() => {
    if (!reachable.value) return 'service_unreachable';
    // The sync endpoint is the more detailed (and more recent) of the two when both answer.
    const syncState = sync.value ?? health.value?.components.sync;
    if (syncState?.enabled && syncState.online === false) return 'sync_offline';
    return null;
  });

  async function refreshSync(): Promise<void> {
    try {
      sync.value = await dataOf(useApiStore().requireClient().http.GET('/api/v1/sync'));
    } catch (error) {
      // A service older than the sync API answers 404; health's sync component is enough then.
      if (error instanceof ApiError && error.status === 404) sync.value = null;
    }
  }

  async function refresh(): Promise<void> {
    try {
      health.value = await dataOf(useApiStore().requireClient().http.GET('/api/v1/health'), { bodyIsDataOn: [503] });
      reachable.value = true;
      await refreshSync();
    } catch {
      reachable.value = false;
    } finally {
      lastCheckedAt.value = new Date();
    }
  }

  function startPolling(intervalMs = healthPollIntervalMs): void {
    stopPolling();
    void refresh();
    timer = setInterval(() => void refresh(), intervalMs);
  }

  function stopPolling(): void {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  return { health, sync, reachable, lastCheckedAt, offlineReason, refresh, startPolling, stopPolling };
});
