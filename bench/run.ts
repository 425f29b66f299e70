import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type { BenchRatio, BenchSection } from './types.js';

/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) one after the
 * other, each in a process of its own (bench/run-one.ts), and writes docs/benchmarks.md. Figures are
 * medians of several runs; the machine is shared and noisy, so compare ratios, not single numbers.
 */
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const checkMode = process.argv.includes('--check');
const only = process.argv.slice(2).filter((arg) => arg !== '--check');
const ratiosPath = fileURLToPath(new URL('../docs/benchmarks.json', import.meta.url));
/** A ratio that moved the wrong way by more than this against the recorded one fails `bench:check`. */
const allowedRegression = 0.2;
const files = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

const sections: BenchSection[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'perfit-bench-'));
try {
  for (const file of files) {
    process.stderr.write(`bench: ${file}\n`);
    const out = join(scratch, `${file}.json`);
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(benchDir, 'run-one.ts'), join(benchDir, file), out], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`bench: ${file} failed (exit code ${child.status ?? child.signal})`);
    const section = JSON.parse(readFileSync(out, 'utf8')) as BenchSection;
    sections.push(section);
    process.stderr.write(`${section.lines.join('\n')}\n\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}.`,
  'Figures are medians of several runs on a shared machine; compare ratios rather than single numbers.',
  '',
];
const body = sections.flatMap((section) => [`## ${section.title}`, '', ...section.lines, '']);
const ratios = sections.flatMap((section) => section.ratios ?? []);
if (checkMode) {
  process.exitCode = checkRatios(ratios) ? 0 : 1;
} else if (only.length === 0) {
  writeFileSync(fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)), [...header, ...body].join('\n'));
  writeFileSync(ratiosPath, `${JSON.stringify({ written: new Date().toISOString(), ratios }, null, 2)}\n`);
  process.stderr.write('bench: wrote docs/benchmarks.md and docs/benchmarks.json\n');
} else {
  process.stderr.write('bench: partial run, docs/benchmarks.md left as it is\n');
}

/** Compares this run's ratios with the recorded ones; false when one regressed beyond the allowance. */
function checkRatios(current: BenchRatio[]): boolean {
  if (!existsSync(ratiosPath)) {
    process.stderr.write(`bench:check: no recorded ratios (${ratiosPath}); run npm run bench first\n`);
    return false;
  }
  const recordedSchema = z.object({
    ratios: z.array(z.object({ name: z.string(), value: z.number(), better: z.enum(['higher', 'lower']) })),
  });
  const recorded = new Map(recordedSchema.parse(JSON.parse(readFileSync(ratiosPath, 'utf8'))).ratios.map((ratio) => [ratio.name, ratio]));
  let ok = true;
  for (const ratio of current) {
    const before = recorded.get(ratio.name);
    if (!before) {
      process.stderr.write(`bench:check: ${ratio.name} = ${ratio.value.toFixed(3)} (not recorded yet)\n`);
      continue;
    }
    const change = ratio.better === 'higher' ? before.value / ratio.value - 1 : ratio.value / before.value - 1;
    const regressed = change > allowedRegression;
    ok &&= !regressed;
    process.stderr.write(
      `bench:check: ${regressed ? 'REGRESSED' : 'ok'} ${ratio.name}: ${before.value.toFixed(3)} → ${ratio.value.toFixed(3)} ` +
        `(${ratio.better} is better; ${(change * 100).toFixed(0)}% worse, allowed ${allowedRegression * 100}%)\n`,
    );
  }
  return ok;
}
