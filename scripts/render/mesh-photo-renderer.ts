/**
 * Photographs coloured triangle meshes as a kiosk camera would, for the accuracy evaluation:
 * three.js in Debian's Chromium (software WebGL), a wall and a floor, a hemisphere and a key
 * light, any printed sheets lying on the floor (the calibration's floor marker), a camera at a
 * given height, distance and tilt; then, on the picture, radial lens
 * distortion, seeded sensor noise and JPEG encoding at a given quality. Needs /usr/bin/chromium
 * (`apt-get install -y chromium`) or CHROMIUM_PATH. The sibling of body-renderer.ts, which
 * photographs the body model's own GLB.
 */
import { openThreePage, threeImportMap } from './three-page.js';

export interface MeshPhotoRequest {
  /** x, y, z per vertex in metres (y up, the floor at 0, facing +z before the turn). */
  positions: Float32Array;
  indices: Uint32Array;
  /** r, g, b per vertex. */
  colours: Uint8Array;
  /** Turn of the body about the vertical axis: 0 faces the camera, 90 shows its right side. */
  yawDeg: number;
  camera: { widthPx: number; heightPx: number; fovDeg: number; heightM: number; distanceM: number; tiltDeg: number; lensK1: number };
  look: {
    backgroundRgb: [number, number, number];
    ambient: number;
    keyIntensity: number;
    keyAzimuthDeg: number;
    jpegQuality: number;
    noiseSd: number;
  };
  /** Seed of the sensor noise. */
  noiseSeed: number;
  /** Printed sheets lying on the floor (the calibration's floor marker); none when absent. */
  floorDecals?: FloorDecal[];
}

/** A point of the floor (metres): x to the camera's right, z towards the camera. */
export interface FloorPoint {
  xM: number;
  zM: number;
}

/** An image printed on a flat sheet that lies on the floor, drawn over the floor. */
export interface FloorDecal {
  /** r, g, b, a per pixel, row by row from the image's top. */
  rgba: Uint8Array;
  widthPx: number;
  heightPx: number;
  /** Where the image's top-left, top-right and bottom-left corners lie (a rectangle: the fourth follows). */
  topLeft: FloorPoint;
  topRight: FloorPoint;
  bottomLeft: FloorPoint;
  /** Of the sheet's surface: 1 is fully matt. */
  roughness: number;
}

export interface MeshPhotoRenderer {
  photograph(request: MeshPhotoRequest): Promise<Buffer>;
  close(): Promise<void>;
}

