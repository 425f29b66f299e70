import { ApiError, clientErrorCodes } from '../api/api-client';
import type { ExtractionJob } from '../api/generated/openapi';

export interface JobPollingOptions {
  intervalMs: number;
  /** Consecutive unanswered polls tolerated (the service restarting) before giving up. */
  maxConsecutiveNetworkErrors: number;
  onUpdate: (job: ExtractionJob) => void;
  signal?: AbortSignal;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ApiError(0, clientErrorCodes.aborted, 'Polling was cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ApiError(0, clientErrorCodes.aborted, 'Polling was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Asks for the job until it is completed or failed; answers the last job. */
export async function pollJobUntilDone(
  fetchJob: (signal?: AbortSignal) => Promise<ExtractionJob>,
  options: JobPollingOptions,
): Promise<ExtractionJob> {
  let networkErrors = 0;
  for (;;) {
    try {
      const job = await fetchJob(options.signal);
      networkErrors = 0;
      options.onUpdate(job);
      if (job.status === 'completed' || job.status === 'failed') return job;
    } catch (error) {
      const transient = error instanceof ApiError && error.code === clientErrorCodes.network;
      if (!transient || ++networkErrors > options.maxConsecutiveNetworkErrors) throw error;
    }
    await sleep(options.intervalMs, options.signal);
  }
}
