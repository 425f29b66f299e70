import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startServiceWithSync, type ServiceWithSync } from '../../fixtures/sync/service-with-sync.js';

let kiosk: ServiceWithSync | null = null;
let umaskBefore: number | null = null;
afterEach(async () => {
  await kiosk?.close();
  if (umaskBefore !== null) process.umask(umaskBefore);
});

it('keeps the data folder owner-only: the folder 0700 and the database created 0600', async () => {
  umaskBefore = process.umask(0o022);
  kiosk = await startServiceWithSync();
  const modeOf = (path: string): number => statSync(path).mode & 0o777;
  expect(modeOf(kiosk.dataDir)).toBe(0o700);
  expect(modeOf(join(kiosk.dataDir, 'perfit.sqlite'))).toBe(0o600);
});
