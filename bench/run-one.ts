import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BenchModule } from './types.js';

/**
 * Runs one bench module in this (fresh) process and writes its section as JSON to the file named
 * second: each bench gets a process of its own, so memory and loaded models of one never show in
 * another's figures (bench/run.ts starts it).
 */
const [modulePath, outPath] = process.argv.slice(2);
if (!modulePath || !outPath) throw new Error('usage: run-one.ts BENCH_MODULE OUT_JSON');
const module = (await import(pathToFileURL(modulePath).href)) as BenchModule;
writeFileSync(outPath, JSON.stringify(await module.runBench()));
