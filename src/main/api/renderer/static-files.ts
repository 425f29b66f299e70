import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Middleware } from 'koa';
import type { AppContext, AppState } from '../context.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  // Model weights (the capture screen's live pose: Human's MoveNet).
  '.bin': 'application/octet-stream',
  '.glb': 'model/gltf-binary',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths that belong to the API, never to the renderer. */
export function isApiPath(path: string): boolean {
  return path === '/metrics' || path.startsWith('/api/');
}

/**
 * Serves the built kiosk UI (electron-vite's renderer output: one index.html with hash routes, and
 * hashed files under /assets/) from the API's own origin, so the page and the API share one origin
 * and no CORS is needed. Only GET/HEAD of files inside `rootDir`; dot files and anything outside
 * are 404. index.html is revalidated on every load; hashed assets are immutable.
 */
export function rendererStaticFiles(rootDir: string): Middleware<AppState> {
  const root = resolve(rootDir);
  return async (ctx: AppContext, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || isApiPath(ctx.path)) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path === '/' ? '/index.html' : ctx.path);
    } catch {
      return next();
    }
    if (relative.includes('\0') || relative.split('/').some((segment) => segment.startsWith('.'))) return next();
    const file = resolve(root, `.${relative}`);
    if (!file.startsWith(root + sep)) return next();
    const type = contentTypes[extname(file).toLowerCase()];
    if (!type) return next();
    let sizeBytes: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return next();
      sizeBytes = info.size;
    } catch {
      return next();
    }
    ctx.type = type;
    ctx.length = sizeBytes;
    ctx.set('Cache-Control', relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.body = createReadStream(file);
  };
}
