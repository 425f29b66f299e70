import { focalFromFov } from '../../src/main/calibration/camera-geometry.js';
import type { MeshPhotoRequest } from '../render/mesh-photo-renderer.js';

/**
 * The photo rows (top, bottom) of a scene's highest and lowest projected points, as the renderer
 * draws them (mesh-photo-renderer.ts): the body turned by the yaw, a pinhole at the camera's place
 * pitched by its tilt, then a pixel at offset d from the centre showing the pinhole image at
 * d·(1 + k1·|d|²/R²), R the half-diagonal.
 */
export function projectedRows(request: Pick<MeshPhotoRequest, 'positions' | 'yawDeg' | 'camera'>): { top: number; bottom: number } {
  const { camera, positions } = request;
  const focal = focalFromFov(camera.heightPx, camera.fovDeg);
  const yaw = (request.yawDeg * Math.PI) / 180;
  const tilt = (camera.tiltDeg * Math.PI) / 180;
  const cx = (camera.widthPx - 1) / 2;
  const cy = (camera.heightPx - 1) / 2;
  const halfDiagonal2 = cx * cx + cy * cy;
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < positions.length; i += 3) {
    const [x0, y0, z0] = [positions[i]!, positions[i + 1]!, positions[i + 2]!];
    const x = x0 * Math.cos(yaw) + z0 * Math.sin(yaw);
    const z = -x0 * Math.sin(yaw) + z0 * Math.cos(yaw) - camera.distanceM;
    const y = y0 - camera.heightM;
    const depth = y * Math.sin(tilt) - z * Math.cos(tilt);
    const u = (focal * x) / depth;
    const v = (-focal * (y * Math.cos(tilt) + z * Math.sin(tilt))) / depth;
    // The offset whose distorted place is the pinhole's: a fixed point, a few rounds from the pinhole's own.
    let dx = u;
    let dy = v;
    for (let round = 0; round < 20; round++) {
      const factor = 1 + (camera.lensK1 * (dx * dx + dy * dy)) / halfDiagonal2;
      dx = u / factor;
      dy = v / factor;
    }
    top = Math.min(top, cy + dy);
    bottom = Math.max(bottom, cy + dy);
  }
  return { top, bottom };
}
