import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/**
 * The video Chromium's fake camera plays (--use-file-for-fake-video-capture), made at test time
 * from the photos in @vladmandic/human/assets (nothing is copied into the repository):
 *   1. `wrongPoseSeconds` of a real photo of a woman taking a mirror selfie, one arm against her
 *      body: the capture checks fail it (arms_against_body);
 *   2. then the rendered woman in A-pose that the capture checks pass (the only full-body person in
 *      the assets standing as the kiosk asks), until the end of the file.
 * Chromium restarts the file each time the page opens the camera, so every capture screen sees the
 * wrong pose first and the good one after it. Both are the samples.jpg thumbnails that
 * test/integration/inference/embedded/photos.ts uses, padded to one frame size.
 */
/**
 * Long enough that the live guidance's first checks name the wrong pose on a loaded machine: at a
 * load of 9 on two cores they lagged the video by more than 4 s, so the guidance never showed it
 * before the good pose came.
 */
export const wrongPoseSeconds = 8;
/**
 * The retake test's own camera (a browser of its own): a photo taken by hand must catch the wrong
 * pose, and on a loaded machine the first checks and the video's start lag the test's clock by
 * seconds, so the wrong pose stays long enough that no lag lets the good pose in.
 */
export const longWrongPoseSeconds = 20;
const goodPoseSeconds = 40;
const framesPerSecond = 2;
const frameWidth = 660;
const frameHeight = 720;

const assetsDir = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..', 'assets');

export const chromiumPath = '/usr/bin/chromium';

/** Why the kiosk e2e tests cannot run here, or null when they can. */
export function missingTools(): string | null {
  if (!existsSync(chromiumPath)) return `${chromiumPath} is missing (apt-get install chromium)`;
  const ffmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
  if (ffmpeg.error || ffmpeg.status !== 0) return 'ffmpeg is missing (apt-get install ffmpeg)';
  return null;
}

/** One thumbnail of samples.jpg's top row, its edges extended to a full frame, as PNG. */
async function thumbnailFrame(left: number, width: number): Promise<Buffer> {
  const samples = join(assetsDir, 'samples.jpg');
  const padded = await sharp(samples)
    .extract({ left, top: 1, width, height: 157 })
    .extend({ top: 12, bottom: 12, left: 4, right: 4, extendWith: 'copy' })
    .toBuffer();
  const scaled = await sharp(padded).resize({ height: frameHeight, kernel: 'lanczos3' }).toBuffer();
  const scaledWidth = (await sharp(scaled).metadata()).width ?? frameWidth;
  const side = Math.max(0, frameWidth - scaledWidth);
  // sharp resizes before it extends within one pipeline, so the two steps are two pipelines.
  const widened = await sharp(scaled)
    .extend({ left: Math.floor(side / 2), right: Math.ceil(side / 2), extendWith: 'copy' })
    .toBuffer();
  return sharp(widened).resize(frameWidth, frameHeight, { fit: 'cover' }).png().toBuffer();
}

/** Writes the fake camera's video (.y4m) into `dir` and answers its path. */
export async function makeFakeCameraVideo(dir: string, wrongPoseFor = wrongPoseSeconds): Promise<string> {
  const wrongPose = join(dir, 'wrong-pose.png');
  const goodPose = join(dir, 'good-pose.png');
  writeFileSync(wrongPose, await thumbnailFrame(545, 89));
  writeFileSync(goodPose, await thumbnailFrame(0, 158));
  const video = join(dir, `camera-${wrongPoseFor}s-wrong.y4m`);
  const ffmpeg = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-loop',
      '1',
      '-framerate',
      String(framesPerSecond),
      '-t',
      String(wrongPoseFor),
      '-i',
      wrongPose,
      '-loop',
      '1',
      '-framerate',
      String(framesPerSecond),
      '-t',
      String(goodPoseSeconds),
      '-i',
      goodPose,
      '-filter_complex',
      '[0:v][1:v]concat=n=2:v=1[out]',
      '-map',
      '[out]',
      '-pix_fmt',
      'yuv420p',
      '-f',
      'yuv4mpegpipe',
      video,
    ],
    { encoding: 'utf8' },
  );
  if (ffmpeg.status !== 0) throw new Error(`ffmpeg could not make the fake camera video: ${ffmpeg.stderr}`);
  return video;
}

/** A still of the good pose as a file, for tests that need the photo itself. */
export async function writeGoodPosePhoto(path: string): Promise<void> {
  writeFileSync(
    path,
    await sharp(await thumbnailFrame(0, 158))
      .jpeg({ quality: 92 })
      .toBuffer(),
  );
}
