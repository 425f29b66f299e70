import { afterEach, describe, expect, it } from 'vitest';
import { captureIssueCodes } from '../../../src/main/scans/capture-issues.js';
import { jobErrorCodes } from '../../../src/main/jobs/types.js';
import { openStores } from '../../../src/main/stores.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { makeEnqueueInput, makeQueueOptions } from '../../factories/jobs.js';

describe('job error codes: one closed set, stored and answered', () => {
  let temp: TempDatabase | null = null;
  afterEach(() => {
    temp?.cleanUp();
    temp = null;
  });

  it('holds every capture check refusal, so a retake-the-photo code is never a service failure', () => {
    for (const code of captureIssueCodes) expect(jobErrorCodes).toContain(code);
    expect(new Set(jobErrorCodes).size).toBe(jobErrorCodes.length);
  });

  it('reads a code outside the set (written by an older version) as pipeline_failed, keeping the message', () => {
    temp = makeTempDatabase();
    const { queue } = openStores(temp.db, makeQueueOptions());
    const job = queue.enqueue(makeEnqueueInput());
    queue.lease('worker');
    queue.fail(job.id, 'worker', { code: 'no_person', message: 'nobody in the photo', retry: false });
    expect(queue.get(job.id)).toMatchObject({ status: 'failed', errorCode: 'no_person' });
    temp.db.prepare("UPDATE jobs SET error_code = 'model_file_missing' WHERE id = ?").run(job.id);
    expect(queue.get(job.id)).toMatchObject({ status: 'failed', errorCode: 'pipeline_failed', errorMessage: 'nobody in the photo' });
  });
});
