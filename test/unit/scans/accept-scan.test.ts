import { describe, expect, it } from 'vitest';
import { QueueFullError } from '../../../src/main/jobs/errors.js';
import { acceptScan, HeightOutOfRangeError, type AcceptScanDeps, type ScanRequest } from '../../../src/main/scans/accept-scan.js';
import { NoFaceError } from '../../../src/main/scans/errors.js';
import { ConsentRequiredError } from '../../../src/main/scans/submit-scan.js';
import { checkedJpeg, detectorAnswering, facesFound, quietLog } from '../../factories/scans.js';

const image = checkedJpeg;

/** Deps whose queue and store must not be reached: every case here is refused before a job exists. */
function refusingDeps(options: { pending?: number; faces?: number } = {}): AcceptScanDeps {
  const unreachable = (): never => {
    throw new Error('nothing may be stored for a refused scan');
  };
  const faceDetector = detectorAnswering(async () => facesFound(options.faces ?? 0));
  return {
    queue: { pendingCount: () => options.pending ?? 0, enqueue: unreachable },
    uploads: { save: unreachable, remove: unreachable },
    queueLimits: { maxPending: 10, retryAfterSeconds: 7 },
    faceDetector,
    log: quietLog,
  };
}

function request(overrides: Partial<ScanRequest> = {}): { request: ScanRequest; photosRead: () => number } {
  let reads = 0;
  return {
    request: {
      userId: 'customer-1',
      gender: 'female',
      heightCm: 168,
      consent: true,
      clothing: 'regular',
      shoes: null,
      requestId: null,
      photos: async () => {
        reads += 1;
        return { image, side: null, frames: [], sideFrames: [] };
      },
      ...overrides,
    },
    photosRead: () => reads,
  };
}

describe('acceptScan: the one way a scan enters the kiosk, cheapest refusal first', () => {
  it('reads no photo without consent', async () => {
    const { request: scan, photosRead } = request({ consent: null });
    await expect(acceptScan(refusingDeps(), scan)).rejects.toBeInstanceOf(ConsentRequiredError);
    expect(photosRead()).toBe(0);
  });

  it('refuses a height the body model does not cover before reading the photos (422 height_out_of_range)', async () => {
    const { request: scan, photosRead } = request({ heightCm: 120 });
    const error = await acceptScan(refusingDeps(), scan).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HeightOutOfRangeError);
    expect(error).toMatchObject({ kind: 'unprocessable', code: 'height_out_of_range' });
    expect(photosRead()).toBe(0);
  });

  it('sheds load when the queue is full, before reading the photos', async () => {
    const { request: scan, photosRead } = request();
    const error = await acceptScan(refusingDeps({ pending: 10 }), scan).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueFullError);
    expect(error).toMatchObject({ retryAfterSeconds: 7 });
    expect(photosRead()).toBe(0);
  });

  it('face-checks the first frame once the photos are read, and stores nothing without a face', async () => {
    const { request: scan, photosRead } = request();
    await expect(acceptScan(refusingDeps({ faces: 0 }), scan)).rejects.toBeInstanceOf(NoFaceError);
    expect(photosRead()).toBe(1);
  });
});
