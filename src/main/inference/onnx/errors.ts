import { CodedError } from '../../errors.js';

/** Why a model file set cannot be used; each reason has a stable `code` that callers map without reading messages. */
export type ModelFilesErrorCode =
  /** models/manifest.json is absent. */
  | 'manifest_missing'
  /** The manifest is not JSON or does not have the expected layout. */
  | 'manifest_invalid'
  /** The manifest has no entry for a model the pipeline needs. */
  | 'manifest_entry_missing'
  /** The manifest names a file that is not in the models folder. */
  | 'model_file_missing'
  /** The manifest records no checksum for a file (the export script was not run to the end). */
  | 'model_checksum_missing'
  /** The file's SHA-256 differs from the manifest's. */
  | 'model_checksum_mismatch'
  /** The ONNX session's inputs or outputs differ from the manifest's names, types or shapes. */
  | 'model_signature_mismatch'
  /** No execution provider could create the session (corrupt file, unsupported operator, …). */
  | 'model_load_failed';

/** Codes that only mean "the optional files are not installed", not that something is broken. */
export const notInstalledCodes: ReadonlySet<ModelFilesErrorCode> = new Set([
  'manifest_missing',
  'manifest_entry_missing',
  'model_file_missing',
  'model_checksum_missing',
]);

export class ModelFilesError extends CodedError<ModelFilesErrorCode> {
  override readonly name = 'ModelFilesError';
}
