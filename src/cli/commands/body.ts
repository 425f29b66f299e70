import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bodyArtifacts, restPoseParams } from '../../main/body/body-artifacts.js';
import { loadBodyModel, loadOpenBodyModel, openModelGenders, type OpenModelGender } from '../../main/body/load-model.js';
import { measureBody } from '../../main/body/measure.js';
import { measurementDefinition } from '../../main/body/measurement-definitions.js';
import { shapeBody } from '../../main/body/shape.js';
import { presentMeasurement } from '../../main/api/avatar/presenters.js';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { formatTable } from '../table.js';

const usage = `perfit body [--gender male|female|neutral] [--betas B1,B2,...] [--out DIR] [--json] [--model FILE.npz]
  Builds a body from shape coefficients, prints its measurements, and with --out writes
  mesh.obj, mesh.glb and smplx_params.npz to DIR.
  --gender G    which open body model (default neutral)
  --betas LIST  comma-separated betas in SD units (missing ones are 0)
  --out DIR     folder for the files (created if needed)
  --json        print {model, betas, measurements, files} as JSON instead of a table
  --model FILE  an SMPL-layout .npz (e.g. the official SMPL model) instead of the open model`;

function parseBetas(text: string | undefined): number[] {
  if (text === undefined || text.trim() === '') return [];
  const betas = text.split(',').map((part) => Number(part.trim()));
  if (betas.some((beta) => !Number.isFinite(beta))) throw new CliUsageError(`--betas must be comma-separated numbers, got "${text}"`);
  return betas;
}

async function runBody(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      gender: { type: 'string', default: 'neutral' },
      betas: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      model: { type: 'string' },
    },
  });
  const gender = values.gender as OpenModelGender;
  if (!openModelGenders.includes(gender)) throw new CliUsageError(`--gender must be one of ${openModelGenders.join(', ')}`);
  const betas = parseBetas(values.betas);
  const model = values.model ? await loadBodyModel(resolve(values.model)) : await loadOpenBodyModel(gender);
  if (betas.length > model.betaCount) throw new CliUsageError(`the model has ${model.betaCount} betas, got ${betas.length}`);
  const vertices = shapeBody(model, betas);
  const measurements = measureBody(model, vertices);
  const files: string[] = [];
  if (values.out) {
    const dir = resolve(values.out);
    await mkdir(dir, { recursive: true });
    const allBetas = Array.from({ length: Math.max(10, betas.length) }, (_, k) => betas[k] ?? 0);
    for (const artifact of bodyArtifacts(model, vertices, restPoseParams(allBetas))) {
      await writeFile(join(dir, artifact.name), artifact.bytes);
      files.push(join(dir, artifact.name));
    }
  }
  if (values.json) {
    io.stdout.write(
      JSON.stringify(
        {
          model: { name: model.name, version: model.version, licence: model.licence },
          betas,
          measurements: measurements.map(presentMeasurement),
          files,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  io.stdout.write(`${model.name} ${model.version}, betas [${betas.join(', ')}]\n\n`);
  io.stdout.write(
    formatTable(
      ['measurement', 'cm', 'method', 'survey term'],
      measurements.map((m) => [m.name, Number(m.valueCm.toFixed(1)), m.method, measurementDefinition(m.name)?.iso8559 ?? '']),
    ),
  );
  if (files.length > 0) io.stdout.write(`\nwrote ${files.join(', ')}\n`);
  return 0;
}

export const bodyCommand: CliCommand = {
  usage,
  run: runBody,
};
