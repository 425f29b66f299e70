import { performance } from 'node:perf_hooks';
import { exportGlb } from '../src/main/body/export-glb.js';
import { loadOpenBodyModel } from '../src/main/body/load-model.js';
import { measureBody } from '../src/main/body/measure.js';
import { shapeBody } from '../src/main/body/shape.js';
import { median, type BenchSection } from './types.js';

/**
 * The body model's hot paths on the committed neutral open model (5,656 vertices, 20 betas):
 * vertices from betas, every measurement of the table on one body, and the GLB export. Each is
 * timed many times after a warm-up; the figures are medians in milliseconds.
 */
const warmup = 20;
const runs = 200;

function time(run: () => unknown): number {
  for (let k = 0; k < warmup; k++) run();
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

export async function runBench(): Promise<BenchSection> {
  const model = await loadOpenBodyModel('neutral');
  const betas = Array.from({ length: model.betaCount }, (_, k) => Math.sin(k + 1));
  const vertices = shapeBody(model, betas);
  const rows: Array<{ name: string; ms: number; targetMs: number }> = [
    { name: 'vertices from betas (shapeBody)', ms: time(() => shapeBody(model, betas)), targetMs: 2 },
    {
      name: `all ${measureBody(model, vertices).length} measurements of one body (measureBody)`,
      ms: time(() => measureBody(model, vertices)),
      targetMs: 5,
    },
    { name: 'GLB export (exportGlb)', ms: time(() => exportGlb(model, vertices)), targetMs: 20 },
  ];
  return {
    title: 'Body model',
    lines: [
      `Open body model \`${model.name}\` ${model.version}: ${model.vertexCount} vertices, ${model.faces.length / 3} faces, ${model.betaCount} betas. Median of ${runs} runs after ${warmup} warm-up runs, one thread.`,
      '',
      '| operation | median (ms) | target (ms) | |',
      '|---|---:|---:|---|',
      ...rows.map((row) => `| ${row.name} | ${row.ms.toFixed(3)} | < ${row.targetMs} | ${row.ms < row.targetMs ? 'met' : '**missed**'} |`),
    ],
  };
}
