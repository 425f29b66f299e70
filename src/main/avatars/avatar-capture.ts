import type { Job } from '../jobs/types.js';
import type { AvatarCapture } from './types.js';

/**
 * How a finished scan was captured: what staff gave with the job (typed height, shoes) and what the
 * pipeline says its figures rest on (its ScanResult's `heightSource`, `framesUsed` and the clothing
 * class it used, staff's or judged from the photo). The
 * frames are the pipeline's count, not the job's: a burst's refused frames and a side photo the
 * pipeline does not read are not part of the figures.
 */
export function avatarCaptureOf(
  job: Pick<Job, 'heightCm' | 'shoes'>,
  result: Pick<AvatarCapture, 'heightSource' | 'clothing' | 'clothingSource'> & {
    framesUsed: AvatarCapture['frames'];
    cameraHeightCm?: number | null;
  },
): AvatarCapture {
  return {
    frames: { front: result.framesUsed.front, side: result.framesUsed.side },
    heightSource: result.heightSource,
    typedHeightCm: job.heightCm,
    cameraHeightCm: result.cameraHeightCm ?? null,
    clothing: result.clothing,
    clothingSource: result.clothingSource,
    shoes: job.shoes,
  };
}
