/**
 * Builds the `perfit` command and the service core for plain Node into lib/: every module of
 * src/main (Electron's shell and entry left out) and src/cli transpiled one to one, so that
 * relative paths from a module (its worker threads, models/, out/renderer/) hold in lib/ as they
 * do in src/. bin/perfit.mjs runs lib/ when it is newer than the sources, which spares the CLI and
 * its workers tsx's compile at every start.
 *
 *   npm run build:cli
 */
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(root, 'lib');
/** Electron-only modules: the shell, and the Electron entry with its electron-vite worker imports. */
const electronOnly = [join(root, 'src/main/shell'), join(root, 'src/main/index.ts')];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !electronOnly.some((excluded) => path === excluded || path.startsWith(`${excluded}/`)));
}

const sources = [...filesUnder(join(root, 'src/main')), ...filesUnder(join(root, 'src/cli'))];
const modules = sources.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'));
const jsonFiles = sources.filter((path) => path.endsWith('.json'));

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
await build({
  entryPoints: modules,
  outdir: outDir,
  outbase: join(root, 'src'),
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// Modules import these with `with { type: 'json' }`; they are read at run time, so they travel as files.
for (const file of jsonFiles) {
  const target = join(outDir, relative(join(root, 'src'), file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
// bin/perfit.mjs compares the sources' modification times with this file's.
writeFileSync(join(outDir, '.built'), `${new Date().toISOString()}\n`);
process.stdout.write(
  `lib/: ${modules.length} modules and ${jsonFiles.length} JSON files in ${Math.round(performance.now() - started)} ms\n`,
);
