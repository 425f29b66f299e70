import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The checkout's `models/` folder: the default place for user-supplied model files. */
export function projectModelsDir(): string {
  return fileURLToPath(new URL('../../models/', import.meta.url));
}

/** The kiosk UI as built by `npm run build` (electron-vite), when it has been built. */
export function builtRendererDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}
