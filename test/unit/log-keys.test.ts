import { describe, expect, it } from 'vitest';
import { snakeCaseKeys } from '../../src/main/log-keys.js';

describe('snakeCaseKeys', () => {
  it("renames a worker's camelCase top-level keys to snake_case and keeps the values as they are", () => {
    const models = [{ modelName: 'blazepose' }];
    expect(snakeCaseKeys({ humanVersion: '3.3.6', loadMs: 12, warmUpMs: 0, models, err: 'x', job_id: 'j' })).toEqual({
      human_version: '3.3.6',
      load_ms: 12,
      warm_up_ms: 0,
      models,
      err: 'x',
      job_id: 'j',
    });
  });
});
