import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServiceProcess } from '../test/helpers/child-service.js';
import { median, type BenchSection } from './types.js';
import { samplePhoto } from './sample-photo.js';

/**
 * The one-shot `perfit scan` as a POS back office or a script runs it: process start to the printed
 * measurements, with a fresh data folder each time (migrations, the face check and the inference
 * worker loading Human, the scan), from the built lib/ (`npm run build:cli`, run first here).
 * Then `perfit serve` from process start to its readiness probe answering 200 (database, inference
 * worker and face detector loaded), also with a fresh data folder each time.
 * Beside them, what a bare `node` start and `perfit --help` (the command's own start) cost in the same run.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const runs = 5;
const limitMs = 1500;

/** Wall time of one process run to its exit (ms); throws when it fails. */
function timed(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status ?? child.signal}: ${child.stderr}`);
  return elapsed;
}

function medianOf(measure: () => number): number {
  measure();
  return median(Array.from({ length: runs }, measure));
}

/** bin/perfit.mjs runs the sources through tsx once one is newer than lib/: a bench run across such an edit measured both. */
function assertBuiltIsCurrent(): void {
  const builtMs = statSync(join(root, 'lib/.built')).mtimeMs;
  for (const dir of ['src/main', 'src/cli']) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      const path = join(entry.parentPath, entry.name);
      if (entry.isFile() && statSync(path).mtimeMs > builtMs) throw new Error(`bench: ${path} changed during the run; run it again`);
    }
  }
}

async function medianOfAsync(measure: () => Promise<number>): Promise<number> {
  await measure();
  const values: number[] = [];
  for (let run = 0; run < runs; run += 1) values.push(await measure());
  return median(values);
}

/** `perfit serve` on a free port: process start to GET /api/v1/health/ready answering 200 (ms); the service is then stopped. */
async function serveReadyMs(dataDir: string): Promise<number> {
  const started = performance.now();
  const service = await startServiceProcess(['bin/perfit.mjs', 'serve', '--port', '0', '--data-dir', dataDir], {
    PERFIT_PIPELINE: 'embedded',
  });
  try {
    for (;;) {
      const response = await fetch(`${service.url}/api/v1/health/ready`).catch(() => null);
      if (response?.status === 200) return performance.now() - started;
      if (service.child.exitCode !== null)
        throw new Error(`perfit serve exited ${service.child.exitCode} before it was ready: ${service.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await service.stop();
  }
}

export async function runBench(): Promise<BenchSection> {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build/build-cli.ts'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'perfit-bench-cli-'));
  try {
    const image = join(dir, 'front.jpg');
    writeFileSync(image, await samplePhoto());
    let run = 0;
    const scanMs = medianOf(() => {
      const dataDir = join(dir, `data-${(run += 1)}`);
      const args = ['bin/perfit.mjs', 'scan', image, '--consent', '--height-cm', '165', '--gender', 'female', '--json'];
      return timed(args, { PERFIT_DATA_DIR: dataDir, PERFIT_PIPELINE: 'embedded', PERFIT_LOG_LEVEL: 'warn' });
    });
    const serveMs = await medianOfAsync(() => serveReadyMs(join(dir, `serve-${(run += 1)}`)));
    const helpMs = medianOf(() => timed(['bin/perfit.mjs', '--help']));
    const nodeMs = medianOf(() => timed(['-e', '']));
    assertBuiltIsCurrent();
    const ms = (value: number): string => `${Math.round(value)} ms`;
    const ratio = scanMs / limitMs;
    const serveRatio = serveMs / limitMs;
    return {
      title: 'One-shot CLI scan (perfit scan, built)',
      lines: [
        '| figure | median | limit | ratio | |',
        '|---|---:|---:|---:|---|',
        `| \`perfit scan\` one front photo, height given, process start to measurements | ${ms(scanMs)} | ${ms(limitMs)} | ${Math.round(ratio * 100)}% | ${ratio <= 1 ? 'meets' : 'ABOVE'} |`,
        `| \`perfit serve\`, process start to GET /api/v1/health/ready answering 200 | ${ms(serveMs)} | ${ms(limitMs)} | ${Math.round(serveRatio * 100)}% | ${serveRatio <= 1 ? 'meets' : 'ABOVE'} |`,
        `| reference: \`perfit --help\` (the command's own start) | ${ms(helpMs)} | | | |`,
        `| reference: \`node -e ''\` | ${ms(nodeMs)} | | | |`,
        '',
        `Medians of ${runs} runs after one discarded run, each scan and each service with a fresh data folder; lib/ built by \`npm run build:cli\` first. ` +
          'The one-off scan loads its networks without the warm-up pass (its one photo pays their first-run set-up); ' +
          '`perfit serve` warms them up before it answers ready, so that the first customer waits no longer than the next.',
      ],
      ratios: [
        { name: 'cli.oneShotScan.toLimit', value: ratio, better: 'lower' },
        { name: 'cli.serveReady.toLimit', value: serveRatio, better: 'lower' },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
