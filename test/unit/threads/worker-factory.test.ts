import { describe, expect, it } from 'vitest';
import { workerEntryUrl } from '../../../src/main/threads/worker-factory.js';

describe('the module a worker thread starts with', () => {
  const source = new URL('file:///app/src/main/inference/worker.ts');

  it('is the built .js in the same place when the service runs from lib/', () => {
    const built = new URL('file:///app/lib/main/inference/worker.ts');
    expect(workerEntryUrl(built, true).href).toBe('file:///app/lib/main/inference/worker.js');
  });

  it('is a bootstrap that registers tsx and imports the TypeScript source when run from the sources', () => {
    const entry = workerEntryUrl(source, false);
    expect(entry.protocol).toBe('data:');
    const code = decodeURIComponent(entry.pathname.slice('text/javascript,'.length));
    expect(code).toContain('register()');
    expect(code).toContain(JSON.stringify(source.href));
  });

  it('is the module itself when it is already JavaScript', () => {
    const script = new URL('file:///app/test/fixtures/threads/echo-worker.mjs');
    expect(workerEntryUrl(script, false)).toBe(script);
    expect(workerEntryUrl(script, true)).toBe(script);
  });
});
