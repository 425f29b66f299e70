import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  /** The live log file, e.g. `<userData>/logs/perfit.log`; older ones are `perfit.log.1` … `.N`. */
  filePath: string;
  /** A file reaching this size is rotated before the next line is written. */
  maxFileBytes: number;
  /** How many rotated files are kept besides the live one. */
  maxFiles: number;
}

/**
 * A size-based rotating log file, usable as a pino destination (`write(line)`). Writes are
 * synchronous, like pino's own default destination: a line is on disk when the call returns, so the
 * last lines before a crash are not lost, and a log line is far too small to hold the event loop.
 * A line that cannot be written (disk full) is dropped and counted; logging never throws.
 */
export class RotatingFileDestination {
  private fd: number | null = null;
  private sizeBytes = 0;
  private droppedLines = 0;
  /** Bytes written since creation, across rotations. */
  bytesWritten = 0;

  constructor(private readonly options: RotatingFileOptions) {
    if (!(options.maxFileBytes > 0) || !Number.isInteger(options.maxFiles) || options.maxFiles < 1) {
      throw new RangeError('maxFileBytes must be positive and maxFiles a positive integer');
    }
    mkdirSync(dirname(options.filePath), { recursive: true });
    this.open();
  }

  get dropped(): number {
    return this.droppedLines;
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    try {
      if (this.fd === null) this.open();
      if (this.sizeBytes > 0 && this.sizeBytes + bytes > this.options.maxFileBytes) this.rotate();
      writeSync(this.fd!, line);
      this.sizeBytes += bytes;
      this.bytesWritten += bytes;
    } catch {
      this.droppedLines += 1;
      this.closeQuietly();
    }
    return true;
  }

  /** pino calls this on `logger.flush()` and at exit; writes are already on their way to disk. */
  flushSync(): void {}

  end(): void {
    this.closeQuietly();
  }

  /** The live file and the rotated ones, newest first. */
  files(): string[] {
    const rotated = Array.from({ length: this.options.maxFiles }, (_, index) => `${this.options.filePath}.${index + 1}`);
    return [this.options.filePath, ...rotated].filter((path) => existsSync(path));
  }

  private open(): void {
    this.fd = openSync(this.options.filePath, 'a');
    this.sizeBytes = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.closeQuietly();
    const { filePath, maxFiles } = this.options;
    rmSync(`${filePath}.${maxFiles}`, { force: true });
    for (let index = maxFiles - 1; index >= 1; index -= 1) {
      if (existsSync(`${filePath}.${index}`)) renameSync(`${filePath}.${index}`, `${filePath}.${index + 1}`);
    }
    renameSync(filePath, `${filePath}.1`);
    this.open();
  }

  private closeQuietly(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed or the disk went away; the next write reopens
    }
    this.fd = null;
  }
}
