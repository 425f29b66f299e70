/**
 * Photographs bodies of the body model the way a kiosk camera would: the product's mesh.glb,
 * loaded by three.js's GLTFLoader in Debian's Chromium (software WebGL), a perspective camera at
 * a given height and distance, a plain wall behind. Used by the evaluation scripts; needs
 * /usr/bin/chromium (`apt-get install -y chromium`) or CHROMIUM_PATH.
 */
import { openThreePage, threeImportMap } from './three-page.js';

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
${threeImportMap}
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

export async function openBodyRenderer(chromiumPath?: string): Promise<BodyRenderer> {
  let glb: Uint8Array | null = null;
  let counter = 0;
  const scene = await openThreePage({ html: () => page, glb: () => glb, viewport: { width: 720, height: 1280 }, chromiumPath });
  const errors: string[] = [];
  scene.page.on('pageerror', (error) => errors.push(error.message));
  return {
    async photograph(request) {
      glb = request.glb;
      counter += 1;
      await scene.page.setViewportSize({ width: request.camera.widthPx, height: request.camera.heightPx });
      await scene.page.evaluate(
        async ([url, yawDeg, camera]) => {
          const photograph = (globalThis as unknown as { photograph: (u: string, y: number, c: KioskCamera) => Promise<boolean> })
            .photograph;
          await photograph(url, yawDeg, camera);
        },
        [`/body-${counter}.glb`, request.yawDeg, request.camera] as const,
      );
      if (errors.length > 0) throw new Error(`the scene failed: ${errors.join('; ')}`);
      return scene.page.locator('canvas').screenshot({ type: 'jpeg', quality: 92 });
    },
    close: () => scene.close(),
  };
}
