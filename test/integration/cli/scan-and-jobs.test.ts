import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg } from '../../helpers/images.js';
import { runCli } from '../../helpers/run-cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

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
