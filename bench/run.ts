import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchSection } from './types.js';

/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) one after the
 * other and writes docs/benchmarks.md. Figures are medians of several runs; the machine is shared
 * and noisy, so compare ratios, not single numbers.
 */
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

const sections: BenchSection[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const module = (await import(pathToFileURL(`${benchDir}${file}`).href)) as BenchModule;
  const section = await module.runBench();
  sections.push(section);
  process.stderr.write(`${section.lines.join('\n')}\n\n`);
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
if (only.length === 0) {
  writeFileSync(fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)), [...header, ...body].join('\n'));
  process.stderr.write('bench: wrote docs/benchmarks.md\n');
} else {
  process.stderr.write('bench: partial run, docs/benchmarks.md left as it is\n');
}
