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
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportGlb } from '../../src/main/body/export-glb.js';
import { loadOpenBodyModel, type OpenModelGender } from '../../src/main/body/load-model.js';
import { shapeBody } from '../../src/main/body/shape.js';
import { openThreePage, threeImportMap } from '../render/three-page.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
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
${threeImportMap}
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
document.body.dataset.ready = 'true';
</script></body></html>`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'docs/body-model.png') } } });
  const glbs: Uint8Array[] = [];
  for (const body of bodies) {
    const model = await loadOpenBodyModel(body.gender);
    glbs.push(exportGlb(model, shapeBody(model, body.betas)));
  }
  const scene = await openThreePage({
    html: () => page(glbs.length),
    glb: (path) => glbs[Number(/^\/body-(\d+)\.glb$/.exec(path)?.[1] ?? -1)] ?? null,
    viewport: { width: panelWidth * bodies.length, height: panelHeight + 40 },
  });
  try {
    await writeFile(values.out, await scene.page.screenshot({ fullPage: true }));
    console.log(`wrote ${values.out}`);
  } finally {
    await scene.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
