import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg } from '../../helpers/images.js';
import { runCli } from '../../helpers/run-cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const fixture = 'test/fixtures/cli-with-test-pipeline.ts';

/** `perfit scan --clothing/--shoes` reach the pipeline; a height the body model does not cover is refused before anything runs. */
describe('perfit scan with clothing, shoes and the covered height range', () => {
  const dir = makeTempDir();
  const env = { PERFIT_REQUIRE_FACE: 'false', PERFIT_DATA_DIR: join(dir.path, 'data'), PERFIT_LOG_LEVEL: 'warn' };
  let photo: string;

  beforeAll(async () => {
    photo = join(dir.path, 'front.jpg');
    writeFileSync(photo, await makeJpeg());
  });
  afterAll(() => dir.remove());

  it('hands the clothing class and the sole height to the pipeline', async () => {
    const run = await runCli(
      fixture,
      ['scan', photo, '--consent', '--height-cm', '172', '--clothing', 'tight', '--shoes', '2.5', '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const avatar = JSON.parse(run.stdout) as { provenance: { notes: string[] }; warnings: unknown[]; capture: unknown };
    expect(avatar.provenance.notes).toContain('clothing: tight; shoes: {"soleCm":2.5}');
    expect(avatar.warnings).toEqual([]);
    // The avatar printed records the same, as the API answers it.
    expect(avatar.capture).toEqual({
      views: ['front'],
      frames: { front: 1, side: 0 },
      height_source: 'typed',
      typed_height_cm: 172,
      camera_height_cm: null,
      clothing: 'tight',
      clothing_source: 'staff',
      shoes: 2.5,
    });
  });

  it('without --clothing leaves the class to the pipeline (null), which says what it used', async () => {
    const run = await runCli(fixture, ['scan', photo, '--consent', '--height-cm', '172', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const avatar = JSON.parse(run.stdout) as { provenance: { notes: string[] }; capture: Record<string, unknown> };
    expect(avatar.provenance.notes).toContain('clothing: null; shoes: null');
    expect(avatar.capture).toMatchObject({ clothing: 'regular', clothing_source: 'assumed' });
  });

  it.each([
    [['--height-cm', '130'], /shorter than the body model covers.*\[height_out_of_range\]/],
    [['--height-cm', '212'], /taller than the body model covers.*\[height_out_of_range\]/],
    [['--shoes', 'boots'], /--shoes must be one of none, flat, heels, or the sole height in cm/],
    [['--clothing', 'baggy'], /--clothing must be one of tight, regular, loose, dress/],
  ])('refuses %j with exit code 2 before the service starts', async (flags, message) => {
    const run = await runCli('bin/perfit.mjs', ['scan', photo, '--consent', ...flags], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
