import { describe, expect, it } from 'vitest';
import {
  detectionsFromOutputs,
  detectorInputFor,
  resizedShape,
  selectPerson,
  type Detection,
} from '../../../../src/main/inference/hmr2/person-detection.js';

const detection = (x1: number, y1: number, x2: number, y2: number, score: number, classId = 0): Detection => ({
  box: { x1, y1, x2, y2 },
  score,
  classId,
});

describe('the person to measure', () => {
  it('is the largest person box scoring above 0.5', () => {
    const found = selectPerson([
      detection(0, 0, 10, 10, 0.99),
      detection(0, 0, 30, 60, 0.7),
      detection(0, 0, 20, 40, 0.9),
      detection(0, 0, 100, 100, 0.98, 2), // a car: larger, not a person
      detection(0, 0, 90, 90, 0.3), // a larger person below the threshold
    ]);
    expect(found?.person).toEqual(detection(0, 0, 30, 60, 0.7));
    expect(found?.personCount).toBe(3);
  });

  it('a score of exactly 0.5 does not count (demo.py: scores > 0.5); no person gives null', () => {
    expect(selectPerson([detection(0, 0, 10, 10, 0.5)])).toBeNull();
    expect(selectPerson([detection(0, 0, 10, 10, 0.9, 1)])).toBeNull();
    expect(selectPerson([])).toBeNull();
  });

  it('the threshold can be changed', () => {
    expect(selectPerson([detection(0, 0, 10, 10, 0.4)], 0.25)?.person.score).toBe(0.4);
  });
});

describe('detector input (detectron2 ResizeShortestEdge(1024, max_size=1024), padded with the pixel mean)', () => {
  it('resizes the longest side to the input size, rounding as int(x + 0.5)', () => {
    expect(resizedShape(4000, 3000, 1024)).toEqual({ width: 1024, height: 768 });
    expect(resizedShape(600, 800, 1024)).toEqual({ width: 768, height: 1024 });
    expect(resizedShape(500, 500, 1024)).toEqual({ width: 1024, height: 1024 });
    // 1000 × 333: 1024 · 333 / 1000 = 340.99 → 341.
    expect(resizedShape(1000, 333, 1024)).toEqual({ width: 1024, height: 341 });
  });

  it('lays the photo out as RGB planes at the top left and fills the rest with (123.675, 116.28, 103.53)', async () => {
    // 4 × 2 into a 4 × 4 input: already the resized size.
    const data = Uint8Array.from({ length: 4 * 2 * 3 }, (_, k) => k);
    const input = await detectorInputFor({ width: 4, height: 2, data }, 4);
    expect(input).toMatchObject({ inputSize: 4, resizedWidth: 4, resizedHeight: 2 });
    const plane = (channel: number): number[] => Array.from(input.tensor.slice(channel * 16, channel * 16 + 16));
    expect(plane(0).map((v) => Number(v.toFixed(3)))).toEqual([0, 3, 6, 9, 12, 15, 18, 21, ...Array<number>(8).fill(123.675)]);
    expect(plane(1).slice(0, 8)).toEqual([1, 4, 7, 10, 13, 16, 19, 22]);
    expect(
      plane(2)
        .slice(8)
        .map((v) => Number(v.toFixed(2))),
    ).toEqual(Array<number>(8).fill(103.53));
  });

  it('resizes a larger photo with sharp to the expected size', async () => {
    const data = new Uint8Array(40 * 20 * 3).fill(90);
    const input = await detectorInputFor({ width: 40, height: 20, data }, 8);
    expect(input).toMatchObject({ resizedWidth: 8, resizedHeight: 4 });
    expect(input.tensor[0]).toBe(90);
    expect(input.tensor[4 * 8]).toBeCloseTo(123.675, 4);
  });
});

describe('detector outputs → photo pixels (detector_postprocess)', () => {
  it('scales boxes per axis by photo size / resized size, clips them to the photo, drops empty ones, reads int64 classes', () => {
    const detections = detectionsFromOutputs(
      {
        boxes: [10, 20, 30, 40, -5, 0, 50, 70, 60, 60, 60, 80],
        scores: [0.9, 0.8, 0.7],
        classes: BigInt64Array.from([0n, 0n, 3n]),
      },
      { resizedWidth: 64, resizedHeight: 48 },
      { width: 640, height: 400 },
    );
    expect(detections).toEqual([
      { box: { x1: 100, y1: 20 * (400 / 48), x2: 300, y2: 40 * (400 / 48) }, score: 0.9, classId: 0 },
      { box: { x1: 0, y1: 0, x2: 500, y2: 400 }, score: 0.8, classId: 0 },
    ]);
  });

  it('refuses outputs whose lengths disagree', () => {
    expect(() =>
      detectionsFromOutputs(
        { boxes: [0, 0, 1, 1], scores: [0.9, 0.8], classes: [0, 0] },
        { resizedWidth: 1, resizedHeight: 1 },
        { width: 1, height: 1 },
      ),
    ).toThrow(/1 boxes, 2 scores/);
  });
});
