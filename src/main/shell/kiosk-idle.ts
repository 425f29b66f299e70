/** What the updater needs to know about the service to tell whether a customer is being scanned. */
export interface KioskActivity {
  inference: { status(): { busy: boolean } };
  queue: { list(filter: { status: 'processing'; limit: number }): readonly unknown[] };
}

/** Idle: the inference worker runs no scan and no job is leased for processing. */
export function isKioskIdle(activity: KioskActivity): boolean {
  return !activity.inference.status().busy && activity.queue.list({ status: 'processing', limit: 1 }).length === 0;
}
