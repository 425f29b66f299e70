import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { captureHumanOptions } from '../../../../src/main/inference/capture-checks/human-settings.js';
import { createEmbeddedPipeline } from '../../../../src/main/inference/embedded/embedded-pipeline.js';
import { createHumanRuntime, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import type { Pipeline } from '../../../../src/main/inference/pipeline.js';

/** The real embedded pipeline on the real Human models, warmed up once per test file, and a folder for its photos. */
export interface EmbeddedFixture {
  readonly runtime: HumanRuntime;
  readonly pipeline: Pipeline;
  /** Writes a photo into the fixture's folder and answers its path. */
  save(name: string, bytes: Buffer): string;
}

/** Registers the file's beforeAll / afterAll; the fields are there once beforeAll has run. */
export function useEmbeddedPipeline(folderPrefix: string, timeoutMs = 120_000): EmbeddedFixture {
  let runtime: HumanRuntime | undefined;
  let pipeline: Pipeline | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    runtime = await createHumanRuntime(captureHumanOptions);
    pipeline = await createEmbeddedPipeline(
      { modelsDir: join(tmpdir(), 'no-models'), choice: 'embedded', log: () => undefined },
      { runtime },
    );
    await pipeline.warmUp();
    dir = mkdtempSync(join(tmpdir(), `${folderPrefix}-`));
  }, timeoutMs);
  afterAll(() => {
    runtime?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the embedded fixture's ${name} is used before its beforeAll ran`);
    return value;
  };
  return {
    get runtime() {
      return ready(runtime, 'runtime');
    },
    get pipeline() {
      return ready(pipeline, 'pipeline');
    },
    save(name, bytes) {
      const path = join(ready(dir, 'folder'), name);
      writeFileSync(path, bytes);
      return path;
    },
  };
}
