import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg } from '../../helpers/images.js';
import { runCli } from '../../helpers/run-cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { asset } from '../../unit/inference/human/photos.js';

const fixture = 'test/fixtures/cli-with-test-pipeline.ts';

describe('perfit scan and perfit jobs', () => {
  const dir = makeTempDir();
  const env = { PERFIT_REQUIRE_FACE: 'false', PERFIT_DATA_DIR: join(dir.path, 'data'), PERFIT_LOG_LEVEL: 'warn' };
  let photo: string;

  beforeAll(async () => {
    photo = join(dir.path, 'front.jpg');
    writeFileSync(photo, await makeJpeg({ marker: 'slow=60' }));
  });
  afterAll(() => dir.remove());

  it('scans a photo through the queue and worker, prints the measurements and writes the artifacts', async () => {
    const out = join(dir.path, 'out');
    const run = await runCli(
      fixture,
      ['scan', photo, '--consent', '--height-cm', '180', '--gender', 'female', '--user-id', 'pos-77', '--out', out],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^measurement\s+cm/m);
    expect(run.stdout).toMatch(/^height\s+180/m);
    expect(run.stderr).toMatch(/completed/);
    expect(existsSync(join(out, 'mesh.obj'))).toBe(true);
    expect(existsSync(join(out, 'source.jpg'))).toBe(true);
  });

  it('prints the avatar object of the API with --json', async () => {
    const run = await runCli(fixture, ['scan', photo, '--consent', '--height-cm', '170', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const avatar = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(avatar['height_cm']).toBeCloseTo(170);
    expect(avatar['smplx_betas']).toHaveLength(10);
    expect(String(avatar['mesh_url'])).toMatch(/^file:\/\/.*mesh\.obj$/);
  });

  it('refuses a file that is not a photo with the reason and keeps the exit code non-zero', async () => {
    const notPhoto = join(dir.path, 'menu.pdf');
    writeFileSync(notPhoto, '%PDF-1.7\n' + 'x'.repeat(4000));
    const run = await runCli(fixture, ['scan', notPhoto, '--consent'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Unsupported PHOTO format: PDF/);
  });

  it('refuses to scan without --consent, before the service starts (exit code 2, consent_required)', async () => {
    const run = await runCli('bin/perfit.mjs', ['scan', photo, '--user-id', 'no-consent'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pass --consent.*\[consent_required\]/);
    const list = await runCli('bin/perfit.mjs', ['jobs', 'list', '--json'], env);
    expect(list.stdout).not.toContain('no-consent');
  });

  it('answers a wrong flag with the usage and exit code 2', async () => {
    const run = await runCli('bin/perfit.mjs', ['scan', photo, '--consent', '--gender', 'robot'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--gender must be one of male, female, neutral/);
  });

  it('lists, inspects and retries jobs from the same data folder', async () => {
    const list = await runCli('bin/perfit.mjs', ['jobs', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const jobs = JSON.parse(list.stdout) as Array<{ id: string; status: string; user_id: string }>;
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs.some((job) => job.user_id === 'pos-77' && job.status === 'completed')).toBe(true);

    const inspect = await runCli('bin/perfit.mjs', ['jobs', 'inspect', jobs[0]!.id], env);
    expect(inspect.code).toBe(0);
    const inspected = JSON.parse(inspect.stdout) as { id: string; user_id: string; stage_timings: unknown[] };
    expect(inspected.id).toBe(jobs[0]!.id);
    expect(inspected.user_id).toBe(jobs[0]!.user_id);
    expect(Array.isArray(inspected.stage_timings)).toBe(true);

    const retry = await runCli('bin/perfit.mjs', ['jobs', 'retry', jobs[0]!.id], env);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toMatch(/job_state_invalid|not failed/);

    const missing = await runCli('bin/perfit.mjs', ['jobs', 'inspect', '00000000-0000-4000-8000-000000000000'], env);
    expect(missing.code).toBe(1);
    expect(readFileSync(join(dir.path, 'data', 'perfit.sqlite')).length).toBeGreaterThan(0);
  });

  it('stops with the setting named when the config file has a wrong type', async () => {
    const badDir = join(dir.path, 'bad');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(badDir, { recursive: true });
    writeFileSync(join(badDir, 'perfit.config.json'), JSON.stringify({ port: 'eighty' }));
    const run = await runCli('bin/perfit.mjs', ['serve'], { ...env, PERFIT_DATA_DIR: badDir });
    expect(run.code).toBe(78);
    expect(run.stderr).toMatch(/port \(PERFIT_PORT\)/);
  });
});

describe('perfit scan with the face check on', () => {
  const dir = makeTempDir();
  const env = { PERFIT_REQUIRE_FACE: 'true', PERFIT_DATA_DIR: join(dir.path, 'data'), PERFIT_LOG_LEVEL: 'warn' };
  afterAll(() => dir.remove());

  it('scans a photo with a face and refuses one without (no_face) before anything is queued', async () => {
    const face = join(dir.path, 'face.jpg');
    writeFileSync(face, await asset('screenshot-faceid.jpg'));
    const faceless = join(dir.path, 'faceless.jpg');
    writeFileSync(faceless, await makeJpeg());
    const scanned = await runCli(fixture, ['scan', face, '--consent', '--user-id', 'with-face', '--json'], env);
    expect(scanned.code, scanned.stderr).toBe(0);
    // The command itself (its own pipeline), which prints a refusal with its code.
    const refused = await runCli('bin/perfit.mjs', ['scan', faceless, '--consent', '--user-id', 'no-face'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/No face detected in image \[no_face\]/);
    const jobs = JSON.parse((await runCli('bin/perfit.mjs', ['jobs', '--json'], env)).stdout) as Array<{ user_id: string }>;
    expect(jobs.map((job) => job.user_id)).toEqual(['with-face']);
  });
});

describe('perfit scan with a burst of frames', () => {
  const dir = makeTempDir();
  const dataDir = join(dir.path, 'data');
  const env = { PERFIT_REQUIRE_FACE: 'false', PERFIT_DATA_DIR: dataDir, PERFIT_LOG_LEVEL: 'warn' };
  const photos: string[] = [];

  beforeAll(async () => {
    for (const name of ['front.jpg', 'front-2.jpg', 'front-3.jpg', 'side.jpg', 'side-2.jpg']) {
      const path = join(dir.path, name);
      writeFileSync(path, await makeJpeg({}));
      photos.push(path);
    }
  });
  afterAll(() => dir.remove());

  it('hands every --frame and --side-frame to the worker, keeps the first frames and deletes the others when the job ends', async () => {
    const [front, front2, front3, side, side2] = photos as [string, string, string, string, string];
    const run = await runCli(
      fixture,
      ['scan', front, '--consent', '--frame', front2, '--frame', front3, '--side', side, '--side-frame', side2, '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const avatar = JSON.parse(run.stdout) as { job_id: string; provenance: { notes: string[] }; capture: unknown };
    expect(avatar.provenance.notes).toContain('extra frames read: front 2, side 1');
    expect(avatar.capture).toMatchObject({ views: ['front', 'side'], frames: { front: 3, side: 2 } });
    const uploads = join(dataDir, 'uploads', avatar.job_id);
    expect(readdirSync(uploads).sort()).toEqual(['side.jpg', 'source.jpg']);
    const inspect = await runCli('bin/perfit.mjs', ['jobs', 'inspect', avatar.job_id], env);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ status: 'completed', input_image_path: join(uploads, 'source.jpg') });
  });

  it('refuses more frames than allowed, and side frames without --side, before anything runs (exit code 2)', async () => {
    const tooMany = await runCli(
      'bin/perfit.mjs',
      ['scan', photos[0]!, '--consent', ...Array.from({ length: 3 }, () => ['--frame', photos[1]!]).flat()],
      { ...env, PERFIT_CONFIG: writeConfig({ limits: { maxExtraFramesPerView: 2 } }) },
    );
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/--frame given 3 times; at most 2 extra frames per view \[too_many_frames\]/);
    const orphan = await runCli('bin/perfit.mjs', ['scan', photos[0]!, '--consent', '--side-frame', photos[4]!], env);
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toMatch(/--side-frame needs --side/);
  });

  it('names a frame that is not a photo', async () => {
    const notPhoto = join(dir.path, 'menu.pdf');
    writeFileSync(notPhoto, '%PDF-1.7\n' + 'x'.repeat(4000));
    const run = await runCli(fixture, ['scan', photos[0]!, '--consent', '--frame', notPhoto], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Unsupported --frame format: PDF/);
  });

  function writeConfig(config: Record<string, unknown>): string {
    const path = join(dir.path, 'perfit.config.json');
    writeFileSync(path, JSON.stringify(config));
    return path;
  }
});
