/**
 * A three.js page in Debian's Chromium (software WebGL), for the scripts that render our meshes:
 * a loopback server for the page, three.js's modules from node_modules (an import map maps `three`
 * and `three/addons/`) and the caller's GLB files; and the browser that opens it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';

const threeDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'node_modules/three');

/** The `<script type="importmap">` a page needs to import three.js as the server serves it. */
export const threeImportMap =
  '<script type="importmap">{ "imports": { "three": "/three/build/three.module.js", "three/addons/": "/three/examples/jsm/" } }</script>';

export interface ThreePage {
  page: Page;
  close(): Promise<void>;
}

/**
 * Serves `html` at `/` and `glb(path)` for paths ending in `.glb`, opens it in Chromium at the
 * given viewport, and waits for `body[data-ready]` (the page sets it when its script has run).
 */
export async function openThreePage(options: {
  html: () => string;
  glb: (path: string) => Uint8Array | null;
  viewport: { width: number; height: number };
  chromiumPath?: string;
}): Promise<ThreePage> {
  const chromiumPath = options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const reply = (status: number, type: string, body: string | Uint8Array): void => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (path === '/') return reply(200, 'text/html; charset=utf-8', options.html());
    if (path.endsWith('.glb')) {
      const glb = options.glb(path);
      return glb ? reply(200, 'model/gltf-binary', glb) : reply(404, 'text/plain', 'no such body');
    }
    if (path.startsWith('/three/')) {
      const file = normalize(join(threeDir, path.slice('/three/'.length)));
      if (!file.startsWith(threeDir) || !existsSync(file)) return reply(404, 'text/plain', 'not found');
      readFile(file).then(
        (bytes) => reply(200, 'text/javascript; charset=utf-8', bytes),
        () => reply(500, 'text/plain', 'read failed'),
      );
      return undefined;
    }
    return reply(404, 'text/plain', 'not found');
  });
  server.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
    const page = await browser.newPage({ viewport: options.viewport });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 60_000 }).catch(() => {
      throw new Error(`the page did not get ready: ${errors.join('; ') || 'no error reported'}`);
    });
    const openBrowser = browser;
    return {
      page,
      async close() {
        await openBrowser.close();
        server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    server.close();
    throw error;
  }
}
