import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineChoice } from '../../../src/main/config.js';
import type { InferenceHost } from '../../../src/main/inference/inference-host.js';
import type { Job } from '../../../src/main/jobs/types.js';
import type { WorkerInit } from '../../../src/main/inference/worker-messages.js';
import { makeJpeg } from '../../helpers/images.js';
import { useInferenceHostHarness } from '../../helpers/inference-host-harness.js';
import { waitFor } from '../../helpers/wait-for.js';
import { sourceWorkerFactory } from '../../../src/main/threads/worker-factory.js';

const testPipelineUrl = new URL('../../fixtures/pipelines/test-pipeline.ts', import.meta.url).href;
const hangingStartPipelineUrl = new URL('../../fixtures/pipelines/hanging-start-pipeline.ts', import.meta.url).href;

describe('InferenceHost with a real worker thread, queue and SQLite file', () => {
  const h = useInferenceHostHarness({ prefix: 'perfit-host-', leaseMs: 5_000 });
  let host: InferenceHost | null = null;

  function startHost(
    pipelineModuleUrl: string | null,
    choice: PipelineChoice = 'auto',
    timeouts: { scanTimeoutMs?: number; workerStartTimeoutMs?: number } = {},
  ): InferenceHost {
    host = h.start({ modelsDir: join(h.dir, 'models'), choice, pipelineModuleUrl }, { maxRestartDelayMs: 100, ...timeouts });
    return host;
  }

  const enqueuePhoto = async (marker?: string, heightCm: number | null = 180): Promise<Job> =>
    h.enqueuePhoto(await makeJpeg({ marker }), { heightCm });
  const finished = (id: string) => h.finished(id);

  it('runs a job to completion: avatar, artifacts on disk, stage timings and progress recorded', async () => {
    startHost(testPipelineUrl);
    const job = await enqueuePhoto('slow=90');
    const done = await waitFor(finished(job.id), 20_000, 'job to finish');
    expect(done.status).toBe('completed');
    expect(done.progressPercent).toBe(100);
    expect(done.stageTimings.map((timing) => timing.stage)).toEqual(['detect', 'reconstruct', 'measure']);
    const avatar = h.avatars.get(done.avatarId!);
    expect(avatar?.heightCm).toBeCloseTo(180);
    expect(avatar?.chestCircumferenceCm).toBeCloseTo(180 * 0.55);
    const files = h.avatars
      .artifacts(done.avatarId!)
      .map((artifact) => artifact.name)
      .sort();
    expect(files).toEqual(['avatar.json', 'mesh.obj', 'source.jpg']);
    for (const artifact of h.avatars.artifacts(done.avatarId!)) expect(existsSync(artifact.localPath)).toBe(true);
    const stored = JSON.parse(readFileSync(h.avatars.artifact(done.avatarId!, 'avatar.json')!.localPath, 'utf8')) as { userId: string };
    expect(stored.userId).toBe('customer-1');
    expect(host!.status()).toMatchObject({ ready: true, busy: false, restarts: 0, pipeline: { name: 'test-double' } });
  });

  it('records with the avatar how it was captured: the frames the pipeline read, where its height came from, its clothing', async () => {
    startHost(testPipelineUrl);
    // A burst of three front frames, one unreadable (the pipeline reads two), and a side photo.
    const burst = await h.enqueuePhoto(await makeJpeg(), {
      heightCm: 172,
      frames: [await makeJpeg(), new Uint8Array()],
      side: await makeJpeg(),
      clothing: 'loose',
      shoes: { soleCm: 3 },
    });
    const single = await h.enqueuePhoto(await makeJpeg(), { heightCm: null });
    const expected = {
      [burst.id]: {
        frames: { front: 2, side: 1 },
        heightSource: 'typed',
        typedHeightCm: 172,
        cameraHeightCm: null,
        clothing: 'loose',
        clothingSource: 'staff',
        shoes: { soleCm: 3 },
      },
      [single.id]: {
        frames: { front: 1, side: 0 },
        heightSource: 'survey_mean',
        typedHeightCm: null,
        cameraHeightCm: null,
        // Not given, and the test pipeline does not judge it.
        clothing: 'regular',
        clothingSource: 'assumed',
        shoes: null,
      },
    };
    for (const [jobId, capture] of Object.entries(expected)) {
      const done = await waitFor(finished(jobId), 20_000, 'job to finish');
      expect(done.status).toBe('completed');
      expect(h.avatars.get(done.avatarId!)?.capture).toEqual(capture);
      // avatar.json, which other kiosks read back from the bucket, says the same.
      const document = JSON.parse(readFileSync(h.avatars.artifact(done.avatarId!, 'avatar.json')!.localPath, 'utf8')) as {
        capture: unknown;
      };
      expect(document.capture).toEqual(capture);
    }
  });

  it("passes the service's warm-up choice to the pipeline in the worker (on unless turned off)", async () => {
    const warmed = h.start({ modelsDir: join(h.dir, 'models'), choice: 'auto', pipelineModuleUrl: testPipelineUrl });
    await warmed.whenSettled();
    expect(warmed.status().pipeline?.selectionNote).toMatch(/warm-up inference on$/);
    await warmed.stop(1_000);
    const cold = h.start({ modelsDir: join(h.dir, 'models'), choice: 'auto', pipelineModuleUrl: testPipelineUrl, warmUpInference: false });
    await cold.whenSettled();
    expect(cold.status().pipeline?.selectionNote).toMatch(/warm-up inference off$/);
  });

  it('fails a rejected capture at once with its code, without retrying', async () => {
    startHost(testPipelineUrl);
    const job = await enqueuePhoto('reject=no_person');
    const done = await waitFor(finished(job.id), 20_000, 'job to fail');
    expect(done).toMatchObject({ status: 'failed', errorCode: 'no_person', attempts: 1 });
  });

  it('restarts a crashed worker, retries the job up to the attempt limit, and the queue moves on', async () => {
    startHost(testPipelineUrl);
    const poison = await enqueuePhoto('crash');
    const next = await enqueuePhoto();
    const failed = await waitFor(finished(poison.id), 30_000, 'poison job to fail');
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'worker_crashed', attempts: 2 });
    expect(failed.errorMessage).toMatch(/inference worker stopped/);
    const completed = await waitFor(finished(next.id), 30_000, 'next job');
    expect(completed.status).toBe('completed');
    expect(host!.status().restarts).toBeGreaterThanOrEqual(2);
  });

  it('retries an unexpected pipeline error and then fails with the message', async () => {
    startHost(testPipelineUrl);
    const job = await enqueuePhoto('throw');
    const done = await waitFor(finished(job.id), 20_000, 'job to fail');
    expect(done).toMatchObject({ status: 'failed', errorCode: 'pipeline_failed', attempts: 2 });
    expect(done.errorMessage).toContain('test double: unexpected failure');
  });

  it('fails jobs with an honest message while the chosen pipeline cannot load', async () => {
    // hmr2 needs user-supplied model files; the empty models folder has none.
    const running = startHost(null, 'hmr2');
    const job = await enqueuePhoto();
    const done = await waitFor(finished(job.id), 20_000, 'job to fail');
    expect(done.status).toBe('failed');
    expect(done.errorCode).toBe('no_pipeline');
    expect(done.errorMessage).toMatch(/pipeline/i);
    expect(running.status()).toMatchObject({ ready: false, pipeline: null });
    expect(running.status().error).toMatch(/pipeline/i);
  });

  it('puts the running job back in the queue when stopped before it finishes', async () => {
    const running = startHost(testPipelineUrl);
    const job = await enqueuePhoto('slow=5000');
    await waitFor(() => (h.queue.get(job.id)?.status === 'processing' ? true : undefined), 20_000, 'job to start');
    await running.stop(100);
    expect(h.queue.get(job.id)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('terminates a worker stuck in a scan, fails the job after its attempts with scan_timeout, and the queue moves on', async () => {
    const running = startHost(testPipelineUrl, 'auto', { scanTimeoutMs: 1_500 });
    const stuck = await enqueuePhoto('hang');
    const next = await enqueuePhoto();
    const failed = await waitFor(finished(stuck.id), 30_000, 'stuck job to fail');
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'scan_timeout', attempts: 2 });
    expect(failed.errorMessage).toMatch(/did not finish within 2 s/);
    expect((await waitFor(finished(next.id), 30_000, 'next job')).status).toBe('completed');
    expect(running.status().restarts).toBeGreaterThanOrEqual(2);
  });

  it('stops a worker left idle, stays ready, and loads a new one for the next job', async () => {
    let workersStarted = 0;
    const warmUps: (boolean | undefined)[] = [];
    const source = sourceWorkerFactory(new URL('../../../src/main/inference/worker.ts', import.meta.url));
    const running = h.start(
      { modelsDir: join(h.dir, 'models'), choice: 'auto', pipelineModuleUrl: testPipelineUrl },
      {
        idleReleaseMs: 300,
        workerFactory: (options) => {
          workersStarted += 1;
          warmUps.push((options.workerData as WorkerInit).warmUpInference);
          return source(options);
        },
      },
    );
    await running.whenSettled();
    const first = await enqueuePhoto();
    expect((await waitFor(finished(first.id), 20_000, 'first job')).status).toBe('completed');
    expect(workersStarted).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(running.status()).toMatchObject({ ready: true, busy: false, error: null });
    expect(running.status().pipeline?.name).toBeTruthy();
    const second = await enqueuePhoto();
    expect((await waitFor(finished(second.id), 20_000, 'job after the release')).status).toBe('completed');
    expect(workersStarted).toBe(2);
    expect(running.status().restarts).toBe(0);
    // Loaded for a job already waiting: no warm-up pass. Loaded ahead of one (prepare): warmed up as at start.
    expect(warmUps).toEqual([undefined, false]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    running.prepare();
    await waitFor(() => (workersStarted === 3 ? true : undefined), 10_000, 'the worker loaded ahead');
    expect(warmUps).toEqual([undefined, false, undefined]);
  });

  it('terminates a worker whose pipeline never loads and fails jobs with worker_start_timeout', async () => {
    const running = startHost(hangingStartPipelineUrl, 'auto', { workerStartTimeoutMs: 1_000 });
    await running.whenSettled();
    expect(running.status()).toMatchObject({ ready: false, pipeline: null });
    expect(running.status().error).toMatch(/did not load its pipeline within 1 s/);
    const job = await enqueuePhoto();
    const done = await waitFor(finished(job.id), 20_000, 'job to fail');
    expect(done).toMatchObject({ status: 'failed', errorCode: 'worker_start_timeout' });
    await waitFor(() => (running.status().restarts >= 1 ? true : undefined), 20_000, 'the stuck worker to be restarted');
  });
});
