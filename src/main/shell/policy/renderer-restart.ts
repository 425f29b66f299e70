/**
 * When to reopen the kiosk window after its renderer died: at once the first time, then with a
 * doubling delay while crashes keep coming within `windowMs`, so a page that crashes on load does
 * not spin the CPU of a kiosk nobody is watching.
 */
export class RendererRestartPolicy {
  private crashTimesMs: number[] = [];

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxDelayMs = 60_000,
  ) {}

  /** Records a crash at `nowMs`; returns how long to wait before reopening. */
  nextDelayMs(nowMs: number): number {
    this.crashTimesMs = this.crashTimesMs.filter((time) => nowMs - time < this.windowMs);
    this.crashTimesMs.push(nowMs);
    const recent = this.crashTimesMs.length;
    if (recent <= 1) return 0;
    return Math.min(this.maxDelayMs, 1000 * 2 ** (recent - 2));
  }
}
