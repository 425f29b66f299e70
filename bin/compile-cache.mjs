// Node 22.1+ keeps V8's compiled code of every module it loads on disk (os.tmpdir()/node-compile-cache,
// or NODE_COMPILE_CACHE), so a later start of the same files compiles far less; a one-off `perfit
// scan` gains little from it, since the networks' first run is most of its time (Node 22.23: 1875
// against 1890 ms with NODE_DISABLE_COMPILE_CACHE=1, medians of 7 interleaved runs). The worker
// threads do not inherit the API's choice, only the environment variable, so it is set for them.
// Older Node has no such API and loses nothing; NODE_DISABLE_COMPILE_CACHE=1 turns it off.

/**
 * @param {{ enableCompileCache?: () => { directory?: string } | undefined }} nodeModule `node:module`
 * @param {Record<string, string | undefined>} env the environment the worker threads are started with
 * @returns {string | null} the cache's folder, or null when Node keeps no cache
 */
export function enableCompileCache(nodeModule, env) {
  const directory = nodeModule.enableCompileCache?.()?.directory;
  if (!directory) return null;
  env.NODE_COMPILE_CACHE ??= directory;
  return directory;
}
