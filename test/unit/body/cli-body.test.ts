import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSmplParamsNpz } from '../../../src/main/body/smpl-params.js';
import { CliUsageError, type CliIo } from '../../../src/cli/command.js';
import { bodyCommand } from '../../../src/cli/commands/body.js';

const dir = mkdtempSync(join(tmpdir(), 'perfit-body-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): { io: CliIo; out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { io: { stdout, stderr: new PassThrough(), env: {} }, out: () => Buffer.concat(chunks).toString('utf8') };
}

describe('perfit body', () => {
  it('writes mesh.obj, mesh.glb and smplx_params.npz and prints the measurement table', async () => {
    const { io: cliIo, out } = io();
    const code = await bodyCommand.run(['--gender', 'female', '--betas', '1,0,-0.5', '--out', dir], cliIo);
    expect(code).toBe(0);
    expect(out()).toMatch(/^height\s+\d+\.\d\s+vertical_extent/m);
    expect(out()).toMatch(/^chest_skin\s+/m);
    expect(readFileSync(join(dir, 'mesh.obj'), 'utf8')).toMatch(/^v /m);
    expect(readFileSync(join(dir, 'mesh.glb')).subarray(0, 4).toString('latin1')).toBe('glTF');
    const params = decodeSmplParamsNpz(new Uint8Array(readFileSync(join(dir, 'smplx_params.npz'))));
    expect(Array.from(params.betas)).toEqual([1, 0, -0.5, 0, 0, 0, 0, 0, 0, 0]);
    expect(params.bodyPose).toHaveLength(69);
  });

  it('prints JSON with --json', async () => {
    const { io: cliIo, out } = io();
    expect(await bodyCommand.run(['--gender', 'male', '--json'], cliIo)).toBe(0);
    const parsed = JSON.parse(out()) as {
      model: { licence: string };
      measurements: Array<{ name: string; value_cm: number; sd_cm: number | null; method: string }>;
    };
    expect(parsed.model.licence).toMatch(/CC0/);
    const height = parsed.measurements.find((m) => m.name === 'height')!;
    expect(height.value_cm).toBeGreaterThan(150);
    // The API's field names and shape (api.md), not the internal camelCase.
    expect(Object.keys(height).sort()).toEqual(['method', 'name', 'sd_cm', 'value_cm']);
  });

  it('rejects bad betas and genders as usage errors', async () => {
    await expect(bodyCommand.run(['--betas', '1,x'], io().io)).rejects.toThrow(CliUsageError);
    await expect(bodyCommand.run(['--gender', 'robot'], io().io)).rejects.toThrow(CliUsageError);
  });
});
