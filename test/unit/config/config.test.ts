import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../../src/main/config.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('loadConfig', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('uses the contract defaults: 127.0.0.1:8420, pipeline auto, bucket perfit-avatars', () => {
    const config = loadConfig({ env: { PERFIT_DATA_DIR: dir.path } });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8420);
    expect(config.pipeline).toBe('auto');
    expect(config.s3.bucket).toBe('perfit-avatars');
    expect(config.s3.endpoint).toBeUndefined();
    expect(config.dataDir).toBe(dir.path);
    expect(config.modelsDir).toBe(join(dir.path, 'models'));
  });

  it('reads perfit.config.json from the data folder, and the environment wins over it', () => {
    writeFileSync(join(dir.path, 'perfit.config.json'), JSON.stringify({ port: 9000, pipeline: 'embedded', logLevel: 'warn' }));
    const config = loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_PORT: '9100' } });
    expect(config.port).toBe(9100);
    expect(config.pipeline).toBe('embedded');
    expect(config.logLevel).toBe('warn');
  });

  it('reads the file named by PERFIT_CONFIG and refuses a name that does not exist', () => {
    const file = join(dir.path, 'elsewhere.json');
    writeFileSync(file, JSON.stringify({ s3: { bucket: 'store-42' } }));
    expect(loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_CONFIG: file } }).s3.bucket).toBe('store-42');
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_CONFIG: join(dir.path, 'missing.json') } })).toThrow(
      /PERFIT_CONFIG names .*missing\.json, which does not exist/,
    );
  });

  it('names the setting when a config file value has the wrong type', () => {
    writeFileSync(join(dir.path, 'perfit.config.json'), JSON.stringify({ port: 'eighty' }));
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path } })).toThrow(/port \(PERFIT_PORT\)/);
  });

  it('names the variable when an environment value is not a number', () => {
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_PORT: '84x' } })).toThrow(/PERFIT_PORT="84x" is not an integer/);
  });

  it('refuses unknown keys in the config file, so a typo does not pass silently', () => {
    writeFileSync(join(dir.path, 'perfit.config.json'), JSON.stringify({ prot: 8000 }));
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path } })).toThrow(/prot/);
  });

  it('refuses a config file that is not JSON, naming the file', () => {
    writeFileSync(join(dir.path, 'perfit.config.json'), '{ port: 1 ');
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path } })).toThrow(/perfit\.config\.json is not valid JSON/);
  });

  it('requires PERFIT_API_KEY when listening on a non-loopback address', () => {
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_HOST: '0.0.0.0' } })).toThrow(/PERFIT_API_KEY is required/);
    const config = loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_HOST: '0.0.0.0', PERFIT_API_KEY: 'k'.repeat(32) } });
    expect(config.host).toBe('0.0.0.0');
  });

  it('rejects an unknown pipeline, listing the allowed values', () => {
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_PIPELINE: 'magic' } })).toThrow(
      /pipeline \(PERFIT_PIPELINE\).*auto.*embedded.*hmr2/s,
    );
  });

  it('requires S3 keys once an endpoint is set', () => {
    expect(() => loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_S3_ENDPOINT: 'http://127.0.0.1:9000' } })).toThrow(
      /PERFIT_S3_ACCESS_KEY and PERFIT_S3_SECRET_KEY are required/,
    );
  });

  it('requires an https S3 endpoint unless it is on this machine or the lab override is set', () => {
    const keys = { PERFIT_DATA_DIR: dir.path, PERFIT_S3_ACCESS_KEY: 'minio', PERFIT_S3_SECRET_KEY: 'minio-secret' };
    expect(() => loadConfig({ env: { ...keys, PERFIT_S3_ENDPOINT: 'http://minio.shop.lan:9000' } })).toThrow(
      /PERFIT_S3_ENDPOINT must be https:\/\/.*PERFIT_S3_ALLOW_HTTP/s,
    );
    expect(loadConfig({ env: { ...keys, PERFIT_S3_ENDPOINT: 'https://s3.example.com' } }).s3.endpoint).toBe('https://s3.example.com');
    for (const local of ['http://127.0.0.1:9000', 'http://localhost:9000', 'http://[::1]:9000']) {
      expect(loadConfig({ env: { ...keys, PERFIT_S3_ENDPOINT: local } }).s3.endpoint, local).toBe(local);
    }
    const lab = loadConfig({ env: { ...keys, PERFIT_S3_ENDPOINT: 'http://minio.shop.lan:9000', PERFIT_S3_ALLOW_HTTP: 'true' } });
    expect(lab.s3.allowInsecureHttp).toBe(true);
  });

  it('lets code overrides (CLI flags) win over the environment', () => {
    const config = loadConfig({ env: { PERFIT_DATA_DIR: dir.path, PERFIT_PORT: '9100' }, overrides: { port: 0 } });
    expect(config.port).toBe(0);
  });

  it('never shows secrets in the redacted copy', () => {
    const config = loadConfig({
      env: {
        PERFIT_DATA_DIR: dir.path,
        PERFIT_API_KEY: 'secret-api-key-123456',
        PERFIT_S3_ENDPOINT: 'http://127.0.0.1:9000',
        PERFIT_S3_ACCESS_KEY: 'AKIA-secret',
        PERFIT_S3_SECRET_KEY: 'very-secret',
      },
    });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('secret-api-key-123456');
    expect(shown).not.toContain('AKIA-secret');
    expect(shown).not.toContain('very-secret');
  });
});
