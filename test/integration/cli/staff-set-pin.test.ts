import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { StaffPin } from '../../../src/main/staff/staff-pin.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/** `perfit staff set-pin` in process, with the PIN piped into standard input. */
async function setPin(dataDir: string, input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(['staff', 'set-pin', '--data-dir', dataDir], { stdout, stderr, env: {}, stdin: Readable.from([input]) });
  return { code, stdout: out, stderr: err };
}

describe('perfit staff set-pin', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('perfit-cli-staff-');
  });
  afterEach(() => dir.remove());

  it('sets the PIN from standard input as a scrypt hash in an owner-only file', async () => {
    const run = await setPin(dir.path, '86420975\n');
    expect(run.code, run.stderr).toBe(0);
    const path = join(dir.path, 'staff-pin.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain('86420975');
    expect(await new StaffPin(dir.path).check('86420975')).toEqual({ outcome: 'accepted' });
  });

  it('makes the data folder, owner-only, when the service never ran there', async () => {
    const fresh = join(dir.path, 'not-yet', 'data');
    expect((await setPin(fresh, '86420975\n')).code).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    expect(await new StaffPin(fresh).check('86420975')).toEqual({ outcome: 'accepted' });
  });

  it('refuses a PIN that is not 6 to 8 digits with exit code 2 and writes nothing', async () => {
    const run = await setPin(dir.path, '1234\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/6 to 8 digits/);
    expect((await new StaffPin(dir.path).status()).pinSet).toBe(false);
  });

  it('replaces a damaged PIN file, which the service refuses to read', async () => {
    writeFileSync(join(dir.path, 'staff-pin.json'), '{ damaged');
    await expect(new StaffPin(dir.path).status()).rejects.toMatchObject({ code: 'staff_pin_file_invalid' });
    expect((await setPin(dir.path, '86420975')).code).toBe(0);
    expect(await new StaffPin(dir.path).check('86420975')).toEqual({ outcome: 'accepted' });
  });
});
