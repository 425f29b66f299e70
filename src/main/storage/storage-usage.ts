import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes the kiosk keeps on disk, by area (avatars, uploads, database, logs), for the
 * `perfit_storage_bytes` metric. Walking thousands of avatar folders is too slow for a scrape, so
 * the sizes are summed in the background every `refreshMs` and the metric reads the last sums.
 */
export class StorageUsage {
  private sums: Record<string, number> = {};
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly areas: Record<string, readonly string[]>,
    private readonly refreshMs = 60_000,
  ) {}

  usedBytes(): Record<string, number> {
    return { ...this.sums };
  }

  start(): void {
    if (this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Sums every area once more; a refresh already under way is joined, not repeated. */
  refresh(): Promise<void> {
    this.running ??= (async () => {
      const entries = await Promise.all(Object.entries(this.areas).map(async ([area, paths]) => [area, await totalSize(paths)] as const));
      this.sums = Object.fromEntries(entries);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

async function totalSize(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const path of paths) total += await sizeOf(path);
  return total;
}

/** Bytes of a file, or of every file below a folder; 0 for what does not exist (or vanished meanwhile). */
async function sizeOf(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.size;
  let names: string[];
  try {
    names = await readdir(path);
  } catch {
    return 0;
  }
  let total = 0;
  for (const name of names) total += await sizeOf(join(path, name));
  return total;
}
