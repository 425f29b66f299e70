import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import * as z from 'zod';
import { ModelFilesError } from './errors.js';
import { describeZodIssues } from '../../zod-issues.js';

/**
 * `models/manifest.json`: the files a pipeline loads from the models folder, each with its SHA-256,
 * and for ONNX models the input and output names, element types and shapes the code relies on.
 * The export scripts (scripts/models/) write the entries; the pipeline checks every one on load so
 * that a missing, corrupt or differently exported file fails with a sentence, not at the first scan.
 */

export const manifestFileName = 'manifest.json';

/** A file path inside the models folder: relative, forward slashes, never leaving the folder. */
const relativeFile = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && !path.includes('\\') && !normalize(path).split(sep).includes('..'), {
    message: 'must be a path relative to the models folder, with forward slashes, that stays inside it',
  });

const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
  // null: the entry is a template (committed before the export script ran), not an installed file.
  .nullable();

/** A dimension: a number, or a symbolic name (batch size, detection count) that matches any size. */
const dimension = z.union([z.number().int().nonnegative(), z.string().min(1)]);

export const tensorElementTypes = ['float32', 'float16', 'int64', 'int32', 'uint8', 'bool'] as const;

const tensorSpecSchema = z.object({
  name: z.string().min(1),
  type: z.enum(tensorElementTypes),
  shape: z.array(dimension),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

const fileEntryFields = {
  file: relativeFile,
  sha256,
  /** Informational; the checksum is what is checked. */
  sizeBytes: z.number().int().nonnegative().optional(),
};

const fileEntrySchema = z.object({
  ...fileEntryFields,
  name: z.string().min(1),
  version: z.string().min(1),
  licence: z.string().optional(),
  source: z.string().optional(),
});
export type FileEntry = z.infer<typeof fileEntrySchema>;

const onnxModelEntrySchema = fileEntrySchema.extend({
  /** Weights stored next to the graph (ONNX external data, for models over 2 GB), checked like the graph. */
  externalData: z.array(z.object(fileEntryFields)).default([]),
  inputs: z.array(tensorSpecSchema).min(1),
  outputs: z.array(tensorSpecSchema).min(1),
});
export type OnnxModelEntry = z.infer<typeof onnxModelEntrySchema>;

export const modelManifestSchema = z.object({
  schemaVersion: z.literal(1),
  /** ONNX models by id (the pipeline asks for an id: `vitdet`, `hmr2`). */
  models: z.record(z.string(), onnxModelEntrySchema).default({}),
  /** Other files by id (the SMPL body model). */
  files: z.record(z.string(), fileEntrySchema).default({}),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;

export function manifestPath(modelsDir: string): string {
  return join(modelsDir, manifestFileName);
}

/** Reads and checks the manifest; ModelFilesError (`manifest_missing`, `manifest_invalid`) says what is wrong. */
export async function loadModelManifest(modelsDir: string): Promise<ModelManifest> {
  const path = manifestPath(modelsDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ModelFilesError('manifest_missing', `${path} does not exist: the models folder has no manifest`);
    }
    throw new ModelFilesError('manifest_invalid', `${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelFilesError('manifest_invalid', `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error.issues, { max: 3, pathLabel: (path) => path.map(String).join('.') || '(root)' });
    throw new ModelFilesError('manifest_invalid', `${path} does not have the expected layout: ${issues}`);
  }
  return parsed.data;
}

export function onnxModelEntry(manifest: ModelManifest, id: string, modelsDir: string): OnnxModelEntry {
  const entry = manifest.models[id];
  if (!entry) throw new ModelFilesError('manifest_entry_missing', `${manifestPath(modelsDir)} has no entry for the ONNX model "${id}"`);
  return entry;
}

export function fileEntry(manifest: ModelManifest, id: string, modelsDir: string): FileEntry {
  const entry = manifest.files[id];
  if (!entry) throw new ModelFilesError('manifest_entry_missing', `${manifestPath(modelsDir)} has no entry for the file "${id}"`);
  return entry;
}
