/**
 * Renders bodies of the open model, exported as mesh.glb exactly as the product writes it, with
 * three.js in Debian's Chromium (software WebGL), and saves the picture to docs/.
 *
 *   npm run render:body                       → docs/body-model.png
 *   npm run render:body -- --out FILE.png
 *
 * This is the check that our GLB is read by a real glTF loader and looks like a person, not a
 * test of three.js. Needs /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { exportGlb } from '../../src/main/body/export-glb.js';
import { loadOpenBodyModel, type OpenModelGender } from '../../src/main/body/load-model.js';
import { shapeBody } from '../../src/main/body/shape.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const threeDir = join(root, 'node_modules/three');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const panelWidth = 420;
const panelHeight = 520;

/** The bodies shown side by side: each sex at the mean, and the example body. */
const bodies: Array<{ gender: OpenModelGender; betas: number[]; label: string }> = [
  { gender: 'male', betas: [], label: 'male, betas = 0' },
  { gender: 'female', betas: [], label: 'female, betas = 0' },
  { gender: 'female', betas: [1, 0, -0.5], label: 'female, betas 1, 0, −0.5' },
  { gender: 'neutral', betas: [], label: 'neutral, betas = 0' },
];

const page = (count: number): string => `<!doctype html>
<html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #f4f4f2; font: 16px system-ui, sans-serif; }
  #row { display: flex; } figure { margin: 0; text-align: center; } figcaption { padding: 4px 0 12px; color: #333; }
</style>
<script type="importmap">{ "imports": { "three": "/three/build/three.module.js", "three/addons/": "/three/examples/jsm/" } }</script>
</head><body><div id="row"></div>
<script type="module">
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
const labels = ${JSON.stringify(bodies.map((body) => body.label))};
const loader = new GLTFLoader();
const row = document.getElementById('row');
for (let index = 0; index < ${count}; index += 1) {
  const figure = document.createElement('figure');
  const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(${panelWidth}, ${panelHeight});
  renderer.setClearColor(0xf4f4f2);
  figure.append(renderer.domElement);
  const caption = document.createElement('figcaption');
  caption.textContent = labels[index];
  figure.append(caption);
  row.append(figure);
  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xffffff, 0x8d8d8d, 2.2));
  const key = new THREE.DirectionalLight(0xffffff, 1.6);
  key.position.set(1.5, 2.5, 3);
  scene.add(key);
  const gltf = await loader.loadAsync('/body-' + index + '.glb');
  const body = gltf.scene;
  body.traverse((node) => { if (node.isMesh) node.material = new THREE.MeshStandardMaterial({ color: 0xc9a27e, roughness: 0.75 }); });
  const box = new THREE.Box3().setFromObject(body);
  const size = box.getSize(new THREE.Vector3());
  const centre = box.getCenter(new THREE.Vector3());
  body.rotation.y = -0.3;
  scene.add(body);
  const aspect = ${panelWidth} / ${panelHeight};
  const camera = new THREE.PerspectiveCamera(30, aspect, 0.1, 100);
  // Fit the taller of the body's height and its arm span (seen through the narrower width).
  const fitHeight = Math.max(size.y, size.x / aspect);
  const distance = (fitHeight / 2) / Math.tan((30 / 2) * Math.PI / 180) * 1.08;
  camera.position.set(centre.x, centre.y, centre.z + distance);
  camera.lookAt(centre);
  renderer.render(scene, camera);
  document.body.dataset.rendered = String(index + 1);
}
document.body.dataset.done = 'true';
</script></body></html>`;

async function serve(glbs: Uint8Array[]): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const reply = (status: number, type: string, body: string | Uint8Array): void => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    const glb = /^\/body-(\d+)\.glb$/.exec(path);
    if (path === '/') return reply(200, 'text/html; charset=utf-8', page(glbs.length));
    if (glb) return reply(200, 'model/gltf-binary', glbs[Number(glb[1])]!);
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'docs/body-model.png') } } });
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const glbs: Uint8Array[] = [];
  for (const body of bodies) {
    const model = await loadOpenBodyModel(body.gender);
    glbs.push(exportGlb(model, shapeBody(model, body.betas)));
  }
  const server = await serve(glbs);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  try {
    const tab = await browser.newPage({ viewport: { width: panelWidth * bodies.length, height: panelHeight + 40 } });
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab.waitForSelector('body[data-done="true"]', { timeout: 60_000 }).catch(() => {
      throw new Error(`the page did not finish rendering: ${errors.join('; ') || 'no error reported'}`);
    });
    await writeFile(values.out, await tab.screenshot({ fullPage: true }));
    console.log(`wrote ${values.out}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
