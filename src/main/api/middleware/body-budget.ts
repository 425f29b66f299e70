/**
 * The bytes of request bodies this service holds at once while reading them. Each JSON body is
 * buffered whole before it is parsed (its photos are base64 inside it), so sixty clients each
 * sending a 39 MiB body without finishing held 2 GB; a body that would take the total past the
 * budget is refused (503 `server_busy`) instead of being read.
 */
export class BodyBudget {
  private heldBytes = 0;

  constructor(
    private readonly capacityBytes: number,
    /** Told the bytes held after every change (the `perfit_http_request_body_bytes_held` gauge). */
    private readonly onChange: (heldBytes: number) => void = () => undefined,
  ) {}

  /** Takes `bytes` from the budget if they fit; false (and nothing taken) if they do not. */
  tryTake(bytes: number): boolean {
    if (this.heldBytes + bytes > this.capacityBytes) return false;
    this.heldBytes += bytes;
    this.onChange(this.heldBytes);
    return true;
  }

  give(bytes: number): void {
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
    this.onChange(this.heldBytes);
  }
}
