import { rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { JobQueue } from '../jobs/job-queue.js';

export interface ExtraFramePrunerOptions {
  queue: Pick<JobQueue, 'takeEndedJobFrames'>;
  /** privacy.keepAllFrames: the frames stay with the job's uploads (their retention removes them). */
  keepAllFrames: boolean;
  log: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Multi-frame capture keeps only what it must: once a job has ended (completed or failed for
 * good) the burst's extra frames are deleted, and the first frame of each view stays as the
 * source photo (copied into the avatar, and in the job's upload folder for the photo retention
 * period). The job's frame lists are emptied before the files go (JobQueue.takeEndedJobFrames),
 * so a job never names a deleted frame; a crash in between leaves files in the job's upload
 * folder, which the photo retention and a customer's erasure remove with the folder.
 *
 * Called when a job ends, and at start for jobs that ended while the service was down (a lease
 * recovered as exhausted): it prunes every ended job that still has frames, so nothing is missed.
 */
export class ExtraFramePruner {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(private readonly options: ExtraFramePrunerOptions) {}

  /** Prunes now; a call during a prune runs once more after it (a job may have ended meanwhile). */
  prune(): Promise<number> {
    if (this.options.keepAllFrames) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pruneAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for a prune in progress (the service's stop). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  private async pruneAll(): Promise<number> {
    let removed = 0;
    do {
      this.again = false;
      for (;;) {
        const jobs = this.options.queue.takeEndedJobFrames();
        if (jobs.length === 0) break;
        for (const job of jobs) {
          await Promise.all(job.paths.map((path) => rm(path, { force: true })));
          removed += job.paths.length;
        }
      }
    } while (this.again);
    if (removed > 0)
      this.options.log.info({ frames_removed: removed }, "deleted the extra frames of ended scans (each view's first frame is kept)");
    return removed;
  }
}
