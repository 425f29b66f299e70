/**
 * Decides when the camera takes the photo on its own: once the capture checks pass, a countdown
 * runs; every check during it must pass too ("hold"), and a failing one cancels it. The photo is
 * taken when the countdown ends while the last passing check is still fresh, so a stalled check
 * request never lets a stale "ok" fire the shutter.
 */
export interface AutoCaptureGateOptions {
  countdownMs: number;
  /** The newest passing check must be at most this old when the countdown ends. */
  maxCheckAgeMs: number;
}

export class AutoCaptureGate {
  private readySinceMs: number | null = null;
  private lastReadyCheckMs: number | null = null;
  private fired = false;

  constructor(private readonly options: AutoCaptureGateOptions) {}

  /** A capture check answered at `nowMs`. */
  onCheck(ready: boolean, nowMs: number): void {
    if (!ready) {
      this.readySinceMs = null;
      this.lastReadyCheckMs = null;
      return;
    }
    this.readySinceMs ??= nowMs;
    this.lastReadyCheckMs = nowMs;
  }

  /** Whole seconds left on the countdown (3, 2, 1, 0), or null while the checks do not pass. */
  secondsLeft(nowMs: number): number | null {
    if (this.readySinceMs === null || this.fired) return null;
    return Math.max(0, Math.ceil((this.options.countdownMs - (nowMs - this.readySinceMs)) / 1000));
  }

  /** True once, when the countdown has ended with fresh passing checks: take the photo now. */
  shouldCapture(nowMs: number): boolean {
    if (this.fired || this.readySinceMs === null || this.lastReadyCheckMs === null) return false;
    if (nowMs - this.readySinceMs < this.options.countdownMs) return false;
    if (nowMs - this.lastReadyCheckMs > this.options.maxCheckAgeMs) return false;
    this.fired = true;
    return true;
  }

  /** Back to waiting for passing checks (after a retake). */
  reset(): void {
    this.readySinceMs = null;
    this.lastReadyCheckMs = null;
    this.fired = false;
  }
}
