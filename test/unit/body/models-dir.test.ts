import { mkdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modelsBodyDir } from '../../../src/main/body/load-model.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('where the open body model is read from', () => {
  const saved = process.env.PERFIT_MODELS_DIR;
  const dir = makeTempDir('perfit-models-dir-');
  afterEach(() => {
    if (saved === undefined) delete process.env.PERFIT_MODELS_DIR;
    else process.env.PERFIT_MODELS_DIR = saved;
  });

  it("is the checkout's models/body when no models folder is configured", () => {
    delete process.env.PERFIT_MODELS_DIR;
    expect(modelsBodyDir()).toMatch(new RegExp(`${sep}models${sep}body${sep}$`));
    expect(modelsBodyDir().startsWith(join(import.meta.dirname, '../../..'))).toBe(true);
  });

  it('is <PERFIT_MODELS_DIR>/body when that folder holds the statistics (an updated model, the packaged app)', () => {
    mkdirSync(join(dir.path, 'body'), { recursive: true });
    writeFileSync(join(dir.path, 'body', 'shape-stats.json'), '{}');
    process.env.PERFIT_MODELS_DIR = dir.path;
    expect(modelsBodyDir()).toBe(`${join(dir.path, 'body')}${sep}`);
    dir.remove();
  });

  it('ignores a configured folder without the model and falls back to the shipped one', () => {
    process.env.PERFIT_MODELS_DIR = join(dir.path, 'does-not-exist');
    expect(modelsBodyDir().startsWith(join(import.meta.dirname, '../../..'))).toBe(true);
  });
});
