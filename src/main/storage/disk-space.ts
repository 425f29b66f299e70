import { statfsSync } from 'node:fs';
import { perfitErrorClass } from '../errors.js';

/** Below the configured free space a scan is refused rather than failing half-written. */
export class DiskFullError extends perfitErrorClass('DiskFullError', 'insufficient_storage', 'disk_full') {}

export interface DiskSpaceStatus {
  freeBytes: number;
  totalBytes: number;
  minFreeBytes: number;
  /** Free space is below `minFreeBytes`: new scans are refused. */
  low: boolean;
}

type StatFs = (path: string) => { bavail: number; blocks: number; bsize: number };

/**
 * Free space of the file system holding the data folder, read on demand (one statfs call, cheap):
 * the health check and the metrics show it, and every scan asks for room before its photos are
 * written.
 */
export class DiskSpace {
  constructor(
    private readonly dataDir: string,
    private readonly minFreeBytes: number,
    private readonly statfs: StatFs = (path) => statfsSync(path),
  ) {}

  status(): DiskSpaceStatus {
    const stats = this.statfs(this.dataDir);
    const freeBytes = stats.bavail * stats.bsize;
    return { freeBytes, totalBytes: stats.blocks * stats.bsize, minFreeBytes: this.minFreeBytes, low: freeBytes < this.minFreeBytes };
  }

  /** Throws DiskFullError when writing `sizeBytes` would leave less than the configured free space. */
  assertRoomFor(sizeBytes: number): void {
    const { freeBytes } = this.status();
    if (freeBytes - sizeBytes < this.minFreeBytes) {
      throw new DiskFullError(
        `The kiosk's disk is nearly full (${formatMiB(freeBytes)} free, ${formatMiB(this.minFreeBytes)} kept in reserve); ` +
          'no new scans until staff free space (older photos, logs) or raise the disk',
      );
    }
  }
}

export function formatMiB(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
