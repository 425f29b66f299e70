import { describe, expect, it } from 'vitest';
import { mapError } from '../../../src/main/api/middleware/error-handler.js';
import { ImageRejectedError } from '../../../src/main/images/errors.js';
import { FaceCheckError } from '../../../src/main/inference/face-check/errors.js';
import { FaceCheckUnavailableError, NoFaceError } from '../../../src/main/scans/errors.js';
import { requireFace } from '../../../src/main/scans/face-gate.js';
import { checkedJpeg, detectorAnswering, facesFound, quietLog } from '../../factories/scans.js';

const image = checkedJpeg;
const oneFace = facesFound(1);

describe('requireFace: the face check every scan passes before it is stored', () => {
  it('lets a photo with a face through', async () => {
    await expect(
      requireFace(
        detectorAnswering(async () => oneFace),
        image,
        quietLog,
      ),
    ).resolves.toBeUndefined();
  });

  it('refuses a photo without a face with the contract body (400 no_face)', async () => {
    const refusal = requireFace(
      detectorAnswering(async () => ({ ...oneFace, faces: [] })),
      image,
      quietLog,
    );
    await expect(refusal).rejects.toBeInstanceOf(NoFaceError);
    const error = await refusal.catch((caught: unknown) => caught);
    expect(mapError(error)).toEqual({ status: 400, body: { detail: 'No face detected in image', code: 'no_face' }, headers: {} });
  });

  it('turns an image the detector cannot decode into a corrupt-image refusal (400 image_corrupt)', async () => {
    const error = await requireFace(
      detectorAnswering(async () => {
        throw new FaceCheckError('image_undecodable', 'bad huffman table');
      }),
      image,
      quietLog,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageRejectedError);
    expect(mapError(error)).toMatchObject({ status: 400, body: { code: 'image_corrupt' } });
  });

  it('answers 503 with Retry-After and the detector code while the check cannot answer', async () => {
    const error = await requireFace(
      detectorAnswering(async () => {
        throw new FaceCheckError('face_check_busy', 'queue full');
      }, false),
      image,
      quietLog,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FaceCheckUnavailableError);
    expect((error as Error).message).toContain('still loading or restarting');
    expect(mapError(error)).toMatchObject({ status: 503, body: { code: 'face_check_busy' }, headers: { 'Retry-After': '5' } });
  });

  it('lets a failure the detector cannot name propagate to the 500 path', async () => {
    const failure = new FaceCheckError('face_check_failed', 'tensor shape');
    const error = await requireFace(
      detectorAnswering(async () => {
        throw failure;
      }),
      image,
      quietLog,
    ).catch((caught: unknown) => caught);
    expect(error).toBe(failure);
    expect(mapError(error)).toBeNull();
  });
});
