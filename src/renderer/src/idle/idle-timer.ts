export interface IdleTimerOptions {
  /** No touch or key for this long: the kiosk returns to the start screen. */
  timeoutMs: number;
  /** This long before the timeout, the customer is asked whether they are still there. */
  warningMs: number;
  onWarning: () => void;
  onIdle: () => void;
}

/** Counts the time since the last sign of a customer; `poke()` on every touch, key or person in view. */
export class IdleTimer {
  private warningTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: IdleTimerOptions) {}

  get running(): boolean {
    return this.idleTimer !== null;
  }

  /** (Re)starts the count from now. */
  poke(): void {
    this.stop();
    const { timeoutMs, onIdle, onWarning } = this.options;
    const warningMs = Math.min(this.options.warningMs, timeoutMs);
    this.warningTimer = setTimeout(() => {
      this.warningTimer = null;
      onWarning();
    }, timeoutMs - warningMs);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      onIdle();
    }, timeoutMs);
  }

  stop(): void {
    if (this.warningTimer !== null) clearTimeout(this.warningTimer);
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.warningTimer = null;
    this.idleTimer = null;
  }
}
