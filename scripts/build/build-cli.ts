/**
 * Builds the `perfit` command and the service core for plain Node into lib/: one bundle per thread
 * (esbuild), each entry at its source's place, so that bin/perfit.mjs and the worker URLs find them:
 *
 *   lib/cli/main.js                              the command (main thread)
 *   lib/main/inference/worker.js                 the inference worker
 *   lib/main/inference/human-checks/worker.js    the face check and capture check worker
 *   lib/main/calibration/photo-reader-worker.js  the calibration photo reader
 *   lib/main/inference/embedded/fit-worker.js    a burst's frame-set fits (started by the inference worker)
 *
 * Node's ESM loader costs about a millisecond per module file: a one-off `perfit scan` read some 600
 * of ours across its three threads, each worker again. A bundle per thread is a few files. What a
 * bundle imports lazily (`await import()`: the other commands, Koa and the routes, the S3 client)
 * stays lazy, in a file of its own beside the entry. Packages stay in node_modules, but these go in
 * with everything they import from node_modules (each resolved from its importer, as Node would):
 * zod (95 files in every thread) and zod-to-openapi, which must extend the same zod; Koa, its router
 * and CORS (some 60 files of `perfit serve`'s start), and prom-client with @opentelemetry/api (some
 * 90 files, read by every command that starts the service). Bundled CommonJS calls require() for
 * Node's own modules: each output file gets a require of its own (createRequire), as ESM has none.
 *
 * `import.meta.url` in a source module is rewritten to the URL its module had in lib/ before
 * bundling (lib/main/body/load-model.js, …), which every output file of a bundle can compute since
 * they all sit in the entry's folder: paths relative to a module (its workers, models/, out/renderer/)
 * hold as they do in src/. bin/perfit.mjs runs lib/ when it is newer than the sources.
 *
 *   npm run build:cli
 */
import { readFile, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const srcDir = join(root, 'src');
const outDir = join(root, 'lib');
const entries = [
  'cli/main.ts',
  'main/inference/worker.ts',
  'main/inference/human-checks/worker.ts',
  'main/calibration/photo-reader-worker.ts',
  'main/inference/embedded/fit-worker.ts',
];

const bundledPackages = new Set(['zod', '@asteasolutions/zod-to-openapi', 'koa', '@koa/router', '@koa/cors', 'prom-client']);

/** Every other package is imported from node_modules at run time; a bundled package's own imports are bundled with it. */
const packagesOutside: Plugin = {
  name: 'packages-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { path: args.path, external: true };
      if (args.importer.split(sep).includes('node_modules')) return undefined;
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]!;
      return bundledPackages.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/** Bundled CommonJS requires Node's modules through esbuild's shim, which needs a `require` in scope. */
const requireBanner = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** `import.meta.url` of a source module → its unbundled lib/ URL, relative to the bundle's folder `bundleDir`. */
function moduleUrlPlugin(bundleDir: string): Plugin {
  return {
    name: 'module-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(srcDir + sep)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const builtPath = join(outDir, relative(srcDir, args.path)).replace(/\.ts$/, '.js');
        const fromBundle = relative(bundleDir, builtPath).split(sep).join('/');
        const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
        return { contents: source.replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
      });
    },
  };
}

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
let files = 0;
for (const entry of entries) {
  const bundleDir = dirname(join(outDir, entry));
  const result = await build({
    entryPoints: [join(srcDir, entry)],
    outbase: srcDir,
    outdir: outDir,
    // Lazy imports become files beside the entry: every output file of the bundle is in one folder.
    chunkNames: `${relative(outDir, bundleDir).split(sep).join('/')}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: 'linked',
    metafile: true,
    plugins: [packagesOutside, moduleUrlPlugin(bundleDir)],
    banner: { js: requireBanner },
    logLevel: 'warning',
  });
  files += Object.keys(result.metafile.outputs).filter((path) => path.endsWith('.js')).length;
}
// bin/perfit.mjs compares the sources' modification times with this file's.
await writeFile(join(outDir, '.built'), `${new Date().toISOString()}\n`);
process.stdout.write(`lib/: ${entries.length} bundles, ${files} files, in ${Math.round(performance.now() - started)} ms\n`);
