import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { median, type BenchSection } from './types.js';

/**
 * The one-shot `perfit scan` as a POS back office or a script runs it: process start to the printed
 * measurements, with a fresh data folder each time (migrations, the face check and the inference
 * worker loading Human, the scan), from the built lib/ (`npm run build:cli`, run first here).
 * Beside it, what a bare `node` start and `perfit --help` (all imports, no work) cost in the same run.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const runs = 5;
const limitMs = 1500;

async function photo(): Promise<Buffer> {
  const assets = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..', 'assets');
  const samples = await readFile(join(assets, 'samples.jpg'));
  const padded = await sharp(samples)
    .extract({ left: 0, top: 1, width: 158, height: 157 })
    .extend({ top: 12, bottom: 12, left: 4, right: 4, extendWith: 'copy' })
    .toBuffer();
  return sharp(padded).resize({ height: 720, kernel: 'lanczos3' }).jpeg({ quality: 92 }).toBuffer();
}

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

export async function runBench(): Promise<BenchSection> {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build/build-cli.ts'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'perfit-bench-cli-'));
  try {
    const image = join(dir, 'front.jpg');
    writeFileSync(image, await photo());
    let run = 0;
    const scanMs = medianOf(() => {
      const dataDir = join(dir, `data-${(run += 1)}`);
      const args = ['bin/perfit.mjs', 'scan', image, '--consent', '--height-cm', '165', '--gender', 'female', '--json'];
      return timed(args, { PERFIT_DATA_DIR: dataDir, PERFIT_PIPELINE: 'embedded', PERFIT_LOG_LEVEL: 'warn' });
    });
    const helpMs = medianOf(() => timed(['bin/perfit.mjs', '--help']));
    const nodeMs = medianOf(() => timed(['-e', '']));
    const ms = (value: number): string => `${Math.round(value)} ms`;
    const ratio = scanMs / limitMs;
    return {
      title: 'One-shot CLI scan (perfit scan, built)',
      lines: [
        '| figure | median | limit | ratio | |',
        '|---|---:|---:|---:|---|',
        `| \`perfit scan\` one front photo, height given, process start to measurements | ${ms(scanMs)} | ${ms(limitMs)} | ${Math.round(ratio * 100)}% | ${ratio <= 1 ? 'meets' : 'ABOVE'} |`,
        `| reference: \`perfit --help\` (every module imported, no work) | ${ms(helpMs)} | | | |`,
        `| reference: \`node -e ''\` | ${ms(nodeMs)} | | | |`,
        '',
        `Medians of ${runs} runs after one discarded run, each scan with a fresh data folder; lib/ built by \`npm run build:cli\` first.`,
      ],
      ratios: [{ name: 'cli.oneShotScan.toLimit', value: ratio, better: 'lower' }],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
