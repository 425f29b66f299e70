import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { aPoseRender } from '../inference/embedded/photos.js';
import { startServiceProcess } from '../../helpers/child-service.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Why the built CLI cannot be tested here, or null: `npm test` builds lib/ before the tests run. */
function builtCliMissing(): string | null {
  const stamp = join(root, 'lib/.built');
  if (!existsSync(stamp)) return 'lib/ is not built: run `npm run build` first';
  const built = statSync(stamp).mtimeMs;
  for (const dir of ['src/main', 'src/cli']) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > built)
        return `lib/ is older than ${join(entry.parentPath, entry.name)}: run \`npm run build\``;
    }
  }
  return null;
}

const skipReason = builtCliMissing();
if (skipReason) console.warn(`Built CLI test skipped: ${skipReason}`);

/**
 * `perfit` from lib/ with no TypeScript loader in the process: the CLI, the service, the inference
 * worker and the Human checks worker all start from the built JavaScript, and a real scan of a
 * photo of a person comes out with its measurements.
 */
describe.skipIf(skipReason !== null)('the built perfit command', () => {
  const dir = makeTempDir('perfit-built-cli-');
  afterAll(() => dir.remove());

  it('scans a photo with the embedded pipeline and the face check, run from lib/ without tsx', async () => {
    const photo = join(dir.path, 'front.jpg');
    writeFileSync(photo, await aPoseRender());
    // A script file, not `node -e`: worker threads inherit the parent's execArgv, and would run `-e` again.
    const runner = join(dir.path, 'run-built.mjs');
    writeFileSync(
      runner,
      `const { main } = await import(${JSON.stringify(pathToFileURL(join(root, 'lib/cli/main.js')).href)});
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin });\n`,
    );
    const args = [runner, 'scan', photo, '--consent', '--height-cm', '168', '--gender', 'female', '--json'];
    const env = {
      ...process.env,
      PERFIT_DATA_DIR: join(dir.path, 'data'),
      PERFIT_LOG_LEVEL: 'warn',
      PERFIT_PIPELINE: 'embedded',
      NODE_OPTIONS: '',
    };
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, stderr).toBe(0);
    const avatar = JSON.parse(stdout) as { height_cm: number; measurements: Array<{ name: string; value_cm: number }>; capture: unknown };
    expect(avatar.height_cm).toBeCloseTo(168, 0);
    // What the embedded pipeline itself says its figures rest on: one front photo, the typed height,
    // and (no --clothing) the class it judged from the photo: a dress over skin is not bare skin.
    expect(avatar.capture).toEqual({
      views: ['front'],
      frames: { front: 1, side: 0 },
      height_source: 'typed',
      typed_height_cm: 168,
      camera_height_cm: null,
      clothing: 'regular',
      clothing_source: 'photo',
      shoes: null,
    });
    const chest = avatar.measurements.find((measurement) => measurement.name === 'chest');
    expect(chest?.value_cm).toBeGreaterThan(60);
    expect(chest?.value_cm).toBeLessThan(140);
  }, 90_000);

  it('serves from lib/: ready with its workers loaded, the OpenAPI document and the docs page', async () => {
    const runner = join(dir.path, 'serve-built.mjs');
    writeFileSync(
      runner,
      `const { main } = await import(${JSON.stringify(pathToFileURL(join(root, 'lib/cli/main.js')).href)});
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });\n`,
    );
    const env = {
      ...process.env,
      PERFIT_DATA_DIR: join(dir.path, 'serve-data'),
      PERFIT_LOG_LEVEL: 'warn',
      PERFIT_PIPELINE: 'embedded',
      NODE_OPTIONS: '',
    };
    const service = await startServiceProcess([runner, 'serve', '--port', '0'], env);
    try {
      await vi.waitFor(
        async () => {
          const ready = await fetch(`${service.url}/api/v1/health/ready`);
          expect(ready.status, await ready.text()).toBe(200);
        },
        { timeout: 60_000, interval: 100 },
      );
      const openapi = (await (await fetch(`${service.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).toContain('/api/v1/avatar');
      expect((await fetch(`${service.url}/api/v1/docs`)).status).toBe(200);
    } finally {
      expect(await service.stop()).toBe(0);
    }
  }, 90_000);
});
