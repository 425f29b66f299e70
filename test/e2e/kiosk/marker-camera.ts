import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markerPhoto } from '../../factories/marker-photo.js';

/**
 * The camera of a kiosk calibrated with the printed floor marker: the 22 cm marker drawn on a tiled
 * floor through this known camera (test/factories/marker-photo.ts, the integration tests' synthetic
 * photos), played by Chromium's fake camera as a still video, so the staff screen's photo is one
 * whose true camera height and tilt the test knows.
 */
export const markerCamera = { imageWidth: 720, imageHeight: 1280, heightM: 1.22, tiltDeg: -2.5, rollDeg: 0.5 } as const;
export const markerSideCm = 22;

/** Writes the fake camera's video (.y4m) of the marker into `dir` and answers its path. */
export async function makeMarkerCameraVideo(dir: string): Promise<string> {
  const still = join(dir, 'marker.jpg');
  writeFileSync(still, await markerPhoto({ camera: markerCamera, sideM: markerSideCm / 100, distanceM: 3.0, blurSigma: 0.8, noiseSd: 3 }));
  const video = join(dir, 'marker-camera.y4m');
  const ffmpeg = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-loop', '1', '-framerate', '2', '-t', '30', '-i', still, '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', video],
    { encoding: 'utf8' },
  );
  if (ffmpeg.status !== 0) throw new Error(`ffmpeg could not make the marker camera video: ${ffmpeg.stderr}`);
  return video;
}
