import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseBodyModelNpz, type BodyModel } from './model.js';

export const openModelGenders = ['male', 'female', 'neutral'] as const;
export type OpenModelGender = (typeof openModelGenders)[number];

/** The committed open body models and their statistics: `models/body/` of the checkout. */
export function modelsBodyDir(): string {
  return fileURLToPath(new URL('../../../models/body/', import.meta.url));
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
