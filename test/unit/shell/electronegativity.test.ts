import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Runs Doyensec's Electronegativity on the sources (and on the built main and preload bundles when
 * out/ exists) and fails on any HIGH finding. The check that downloads Electron's release list is
 * left out: tests run offline; `npm outdated electron` covers it.
 */
const require = createRequire(import.meta.url);
type Finding = {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
};
type Run = (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ issues: Finding[]; errors: Array<{ file: string; message: string; tolerable: boolean }> }>;
const runner = require('@doyensec/electronegativity') as Run | { default: Run };
const run: Run = typeof runner === 'function' ? runner : runner.default;

const root = new URL('../../../', import.meta.url);
const electronVersion = (JSON.parse(readFileSync(new URL('node_modules/electron/package.json', root), 'utf8')) as { version: string })
  .version;
const inputs = ['src', 'out/main', 'out/preload'].map((path) => fileURLToPath(new URL(path, root))).filter((path) => existsSync(path));
/**
 * Global checks (navigation limits, for one) look for a handler anywhere in their input: they are
 * meaningful on the whole app (src), not on one bundle such as the preload, which has none by design.
 */
const isGlobalCheck = (id: string): boolean => id.endsWith('_GLOBAL_CHECK');

describe('Electronegativity', () => {
  it.each(inputs)(
    'finds no high-severity issue in %s',
    async (input) => {
      const result = await run(
        { input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] },
        false,
      );
      const wholeApp = input.endsWith('src');
      const high = result.issues.filter((issue) => issue.severity.name === 'HIGH' && (wholeApp || !isGlobalCheck(issue.id)));
      expect(
        high.map((issue) => `${issue.id} ${issue.file}:${issue.location.line} (${issue.confidence.name}) ${issue.description}`),
      ).toEqual([]);
      expect(result.errors.filter((error) => !error.tolerable && !error.file.endsWith('.vue'))).toEqual([]);
    },
    120_000,
  );
});
