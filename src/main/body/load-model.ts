import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseBodyModelNpz, type BodyModel } from './model.js';

export const openModelGenders = ['male', 'female', 'neutral'] as const;
export type OpenModelGender = (typeof openModelGenders)[number];

/**
 * The committed open body models and their statistics: `models/body/` of the checkout, found
 * relative to this module both when it runs from source (src/main/body/) and when electron-vite
 * has bundled it into out/main/.
 */
export function modelsBodyDir(): string {
  const candidates = ['../../../models/body/', '../../models/body/'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  return candidates.find((dir) => existsSync(`${dir}shape-stats.json`)) ?? candidates[0]!;
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
