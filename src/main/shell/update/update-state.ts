import type { UpdatePhase, UpdateStatus } from '../../../preload/bridge.js';

/**
 * The auto-updater's state machine, free of Electron so it can be tested as it is:
 *
 *   idle → checking → available → downloading → downloaded → installing
 *            ↓ (none)     ↓            ↓             ↓            ↓
 *          idle         error  ←  (any failure)  ←  error  ←   error
 *
 * `error` and `idle` accept a new check; `disabled` (no feed configured) accepts nothing. An event
 * that does not apply in the current phase is refused and changes nothing (electron-updater may
 * report a late progress event after the download finished, for example).
 */
export type UpdateEvent =
  | { type: 'check' }
  | { type: 'update-available'; version: string }
  | { type: 'update-not-available' }
  | { type: 'download-progress'; percent: number }
  | { type: 'update-downloaded'; version: string }
  | { type: 'install' }
  | { type: 'error'; message: string };

type Transitions = { [P in UpdatePhase]: ReadonlyArray<UpdateEvent['type']> };

/** Which events each phase accepts (an `error` is accepted wherever work is under way). */
export const updateTransitions: Transitions = {
  disabled: [],
  idle: ['check', 'error'],
  checking: ['update-available', 'update-not-available', 'error'],
  available: ['download-progress', 'update-downloaded', 'error'],
  downloading: ['download-progress', 'update-downloaded', 'error'],
  downloaded: ['install', 'error'],
  installing: ['error'],
  error: ['check'],
};

/** The next status, or null when the event does not apply in the current phase. */
export function nextUpdateStatus(status: UpdateStatus, event: UpdateEvent, now: Date): UpdateStatus | null {
  if (!updateTransitions[status.phase].includes(event.type)) return null;
  switch (event.type) {
    case 'check':
      return { ...status, phase: 'checking', error: null };
    case 'update-available':
      return { ...status, phase: 'available', availableVersion: event.version, downloadPercent: 0, lastCheckedAt: now.toISOString() };
    case 'update-not-available':
      return { ...status, phase: 'idle', availableVersion: null, downloadPercent: null, lastCheckedAt: now.toISOString() };
    case 'download-progress':
      return { ...status, phase: 'downloading', downloadPercent: clampPercent(event.percent) };
    case 'update-downloaded':
      return { ...status, phase: 'downloaded', availableVersion: event.version, downloadPercent: 100 };
    case 'install':
      return { ...status, phase: 'installing' };
    case 'error':
      return { ...status, phase: 'error', error: event.message, downloadPercent: null };
  }
}

function clampPercent(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10;
}

export type UpdateListener = (status: UpdateStatus, previous: UpdateStatus, event: UpdateEvent) => void;

export class UpdateStateMachine {
  private current: UpdateStatus;
  private readonly listeners = new Set<UpdateListener>();

  constructor(
    initial: { currentVersion: string; channel: string; enabled: boolean },
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.current = {
      phase: initial.enabled ? 'idle' : 'disabled',
      currentVersion: initial.currentVersion,
      channel: initial.channel,
      availableVersion: null,
      downloadPercent: null,
      error: null,
      lastCheckedAt: null,
    };
  }

  get status(): UpdateStatus {
    return { ...this.current };
  }

  /** Applies the event; false (and no change, no listener called) when the phase does not accept it. */
  dispatch(event: UpdateEvent): boolean {
    const next = nextUpdateStatus(this.current, event, this.clock());
    if (!next) return false;
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) listener({ ...next }, { ...previous }, event);
    return true;
  }

  /** Calls the listener on every accepted event; returns the unsubscribe function. */
  subscribe(listener: UpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
