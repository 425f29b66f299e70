/**
 * Where a worker thread started from inside another worker finds its entry, for the URL of the
 * module that starts it: beside it in the sources (run through tsx) and in lib/ (npm run build:cli
 * keeps every module at its source's place, in `sourceFolder`); electron-vite bundles that module
 * into out/main/ or out/main/chunks/ and builds the entry as out/main/<entry>.js (an input of its
 * own in electron.vite.config.ts, since no `?nodeWorker` factory reaches into a worker). Told from
 * the URL alone: in the packaged app it is inside app.asar.
 */
export function nestedWorkerUrl(moduleUrl: string, entry: { name: string; sourceFolder: string }): URL {
  if (moduleUrl.endsWith('.ts')) return new URL(`./${entry.name}.ts`, moduleUrl);
  if (new RegExp(`/${entry.sourceFolder}/[^/]+\\.js$`).test(moduleUrl)) return new URL(`./${entry.name}.js`, moduleUrl);
  return new URL(/\/chunks\/[^/]+$/.test(moduleUrl) ? `../${entry.name}.js` : `./${entry.name}.js`, moduleUrl);
}
