import { createRequire } from 'node:module';
import type { Config, Human } from '@vladmandic/human';
import { HumanLoadError } from './errors.js';

export type HumanConstructor = new (config?: Partial<Config>) => Human;

/**
 * Loads Human's Node/WASM bundle (dist/human.node-wasm.js) by path. It requires
 * @tensorflow/tfjs-core, -converter and -backend-wasm from node_modules, so Human and this runtime
 * share one tfjs. The package's exports map cannot be used: its subpath keys lack './'.
 */
export function loadHumanConstructor(bundlePath: string): HumanConstructor {
  const require = createRequire(import.meta.url);
  let module: { Human?: unknown };
  try {
    module = require(bundlePath) as { Human?: unknown };
  } catch (error) {
    throw new HumanLoadError(`Could not load Human from ${bundlePath}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof module.Human !== 'function') throw new HumanLoadError(`${bundlePath} does not export the Human class`);
  return module.Human as HumanConstructor;
}
