import sharp from 'sharp';
import { floorMarkerCells, floorMarkerPattern } from '../../src/main/calibration/floor-marker.js';
import { floorSquare, projectThroughCamera, type TurnedCamera } from './calibration-photos.js';

/**
 * A photo of the printed floor marker lying on a kiosk's floor, drawn through a known camera: each
 * black cell and the white sheet round the square are floor polygons projected by
 * projectThroughCamera (apart from the code under test), over a floor of tiles, then blurred,
 * noised and saved as JPEG as a webcam would.
 */
export interface MarkerScene {
  camera: TurnedCamera;
  sideM: number;
  /** Centre of the black square on the floor (metres ahead, and to the right). */
  distanceM: number;
  offsetM?: number;
  yawDeg?: number;
  blurSigma?: number;
  noiseSd?: number;
  jpegQuality?: number;
  /** Leave the marker out (the floor alone). */
  withoutMarker?: boolean;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function markerPhoto(scene: MarkerScene): Promise<Buffer> {
  const { camera, sideM } = scene;
  const at = (x: number, z: number): string => {
    const p = projectThroughCamera(camera, { x, z });
    return `${p.x.toFixed(3)},${p.y.toFixed(3)}`;
  };
  const yaw = ((scene.yawDeg ?? 0) * Math.PI) / 180;
  const centre = { x: scene.offsetM ?? 0, z: scene.distanceM };
  // A point given in the marker's own frame (u right, v away from the camera), on the floor.
  const place = (u: number, v: number): string =>
    at(centre.x + Math.cos(yaw) * u - Math.sin(yaw) * v, centre.z + Math.sin(yaw) * u + Math.cos(yaw) * v);
  const quad = (u0: number, v0: number, u1: number, v1: number, fill: string): string =>
    `<polygon points="${place(u0, v0)} ${place(u1, v0)} ${place(u1, v1)} ${place(u0, v1)}" fill="${fill}"/>`;
  const shapes: string[] = [];
  // A floor of 60 cm tiles with dark grout from 1 m to 8 m ahead.
  for (let z = 1; z < 8; z += 0.6)
    for (let x = -3; x < 3; x += 0.6)
      shapes.push(
        `<polygon points="${at(x, z)} ${at(x + 0.6, z)} ${at(x + 0.6, z + 0.6)} ${at(x, z + 0.6)}" fill="#9a8b7a" stroke="#5a5046" stroke-width="1.5"/>`,
      );
  if (!scene.withoutMarker) {
    const half = sideM / 2;
    const cell = sideM / floorMarkerCells;
    const margin = Math.max(cell, 0.015);
    // The A3 sheet: the margin round the square and the label strip towards the camera.
    shapes.push(quad(-half - margin, -half - margin - 0.055, half + margin, half + margin, '#f2f1ec'));
    floorMarkerPattern().forEach((row, r) =>
      row.forEach((black, c) => {
        if (black) shapes.push(quad(-half + c * cell, half - r * cell, -half + (c + 1) * cell, half - (r + 1) * cell, '#151515'));
      }),
    );
  }
  const { imageWidth: width, imageHeight: height } = camera;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#c9c4bb"/>${shapes.join('')}</svg>`;
  let image = sharp(Buffer.from(svg));
  if ((scene.blurSigma ?? 0) >= 0.3) image = image.blur(scene.blurSigma);
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const random = mulberry32(Math.round(scene.distanceM * 1000 + camera.heightM * 100));
  const sd = scene.noiseSd ?? 0;
  for (let i = 0; i < data.length; i++) {
    // Box–Muller from two uniforms.
    const noise = sd * Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + noise)));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: scene.jpegQuality ?? 85 })
    .toBuffer();
}

/** The marker's corners where the camera puts them, from the one printed top-left (far left) round. */
export function trueMarkerCorners(scene: MarkerScene): Array<{ x: number; y: number }> {
  return floorSquare({ x: scene.offsetM ?? 0, z: scene.distanceM, yawDeg: scene.yawDeg ?? 0, sideM: scene.sideM }).map((corner) =>
    projectThroughCamera(scene.camera, corner),
  );
}