const page = `<!doctype html>
<html><head><meta charset="utf-8"><style>body { margin: 0; background: #000; }</style>
${threeImportMap}
</head><body>
<script type="module">
import * as THREE from 'three';
let renderer = null;
const decode = (base64, Type) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Type(bytes.buffer);
};
// A sheet on the floor: its image as a mipmapped, anisotropically filtered texture (the floor is seen
// at a grazing angle), pulled in front of the floor by a polygon offset rather than lifted off it.
const floorDecal = (decal) => {
  const texture = new THREE.DataTexture(decode(decal.rgba, Uint8Array), decal.widthPx, decal.heightPx, THREE.RGBAFormat);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.magFilter = THREE.LinearFilter;
  texture.minFilter = THREE.LinearMipmapLinearFilter;
  texture.generateMipmaps = true;
  texture.anisotropy = renderer.capabilities.getMaxAnisotropy();
  texture.needsUpdate = true;
  const { topLeft: a, topRight: b, bottomLeft: c } = decal;
  const d = { xM: b.xM + c.xM - a.xM, zM: b.zM + c.zM - a.zM };
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute([a, b, c, d].flatMap((p) => [p.xM, 0, p.zM]), 3));
  geometry.setAttribute('normal', new THREE.Float32BufferAttribute([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0], 3));
  geometry.setAttribute('uv', new THREE.Float32BufferAttribute([0, 0, 1, 0, 0, 1, 1, 1], 2));
  geometry.setIndex([0, 2, 1, 1, 2, 3]);
  const material = new THREE.MeshStandardMaterial({
    map: texture,
    roughness: decal.roughness,
    side: THREE.DoubleSide,
    polygonOffset: true,
    polygonOffsetFactor: -1,
    polygonOffsetUnits: -4,
  });
  const sheet = new THREE.Mesh(geometry, material);
  sheet.userData.dispose = () => { geometry.dispose(); material.dispose(); texture.dispose(); };
  return sheet;
};
window.photograph = (mesh, yawDeg, camera, look, noiseSeed, decals) => {
  if (!renderer || renderer.domElement.width !== camera.widthPx || renderer.domElement.height !== camera.heightPx) {
    renderer?.domElement.remove();
    renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    renderer.setPixelRatio(1);
    renderer.setSize(camera.widthPx, camera.heightPx);
    document.body.append(renderer.domElement);
  }
  const [br, bg, bb] = look.backgroundRgb;
  renderer.setClearColor(new THREE.Color(br / 255, bg / 255, bb / 255));
  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xffffff, 0x6a645c, look.ambient));
  const key = new THREE.DirectionalLight(0xffffff, look.keyIntensity);
  const azimuth = look.keyAzimuthDeg * Math.PI / 180;
  key.position.set(3 * Math.sin(azimuth), 2.6, 3 * Math.cos(azimuth));
  scene.add(key);
  const floor = new THREE.Mesh(new THREE.PlaneGeometry(12, 12), new THREE.MeshStandardMaterial({ color: new THREE.Color(br / 320, bg / 330, bb / 340), roughness: 0.95 }));
  floor.rotation.x = -Math.PI / 2;
  floor.position.z = -2;
  scene.add(floor);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(decode(mesh.positions, Float32Array), 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(decode(mesh.colours, Uint8Array), 3, true));
  geometry.setIndex(new THREE.BufferAttribute(decode(mesh.indices, Uint32Array), 1));
  geometry.computeVertexNormals();
  const material = new THREE.MeshStandardMaterial({ vertexColors: true, roughness: 0.85 });
  const body = new THREE.Mesh(geometry, material);
  body.rotation.y = yawDeg * Math.PI / 180;
  scene.add(body);
  const sheets = decals.map(floorDecal);
  for (const sheet of sheets) scene.add(sheet);
  const lens = new THREE.PerspectiveCamera(camera.fovDeg, camera.widthPx / camera.heightPx, 0.05, 50);
  lens.position.set(0, camera.heightM, camera.distanceM);
  lens.rotation.order = 'YXZ';
  lens.rotation.x = camera.tiltDeg * Math.PI / 180;
  renderer.render(scene, lens);
  geometry.dispose();
  material.dispose();
  floor.geometry.dispose();
  floor.material.dispose();
  for (const sheet of sheets) sheet.userData.dispose();

  // Lens distortion (k1 on the radius normalised by the half-diagonal) and sensor noise, on a 2-D canvas.
  const w = camera.widthPx;
  const h = camera.heightPx;
  const source = document.createElement('canvas');
  source.width = w;
  source.height = h;
  const sctx = source.getContext('2d');
  sctx.drawImage(renderer.domElement, 0, 0);
  const input = sctx.getImageData(0, 0, w, h).data;
  const output = sctx.createImageData(w, h);
  const out = output.data;
  let state = noiseSeed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const halfDiagonal2 = cx * cx + cy * cy;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const factor = 1 + camera.lensK1 * (dx * dx + dy * dy) / halfDiagonal2;
      const sx = cx + dx * factor;
      const sy = cy + dy * factor;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * w + x) * 4;
      for (let c = 0; c < 3; c++) {
        const at = (px, py) => input[(Math.min(h - 1, Math.max(0, py)) * w + Math.min(w - 1, Math.max(0, px))) * 4 + c];
        const value = at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) + at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy;
        out[o + c] = value + look.noiseSd * gaussian();
      }
      out[o + 3] = 255;
    }
  }
  sctx.putImageData(output, 0, 0);
  return source.toDataURL('image/jpeg', look.jpegQuality / 100).split(',')[1];
};
document.body.dataset.ready = 'true';
</script></body></html>`;

const base64 = (array: ArrayBufferView): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

export async function openMeshPhotoRenderer(chromiumPath?: string): Promise<MeshPhotoRenderer> {
  const scene = await openThreePage({ html: () => page, glb: () => null, viewport: { width: 720, height: 1280 }, chromiumPath });
  const errors: string[] = [];
  scene.page.on('pageerror', (error) => errors.push(error.message));
  return {
    async photograph(request) {
      await scene.page.setViewportSize({ width: request.camera.widthPx, height: request.camera.heightPx });
      const jpeg = await scene.page.evaluate(
        ([mesh, yawDeg, camera, look, noiseSeed, decals]) => {
          const photograph = (globalThis as unknown as { photograph: (...args: unknown[]) => string }).photograph;
          return photograph(mesh, yawDeg, camera, look, noiseSeed, decals);
        },
        [
          { positions: base64(request.positions), indices: base64(request.indices), colours: base64(request.colours) },
          request.yawDeg,
          request.camera,
          request.look,
          request.noiseSeed,
          (request.floorDecals ?? []).map(({ rgba, ...decal }) => ({ ...decal, rgba: base64(rgba) })),
        ] as const,
      );
      if (errors.length > 0) throw new Error(`the scene failed: ${errors.join('; ')}`);
      return Buffer.from(jpeg, 'base64');
    },
    close: () => scene.close(),
  };
}
