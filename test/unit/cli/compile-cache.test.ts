import { describe, expect, it } from 'vitest';

type EnableCompileCache = (
  nodeModule: { enableCompileCache?: () => { directory?: string } | undefined },
  env: Record<string, string | undefined>,
) => string | null;

// bin/ is plain JavaScript run by node before anything is built; its path goes through a string so
// that TypeScript does not look for its types.
const binModule = '../../../bin/compile-cache.mjs';
const { enableCompileCache } = (await import(binModule)) as { enableCompileCache: EnableCompileCache };

describe('the perfit command’s compile cache (bin/compile-cache.mjs)', () => {
  it('turns it on where Node has it, and hands its folder to the worker threads through the environment', () => {
    const env: Record<string, string | undefined> = {};
    let calls = 0;
    const folder = enableCompileCache(
      {
        enableCompileCache: () => {
          calls += 1;
          return { directory: '/tmp/node-compile-cache' };
        },
      },
      env,
    );
    expect(calls).toBe(1);
    expect(folder).toBe('/tmp/node-compile-cache');
    expect(env.NODE_COMPILE_CACHE).toBe('/tmp/node-compile-cache');
  });

  it('keeps a folder the environment already names', () => {
    const env: Record<string, string | undefined> = { NODE_COMPILE_CACHE: '/var/cache/perfit' };
    enableCompileCache({ enableCompileCache: () => ({ directory: '/var/cache/perfit' }) }, env);
    expect(env.NODE_COMPILE_CACHE).toBe('/var/cache/perfit');
  });

  it('changes nothing on a Node without the API (20), or when the cache is off (NODE_DISABLE_COMPILE_CACHE=1)', () => {
    const env: Record<string, string | undefined> = {};
    expect(enableCompileCache({}, env)).toBeNull();
    expect(enableCompileCache({ enableCompileCache: () => ({}) }, env)).toBeNull();
    expect(env).toEqual({});
  });
});
