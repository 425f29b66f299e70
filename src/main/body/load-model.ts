import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBodyModelNpz, type BodyModel } from './model.js';

export const openModelGenders = ['male', 'female', 'neutral'] as const;
export type OpenModelGender = (typeof openModelGenders)[number];

/**
 * The open body models and their statistics: `body/` of the configured models folder when it
 * holds them (PERFIT_MODELS_DIR; the packaged app's `resources/models`), else `models/body/` found
 * relative to this module: from source (src/main/body/), bundled by electron-vite (out/main/ and
 * out/main/chunks/), and packaged (resources/app.asar/out/main/…, models beside the asar).
 */
export function modelsBodyDir(): string {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const configured = [process.env.PERFIT_MODELS_DIR, resourcesPath ? join(resourcesPath, 'models') : undefined]
    .filter((dir): dir is string => typeof dir === 'string' && dir.length > 0)
    .map((dir) => `${join(dir, 'body')}${sep}`);
  const relative = ['../../../models/body/', '../../models/body/', '../../../../models/body/'].map((path) =>
    fileURLToPath(new URL(path, import.meta.url)),
  );
  const candidates = [...configured, ...relative];
  return candidates.find((dir) => existsSync(`${dir}shape-stats.json`)) ?? relative[0]!;
}

export function openBodyModelPath(gender: OpenModelGender): string {
  return `${modelsBodyDir()}perfit-body-${gender}.npz`;
}

/** Reads an SMPL-layout `.npz` (the official SMPL file, a converted `.pkl`, or ours). */
export async function loadBodyModel(path: string): Promise<BodyModel> {
  const bytes = await readFile(path);
  return parseBodyModelNpz(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

const cache = new Map<OpenModelGender, Promise<BodyModel>>();

/** The project's open body model for a gender (read once per process, then shared). */
export function loadOpenBodyModel(gender: OpenModelGender): Promise<BodyModel> {
  if (!openModelGenders.includes(gender)) return Promise.reject(new Error(`no open body model for gender "${String(gender)}"`));
  let model = cache.get(gender);
  if (!model) {
    model = loadBodyModel(openBodyModelPath(gender));
    model.catch(() => cache.delete(gender));
    cache.set(gender, model);
  }
  return model;
}
