import { fileURLToPath } from 'node:url';

/** The checkout's `models/` folder: the default place for user-supplied model files. */
export function projectModelsDir(): string {
  return fileURLToPath(new URL('../../models/', import.meta.url));
}
