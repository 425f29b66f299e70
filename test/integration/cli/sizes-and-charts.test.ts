import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { openDatabase } from '../../../src/main/db/connection.js';
import { makeMeasurements, makeNewAvatar } from '../../factories/avatars.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { handMadeChart } from '../../unit/sizes/chart-factory.js';
import { openAvatarStores } from '../../../src/main/stores.js';

/** `perfit …` in process against a real data folder. */
async function perfit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, env: {} });
  return { code, stdout: out, stderr: err };
}

describe('perfit sizes and perfit charts', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('perfit-cli-sizes-');
    const db = openDatabase(join(dir.path, 'perfit.sqlite'));
    openAvatarStores(db).avatars.insert(
      makeNewAvatar({ userId: 'shopper', measurements: makeMeasurements({ chestCircumferenceCm: 96, waistCircumferenceCm: 80 }) }),
      [],
    );
    db.close();
  });
  afterEach(() => dir.remove());

  it('lists the shipped charts, imports a CSV chart and lists it as local', async () => {
    const before = await perfit(['charts', 'list', '--json', '--data-dir', dir.path]);
    expect(before.code, before.stderr).toBe(0);
    const shipped = JSON.parse(before.stdout) as { charts: Array<{ id: string; origin: string }> };
    expect(shipped.charts.map((c) => c.id)).toContain('generic-men-tops');
    expect(shipped.charts.every((c) => c.origin === 'shipped')).toBe(true);

    const csv = join(dir.path, 'tops.csv');
    writeFileSync(
      csv,
      '# id: test-tops\n# version: 1\n# brand: Test\n# name: Test tops\n# category: tops\n# gender_line: unisex\n# label_system: international\n# source: Hand-made for tests.\nsize,chest_min_cm,chest_max_cm,waist_min_cm,waist_max_cm\nS,84,92,70,78\nM,92,100,78,86\nL,100,108,86,94\n',
    );
    const imported = await perfit(['charts', 'import', csv, '--data-dir', dir.path]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('imported chart test-tops version 1 (3 sizes)\n');

    const table = await perfit(['charts', 'list', '--data-dir', dir.path]);
    expect(table.stdout).toMatch(/test-tops\s+1\s+Test\s+tops\s+unisex\s+S M L\s+chest, waist\s+local/);
  });

  it('refuses a chart file with a misspelt field, naming it', async () => {
    const file = join(dir.path, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...handMadeChart(), labelSystem: 'eu' }));
    const run = await perfit(['charts', 'import', file, '--data-dir', dir.path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown field\(s\) labelSystem.*\[invalid_chart\]/);
  });

  it('answers the sizes of the newest avatar by chart id or chart file, as the API names the fields', async () => {
    const file = join(dir.path, 'test-tops.json');
    writeFileSync(file, JSON.stringify(handMadeChart()));
    const run = await perfit(['sizes', 'shopper', '--chart', file, '--chart', 'generic-men-tops', '--json', '--data-dir', dir.path]);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { user_id: string; fit_preference: string; recommendations: Array<Record<string, unknown>> };
    expect(body).toMatchObject({ user_id: 'shopper', fit_preference: 'regular' });
    expect(body.recommendations.map((r) => r['chart_id'])).toEqual(['test-tops', 'generic-men-tops']);
    expect(body.recommendations[0]).toMatchObject({ best_size: 'M', status: 'fits', missing_dimensions: [] });
    expect(Object.keys(body.recommendations[0]!)).toContain('best_size_probability');

    const table = await perfit(['sizes', 'shopper', '--chart', file, '--data-dir', dir.path]);
    expect(table.stdout).toMatch(/test-tops\s+M\s+\d+%\s+/);
    expect(table.stdout).toMatch(/test-tops: M fits with \d+% probability in Test tops\./);
  });

  it('fails clearly for an unknown chart or customer, and without --chart', async () => {
    expect((await perfit(['sizes', 'shopper', '--chart', 'nope', '--data-dir', dir.path])).stderr).toMatch(
      /No size chart nope.*\[chart_not_found\]/,
    );
    expect((await perfit(['sizes', 'nobody', '--chart', 'generic-men-tops', '--data-dir', dir.path])).stderr).toMatch(
      /no avatar for user nobody/,
    );
    expect((await perfit(['sizes', 'shopper', '--data-dir', dir.path])).code).toBe(2);
  });
});
