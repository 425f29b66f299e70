/**
 * Multi-frame capture: with each photo the kiosk sends a few more frames of the
 * same moment, so that the scan can take each figure's median and one frame's blink of the
 * segmentation cannot move the result. The photo and `burstExtraFrames` more, `burstIntervalMs`
 * apart: about a second in all, short enough that the customer is still holding the pose.
 */
export const burstExtraFrames = 4;
export const burstIntervalMs = 200;

export interface BurstOptions {
  count?: number;
  intervalMs?: number;
  /** Stops grabbing (the customer retook or left): the frames so far are returned. */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Grabs up to `count` frames after the photo, `intervalMs` apart. A frame the camera cannot give
 * (the video stalled) is skipped: the burst only adds evidence, the photo itself is already taken.
 */
export async function grabBurst(grab: () => string | null, options: BurstOptions = {}): Promise<string[]> {
  const count = options.count ?? burstExtraFrames;
  const sleep = options.sleep ?? defaultSleep;
  const frames: string[] = [];
  for (let index = 0; index < count; index += 1) {
    await sleep(options.intervalMs ?? burstIntervalMs);
    if (options.signal?.aborted) break;
    const frame = grab();
    if (frame) frames.push(frame);
  }
  return frames;
}
