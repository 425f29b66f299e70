import {
  AmbientLight,
  Box3,
  CatmullRomCurve3,
  Color,
  DirectionalLight,
  Group,
  HemisphereLight,
  LineCurve3,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  TubeGeometry,
  Vector3,
  WebGLRenderer,
  type BufferGeometry,
  type Object3D,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { boundsOf, findGirthRing, lengthLine, type BodyMesh, type Bounds } from './body-sections';

export interface MeasurementToShow {
  name: string;
  valueCm: number;
}

/** What the scene could draw for a measurement: a ring, a line, or nothing honest. */
export type MeasurementMark = 'ring' | 'line' | 'none';

const bodyColour = new Color('#c9c2b8');
const markColour = new Color('#ff5a36');
const markRadiusM = 0.006;
/** Seconds without a touch after which the model turns on its own again. */
const autoRotateResumeMs = 4000;

/** The body from the scan in a three.js scene: neutral light, orbit by touch, turning on its own. */
export class AvatarScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(30, 1, 0.05, 50);
  private readonly controls: OrbitControls;
  private readonly marks = new Group();
  private body: BodyMesh | null = null;
  private bounds: Bounds | null = null;
  private frame = 0;
  private resumeTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly heightCm: number,
  ) {
    // Throws when no WebGL context can be made; the component shows its fallback then.
    this.renderer = new WebGLRenderer({ canvas, antialias: true, alpha: true });
    // Software rendering (SwiftShader) and 4K kiosk screens both pay per pixel; 1.5 is sharp enough.
    this.renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio || 1, 1.5));
    this.scene.add(new HemisphereLight('#ffffff', '#8a8a8a', 1.6));
    this.scene.add(new AmbientLight('#ffffff', 0.4));
    const key = new DirectionalLight('#ffffff', 1.6);
    key.position.set(1.5, 3, 2.5);
    const fill = new DirectionalLight('#ffffff', 0.7);
    fill.position.set(-2, 1.5, -1.5);
    this.scene.add(key, fill, this.marks);

    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enablePan = false;
    this.controls.enableDamping = true;
    this.controls.autoRotate = true;
    this.controls.autoRotateSpeed = 1.5;
    this.controls.addEventListener('start', () => this.pauseAutoRotate());
    this.renderLoop();
  }

  private pauseAutoRotate(): void {
    this.controls.autoRotate = false;
    if (this.resumeTimer !== null) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => (this.controls.autoRotate = true), autoRotateResumeMs);
  }

  private renderLoop = (): void => {
    if (this.disposed) return;
    this.controls.update();
    this.renderer.render(this.scene, this.camera);
    this.frame = requestAnimationFrame(this.renderLoop);
  };

  resize(widthPx: number, heightPx: number): void {
    if (widthPx <= 0 || heightPx <= 0) return;
    this.renderer.setSize(widthPx, heightPx, false);
    this.camera.aspect = widthPx / heightPx;
    this.camera.updateProjectionMatrix();
    this.frameBody();
  }

  /** Shows the GLB (binary glTF) of the body, replacing any shown before. */
  async loadGlb(bytes: ArrayBuffer): Promise<void> {
    const gltf = await new GLTFLoader().parseAsync(bytes, '');
    const material = new MeshStandardMaterial({ color: bodyColour, roughness: 0.75, metalness: 0 });
    const positions: number[] = [];
    const indices: number[] = [];
    gltf.scene.updateMatrixWorld(true);
    gltf.scene.traverse((node: Object3D) => {
      if (!(node instanceof Mesh)) return;
      node.material = material;
      collectTriangles(node.geometry as BufferGeometry, node, positions, indices);
    });
    this.scene.add(gltf.scene);
    this.body = { positions, indices };
    this.bounds = boundsOf(positions);
    this.frameBody();
  }

  /** Places the camera so the whole body fits, looking at its middle. */
  private frameBody(): void {
    if (!this.bounds) return;
    const box = new Box3(new Vector3(...this.bounds.min), new Vector3(...this.bounds.max));
    const centre = box.getCenter(new Vector3());
    const size = box.getSize(new Vector3());
    const verticalFov = (this.camera.fov * Math.PI) / 180;
    const fitHeight = size.y / (2 * Math.tan(verticalFov / 2));
    const fitWidth = Math.max(size.x, size.z) / (2 * Math.tan(verticalFov / 2) * this.camera.aspect);
    const distance = Math.max(fitHeight, fitWidth) * 1.15 + size.z / 2;
    this.camera.position.set(centre.x, centre.y, centre.z + distance);
    this.controls.target.copy(centre);
    this.controls.minDistance = distance * 0.5;
    this.controls.maxDistance = distance * 2;
    this.controls.update();
  }

  /** Draws where a measurement is taken; answers what could be drawn. */
  showMeasurement(measurement: MeasurementToShow | null): MeasurementMark {
    this.clearMarks();
    if (!measurement || !this.body || !this.bounds) return 'none';
    const ring = findGirthRing(this.body, measurement.name, measurement.valueCm, this.heightCm, this.bounds);
    if (ring) {
      // Slightly outside the skin so the ring is not hidden inside the surface.
      const centreX = ring.hull.reduce((sum, point) => sum + point[0], 0) / ring.hull.length;
      const centreZ = ring.hull.reduce((sum, point) => sum + point[1], 0) / ring.hull.length;
      const points = ring.hull.map(([x, z]) => new Vector3(centreX + (x - centreX) * 1.02, ring.height, centreZ + (z - centreZ) * 1.02));
      this.addMark(
        new TubeGeometry(new CatmullRomCurve3(points, true, 'centripetal'), Math.max(64, points.length * 2), markRadiusM, 8, true),
      );
      return 'ring';
    }
    const line = lengthLine(measurement.name, measurement.valueCm, this.heightCm, this.bounds);
    if (line) {
      this.addMark(new TubeGeometry(new LineCurve3(new Vector3(...line.from), new Vector3(...line.to)), 1, markRadiusM, 8, false));
      return 'line';
    }
    return 'none';
  }

  private addMark(geometry: BufferGeometry): void {
    // Drawn over the body so a mark behind a limb still shows.
    const material = new MeshStandardMaterial({ color: markColour, emissive: markColour, emissiveIntensity: 0.6, depthTest: false });
    const mark = new Mesh(geometry, material);
    mark.renderOrder = 1;
    this.marks.add(mark);
  }

  private clearMarks(): void {
    for (const mark of [...this.marks.children]) {
      if (mark instanceof Mesh) {
        (mark.geometry as BufferGeometry).dispose();
        (mark.material as MeshStandardMaterial).dispose();
      }
      this.marks.remove(mark);
    }
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    if (this.resumeTimer !== null) clearTimeout(this.resumeTimer);
    this.clearMarks();
    this.controls.dispose();
    this.scene.traverse((node: Object3D) => {
      if (node instanceof Mesh) {
        (node.geometry as BufferGeometry).dispose();
        (node.material as MeshStandardMaterial).dispose();
      }
    });
    this.renderer.dispose();
  }
}

/** Appends a mesh's triangles, in world coordinates, to flat position and index arrays. */
function collectTriangles(geometry: BufferGeometry, node: Object3D, positions: number[], indices: number[]): void {
  const position = geometry.getAttribute('position');
  const base = positions.length / 3;
  const vertex = new Vector3();
  for (let i = 0; i < position.count; i++) {
    vertex.fromBufferAttribute(position, i).applyMatrix4(node.matrixWorld);
    positions.push(vertex.x, vertex.y, vertex.z);
  }
  const index = geometry.getIndex();
  if (index) for (let i = 0; i < index.count; i++) indices.push(base + index.getX(i));
  else for (let i = 0; i < position.count; i++) indices.push(base + i);
}
