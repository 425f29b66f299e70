import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceBox } from '../../../../src/main/inference/face-detector.js';
import { ImageUndecodableError } from '../../../../src/main/inference/human/errors.js';
import { detectFacesInThisThread } from '../../../../src/main/inference/human/face-check-in-thread.js';
import { createHumanRuntime, humanRuntimeOfThisThread, type HumanRuntime } from '../../../../src/main/inference/human/human-runtime.js';
import { faceCheckDetectorSettings, faceCheckMaxSidePx } from '../../../../src/main/inference/face-check/settings.js';
import { asset, crop, faceDetectRow, faceIdPhoto, gradient, kioskFrame, sidewaysWithExif } from './photos.js';

let runtime: HumanRuntime;

beforeAll(async () => {
  runtime = await createHumanRuntime({ modules: ['face'], face: faceCheckDetectorSettings, maxSidePx: faceCheckMaxSidePx });
});

afterAll(() => runtime?.dispose());

function centre(box: FaceBox): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function expectInside(box: FaceBox, region: { left: number; top: number; width: number; height: number }): void {
  expect(box.x).toBeGreaterThanOrEqual(region.left);
  expect(box.y).toBeGreaterThanOrEqual(region.top);
  expect(box.x + box.width).toBeLessThanOrEqual(region.left + region.width);
  expect(box.y + box.height).toBeLessThanOrEqual(region.top + region.height);
}

describe('createHumanRuntime (face)', () => {
  it('runs blazeface-back, read from disk, on onnxruntime', () => {
    expect(runtime.info.backend).toBe('onnxruntime-cpu');
    expect(runtime.info.models).toEqual([
      expect.objectContaining({ module: 'face', url: expect.stringMatching(/^file:\/\/.*\/blazeface-back\.json$/) }),
    ]);
    expect(runtime.info.models[0]?.weightsBytes).toBeGreaterThan(100_000);
  });

  it('finds the one face of a screenshot, inside its photo, with a face-sized box', async () => {
    const detection = await runtime.detectFaces(await asset('screenshot-faceid.jpg'));
    expect(detection).toMatchObject({ imageWidth: 800, imageHeight: 564 });
    expect(detection.faces).toHaveLength(1);
    const [face] = detection.faces as [FaceBox];
    expectInside(face, faceIdPhoto);
    // The head fills most of the 140 px photo: the face itself is a third to all of it.
    expect(face.width).toBeGreaterThan(45);
    expect(face.width).toBeLessThan(140);
    expect(face.height / face.width).toBeGreaterThan(0.7);
    expect(face.height / face.width).toBeLessThan(1.4);
    expect(face.score).toBeGreaterThan(0.6);
  });

  it('finds no face in a crop of text and in a plain gradient', async () => {
    const text = await runtime.detectFaces(await crop('screenshot-faceid.jpg', { left: 0, top: 300, width: 800, height: 264 }));
    expect(text.faces).toEqual([]);
    const plain = await runtime.detectFaces(await gradient(1080, 1920));
    expect(plain.faces).toEqual([]);
    expect(plain).toMatchObject({ imageWidth: 1080, imageHeight: 1920 });
  });

  it('finds each face of a row of five portraits, one per portrait', async () => {
    const detection = await runtime.detectFaces(await crop('screenshot-facedetect.jpg', faceDetectRow));
    expect(detection.faces).toHaveLength(5);
    // The portraits are side by side, each about 160 px wide: one face centre in each.
    const columns = detection.faces.map((face) => Math.floor(centre(face).x / 160)).sort();
    expect(columns).toEqual([0, 1, 2, 3, 4]);
  });

  it('finds several faces in a group photo', async () => {
    const detection = await runtime.detectFaces(await crop('samples.jpg', { left: 0, top: 200, width: 1280, height: 958 }));
    expect(detection.faces.length).toBeGreaterThanOrEqual(3);
  });

  it.each([200, 70])('finds the %i px head of a customer standing in a 1080×1920 kiosk frame', async (headPx) => {
    const { jpeg, head } = await kioskFrame(headPx);
    const detection = await runtime.detectFaces(jpeg);
    expect(detection.faces).toHaveLength(1);
    const [face] = detection.faces as [FaceBox];
    expectInside(face, { left: head.left - 4, top: head.top - 4, width: head.size + 8, height: head.size + 8 });
    expect(face.width).toBeGreaterThan(head.size * 0.3);
  });

  it('gives boxes in the pixels of a photo larger than the inference size', async () => {
    const small = await crop('screenshot-faceid.jpg', { left: 0, top: 120, width: 400, height: 200 });
    const large = await sharp(small).resize(2400, 1200).jpeg({ quality: 90 }).toBuffer();
    const [smallFace] = (await runtime.detectFaces(small)).faces as [FaceBox];
    const largeDetection = await runtime.detectFaces(large);
    expect(largeDetection).toMatchObject({ imageWidth: 2400, imageHeight: 1200 });
    const [largeFace] = largeDetection.faces as [FaceBox];
    // Six times the photo, six times the box (within the detector's few pixels of jitter).
    expect(centre(largeFace).x).toBeCloseTo(centre(smallFace).x * 6, -1.5);
    expect(centre(largeFace).y).toBeCloseTo(centre(smallFace).y * 6, -1.5);
    expect(largeFace.width / (smallFace.width * 6)).toBeGreaterThan(0.8);
    expect(largeFace.width / (smallFace.width * 6)).toBeLessThan(1.25);
  });

  it('turns a photo upright by its EXIF orientation before detecting', async () => {
    const upright = await crop('screenshot-faceid.jpg', { left: 0, top: 120, width: 400, height: 200 });
    const sideways = await sidewaysWithExif(upright);
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    const [uprightFace] = (await runtime.detectFaces(upright)).faces as [FaceBox];
    const detection = await runtime.detectFaces(sideways);
    expect(detection).toMatchObject({ imageWidth: 400, imageHeight: 200 });
    expect(detection.faces).toHaveLength(1);
    const [face] = detection.faces as [FaceBox];
    expect(Math.abs(centre(face).x - centre(uprightFace).x)).toBeLessThan(8);
    expect(Math.abs(centre(face).y - centre(uprightFace).y)).toBeLessThan(8);
  });

  it('rejects bytes that are not an image, and a truncated JPEG, with code image_undecodable', async () => {
    const notAnImage = runtime.detectFaces(new TextEncoder().encode('definitely not a photo'));
    await expect(notAnImage).rejects.toBeInstanceOf(ImageUndecodableError);
    await expect(notAnImage).rejects.toMatchObject({ code: 'image_undecodable' });
    const jpeg = await asset('screenshot-faceid.jpg');
    const truncated = runtime.detectFaces(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    await expect(truncated).rejects.toMatchObject({ code: 'image_undecodable' });
    // The runtime still works afterwards.
    expect((await runtime.detectFaces(jpeg)).faces).toHaveLength(1);
  });

  it("is its thread's runtime, which the thread's face check uses instead of loading another", async () => {
    expect(humanRuntimeOfThisThread()).toBe(runtime);
    const photo = await asset('screenshot-faceid.jpg');
    const { durationMs: _own, ...own } = await runtime.detectFaces(photo);
    const { durationMs: _thread, ...thread } = await detectFacesInThisThread(photo);
    expect(thread).toEqual(own);
    expect(humanRuntimeOfThisThread()).toBe(runtime);
  });

  it('refuses a module it was not created with', async () => {
    await expect(runtime.detectBody(await asset('screenshot-faceid.jpg'))).rejects.toMatchObject({ code: 'module_not_enabled' });
  });
});
