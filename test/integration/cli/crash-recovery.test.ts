import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/connection.js';
import { killHard, startChildService, type ChildService } from '../../helpers/child-service.js';
import { makeJpeg } from '../../helpers/images.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { openAvatarStores, openStores } from '../../../src/main/stores.js';

const fixture = 'test/fixtures/cli-with-test-pipeline.ts';

interface JobBody {
  id: string;
  status: string;
  error_message: string | null;
}

async function submit(url: string, userId: string, marker: string): Promise<string> {
  const image = (await makeJpeg({ marker })).toString('base64');
  const response = await fetch(`${url}/api/v1/avatar`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ consent: true, user_id: userId, image, gender: 'male', height_cm: 175 }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { job_id: string }).job_id;
}

async function getJob(url: string, id: string): Promise<JobBody> {
  const response = await fetch(`${url}/api/v1/avatar/job/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as JobBody;
}

describe('perfit serve killed with SIGKILL mid-scan', () => {
  const dir = makeTempDir();
  let service: ChildService | null = null;
  afterEach(async () => {
    await service?.stop();
    dir.remove();
  });

  it('finishes or fails every job after a restart, keeps the database intact and loses nothing stored', async () => {
    const args = ['--data-dir', dir.path, '--port', '0'];
    const env = { PERFIT_REQUIRE_FACE: 'false', PERFIT_QUEUE_MAX_ATTEMPTS: '3' };
    service = await startChildService(fixture, ['serve', ...args], env);
    const first = await submit(service.url, 'crash-a', 'slow=300');
    // Wait for the first job so that something is already stored before the crash.
    for (let i = 0; i < 400 && (await getJob(service.url, first)).status !== 'completed'; i += 1)
      await new Promise((r) => setTimeout(r, 25));
    expect((await getJob(service.url, first)).status).toBe('completed');
    const jobs = [first];
    jobs.push(await submit(service.url, 'crash-b', 'slow=4000'));
    for (const user of ['crash-c', 'crash-d', 'crash-e']) jobs.push(await submit(service.url, user, 'slow=150'));
    for (let i = 0; i < 400 && (await getJob(service.url, jobs[1]!)).status !== 'processing'; i += 1)
      await new Promise((r) => setTimeout(r, 25));
    expect((await getJob(service.url, jobs[1]!)).status).toBe('processing');

    await killHard(service);
    service = await startChildService(fixture, ['serve', ...args], env);

    const deadline = Date.now() + 60_000;
    let statuses: JobBody[] = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(jobs.map((id) => getJob(service!.url, id)));
      if (statuses.every((job) => job.status === 'completed' || job.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const job of statuses) {
      expect(['completed', 'failed']).toContain(job.status);
      if (job.status === 'failed') expect(job.error_message).toBeTruthy();
    }
    expect(statuses.filter((job) => job.status === 'completed')).toHaveLength(5);
    await service.stop();
    service = null;

    const db = openDatabase(join(dir.path, 'perfit.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const queue = openStores(db, { maxPending: 100, maxAttempts: 3, leaseMs: 120_000, retryAfterSeconds: 10 }).queue;
      expect(queue.list({ status: 'processing' })).toHaveLength(0);
      const avatars = openAvatarStores(db).avatars;
      for (const id of jobs) {
        const job = queue.get(id)!;
        const avatar = avatars.get(job.avatarId!);
        expect(avatar?.jobId).toBe(id);
        for (const artifact of avatars.artifacts(avatar!.id)) expect(existsSync(artifact.localPath)).toBe(true);
      }
      expect(queue.get(jobs[1]!)!.attempts).toBe(2);
    } finally {
      db.close();
    }
  }, 150_000);
});
