import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * Human's body model (MoveNet Lightning) for the capture screen's live pose, from node_modules into
 * the renderer's output (`models/`, and the dev server): the page's CSP allows only its own origin.
 */
function humanBodyModel(): Plugin {
  const name = 'movenet-lightning';
  const modelsDir = resolve(import.meta.dirname, 'node_modules/@vladmandic/human/models');
  const weightsFile = `${name}.bin`;
  let files: Map<string, Buffer> | null = null;
  const load = (): Map<string, Buffer> => {
    if (files) return files;
    const model = JSON.parse(readFileSync(resolve(modelsDir, `${name}.json`), 'utf8')) as { weightsManifest: Array<{ paths: string[] }> };
    const group = model.weightsManifest[0];
    if (model.weightsManifest.length !== 1 || group?.paths.length !== 1 || group.paths[0] !== weightsFile)
      throw new Error(`${name}.json: expected one weights file, ${weightsFile}`);
    files = new Map([
      [`/models/${name}.json`, readFileSync(resolve(modelsDir, `${name}.json`))],
      [`/models/${weightsFile}`, readFileSync(resolve(modelsDir, weightsFile))],
    ]);
    return files;
  };
  return {
    name: 'perfit-human-body-model',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = request.url?.split('?')[0] ?? '';
        const file = path.startsWith('/models/') ? load().get(path) : undefined;
        if (!file) return next();
        response.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        response.end(file);
      });
    },
    generateBundle() {
      for (const [path, source] of load()) this.emitFile({ type: 'asset', fileName: path.slice(1), source });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // Started from inside the inference worker, where no `?nodeWorker` factory reaches: built
          // as out/main/fit-worker.js, where set-fitter.ts looks for it.
          'fit-worker': resolve(import.meta.dirname, 'src/main/inference/embedded/fit-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      // A sandboxed preload cannot be an ES module.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
    // Human's browser ESM build (the package's exports map has no subpath for it), in its own chunk.
    resolve: {
      alias: [
        { find: /^@vladmandic\/human$/, replacement: resolve(import.meta.dirname, 'node_modules/@vladmandic/human/dist/human.esm.js') },
      ],
    },
    plugins: [vue(), humanBodyModel()],
  },
});
