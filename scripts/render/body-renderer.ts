/**
 * Photographs bodies of the body model the way a kiosk camera would: the product's mesh.glb,
 * loaded by three.js's GLTFLoader in Debian's Chromium (software WebGL), a perspective camera at
 * a given height and distance, a plain wall behind. Used by the evaluation scripts; needs
 * /usr/bin/chromium (`apt-get install -y chromium`) or CHROMIUM_PATH.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const threeDir = join(root, 'node_modules/three');

export interface KioskCamera {
  widthPx: number;
  heightPx: number;
  /** Vertical field of view. */
  fovDeg: number;
  /** Lens height above the floor. */
  heightM: number;
  /** Horizontal distance from the lens to the body's vertical axis. */
  distanceM: number;
}

export interface BodyPhotoRequest {
  glb: Uint8Array;
  /** Turn of the body about the vertical axis: 0 faces the camera, 90 shows its left side. */
  yawDeg: number;
  camera: KioskCamera;
}

export interface BodyRenderer {
  /** A JPEG of the body standing on the floor (its lowest vertex at y = 0). */
  photograph(request: BodyPhotoRequest): Promise<Buffer>;
  close(): Promise<void>;
}

const page = `<!doctype html>
<html><head><meta charset="utf-8"><style>body { margin: 0; background: #000; }</style>
<script type="importmap">{ "imports": { "three": "/three/build/three.module.js", "three/addons/": "/three/examples/jsm/" } }</script>
</head><body>
<script type="module">
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
const loader = new GLTFLoader();
let renderer = null;
window.photograph = async (glbUrl, yawDeg, camera) => {
  if (!renderer || renderer.domElement.width !== camera.widthPx || renderer.domElement.height !== camera.heightPx) {
    renderer?.domElement.remove();
    renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    renderer.setPixelRatio(1);
    renderer.setSize(camera.widthPx, camera.heightPx);
    renderer.setClearColor(0xd9d5cd);
    document.body.append(renderer.domElement);
  }
  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xffffff, 0x7a746c, 2.0));
  const key = new THREE.DirectionalLight(0xffffff, 1.4);
  key.position.set(1.2, 2.6, 3.0);
  scene.add(key);
  const gltf = await loader.loadAsync(glbUrl);
  const body = gltf.scene;
  body.traverse((node) => { if (node.isMesh) node.material = new THREE.MeshStandardMaterial({ color: 0xc49a74, roughness: 0.8 }); });
  const box = new THREE.Box3().setFromObject(body);
  body.position.y -= box.min.y;
  const turn = new THREE.Group();
  turn.add(body);
  turn.rotation.y = yawDeg * Math.PI / 180;
  scene.add(turn);
  const lens = new THREE.PerspectiveCamera(camera.fovDeg, camera.widthPx / camera.heightPx, 0.05, 50);
  lens.position.set(0, camera.heightM, camera.distanceM);
  lens.lookAt(0, camera.heightM, 0);
  renderer.render(scene, lens);
  body.traverse((node) => { if (node.isMesh) { node.geometry.dispose(); node.material.dispose(); } });
  return true;
};
document.body.dataset.ready = 'true';
</script></body></html>`;

async function serveScene(current: () => Uint8Array | null): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const reply = (status: number, type: string, body: string | Uint8Array): void => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (path === '/') return reply(200, 'text/html; charset=utf-8', page);
    if (path.startsWith('/body-')) {
      const glb = current();
      return glb ? reply(200, 'model/gltf-binary', glb) : reply(404, 'text/plain', 'no body');
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
  return server;
}

export async function openBodyRenderer(chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): Promise<BodyRenderer> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  let glb: Uint8Array | null = null;
  let counter = 0;
  const server = await serveScene(() => glb);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
    const tab: Page = await browser.newPage({ viewport: { width: 720, height: 1280 } });
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 30_000 });
    const openBrowser = browser;
    return {
      async photograph(request) {
        glb = request.glb;
        counter += 1;
        await tab.setViewportSize({ width: request.camera.widthPx, height: request.camera.heightPx });
        await tab.evaluate(
          async ([url, yawDeg, camera]) => {
            const photograph = (globalThis as unknown as { photograph: (u: string, y: number, c: KioskCamera) => Promise<boolean> }).photograph;
            await photograph(url, yawDeg, camera);
          },
          [`/body-${counter}.glb`, request.yawDeg, request.camera] as const,
        );
        if (errors.length > 0) throw new Error(`the scene failed: ${errors.join('; ')}`);
        return tab.locator('canvas').screenshot({ type: 'jpeg', quality: 92 });
      },
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
