import type { ConvertedNetwork } from '../tfjs-to-onnx/converted-network.js';
import type { FaceDetectorSettings } from './human-config.js';
import { legacyBilinearAxis } from './legacy-bilinear.js';

/** A face as Human answers it with the mesh off: [x, y, width, height] in the input's pixels, truncated, and its score in hundredths. */
export interface HumanFaceAnswer {
  box: [number, number, number, number];
  score: number;
}

/**
 * An RGB photo (0–255, row-major) and the extent it is looked at in: the photo in the top left
 * corner, neutral grey (128) in the rest, as the face check pads a portrait photo to a square.
 */
export interface FaceDetectorInput {
  rgb: Uint8Array;
  width: number;
  height: number;
  paddedWidth: number;
  paddedHeight: number;
}

export interface BlazeFace {
  /** Faces in the padded photo's pixels, in Human's order (non-max suppression's). */
  detect(input: FaceDetectorInput): Promise<HumanFaceAnswer[]>;
}

type Point = [number, number];
interface Box {
  startPoint: Point;
  endPoint: Point;
}

/** facemeshutil.ts `generateAnchors` for BlazeFace (not the 192 px facemesh detector, which the face check does not load). */
function anchorGrid(inputSize: number): [number, number][] {
  const spec = { strides: [inputSize / 16, inputSize / 8], anchors: [2, 6] };
  const anchors: [number, number][] = [];
  spec.strides.forEach((stride, index) => {
    const cells = Math.floor((inputSize + stride - 1) / stride);
    for (let gridY = 0; gridY < cells; gridY += 1) {
      for (let gridX = 0; gridX < cells; gridX += 1) {
        for (let n = 0; n < spec.anchors[index]!; n += 1) anchors.push([stride * (gridX + 0.5), stride * (gridY + 0.5)]);
      }
    }
  });
  return anchors;
}

const center = (box: Box): Point => [
  box.startPoint[0] + (box.endPoint[0] - box.startPoint[0]) / 2,
  box.startPoint[1] + (box.endPoint[1] - box.startPoint[1]) / 2,
];
const sizeOf = (box: Box): Point => [Math.abs(box.endPoint[0] - box.startPoint[0]), Math.abs(box.endPoint[1] - box.startPoint[1])];

/**
 * tfjs' `resizeBilinear` (corners not aligned, no half-pixel centres) of the padded photo to the
 * network's square input, then Human's `x / 127.5 − 1`: the value at each output pixel from the
 * four input pixels around `index × input / output`.
 */
function networkInput(input: FaceDetectorInput, size: number): Float32Array {
  const values = new Float32Array(size * size * 3);
  const pixel = (x: number, y: number, channel: number): number =>
    x < input.width && y < input.height ? input.rgb[(y * input.width + x) * 3 + channel]! : 128;
  const rows = legacyBilinearAxis(input.paddedHeight, size);
  const columns = legacyBilinearAxis(input.paddedWidth, size);
  for (let row = 0; row < size; row += 1) {
    const [top, bottom, rowFraction] = [rows.low[row]!, rows.high[row]!, rows.fraction[row]!];
    for (let column = 0; column < size; column += 1) {
      const [left, right, columnFraction] = [columns.low[column]!, columns.high[column]!, columns.fraction[column]!];
      for (let channel = 0; channel < 3; channel += 1) {
        const upper = pixel(left, top, channel) + (pixel(right, top, channel) - pixel(left, top, channel)) * columnFraction;
        const lower = pixel(left, bottom, channel) + (pixel(right, bottom, channel) - pixel(left, bottom, channel)) * columnFraction;
        values[(row * size + column) * 3 + channel] = (upper + (lower - upper) * rowFraction) / 127.5 - 1;
      }
    }
  }
  return values;
}

/** Overlap of two boxes [x1, y1, x2, y2] over their union, as tfjs' non-max suppression computes it. */
function intersectionOverUnion(boxes: Float32Array, i: number, j: number): number {
  const [ax1, ay1, ax2, ay2] = [boxes[i * 4]!, boxes[i * 4 + 1]!, boxes[i * 4 + 2]!, boxes[i * 4 + 3]!];
  const [bx1, by1, bx2, by2] = [boxes[j * 4]!, boxes[j * 4 + 1]!, boxes[j * 4 + 2]!, boxes[j * 4 + 3]!];
  const areaA = (Math.max(ay1, ay2) - Math.min(ay1, ay2)) * (Math.max(ax1, ax2) - Math.min(ax1, ax2));
  const areaB = (Math.max(by1, by2) - Math.min(by1, by2)) * (Math.max(bx1, bx2) - Math.min(bx1, bx2));
  if (areaA <= 0 || areaB <= 0) return 0;
  const height = Math.max(Math.min(Math.max(ay1, ay2), Math.max(by1, by2)) - Math.max(Math.min(ay1, ay2), Math.min(by1, by2)), 0);
  const width = Math.max(Math.min(Math.max(ax1, ax2), Math.max(bx1, bx2)) - Math.max(Math.min(ax1, ax2), Math.min(bx1, bx2)), 0);
  const intersection = height * width;
  return intersection / (areaA + areaB - intersection);
}

/**
 * tfjs' `nonMaxSuppressionAsync` without soft suppression: the boxes scoring above
 * `scoreThreshold`, best first (the lower index first on a tie), each kept unless it overlaps a
 * kept one by `iouThreshold` or more, at most `maxOutput`.
 */
function nonMaxSuppression(
  boxes: Float32Array,
  scores: Float32Array,
  maxOutput: number,
  iouThreshold: number,
  scoreThreshold: number,
): number[] {
  const candidates: number[] = [];
  for (let index = 0; index < scores.length; index += 1) if (scores[index]! > scoreThreshold) candidates.push(index);
  candidates.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const kept: number[] = [];
  for (const candidate of candidates) {
    if (kept.length >= maxOutput) break;
    if (kept.every((chosen) => intersectionOverUnion(boxes, candidate, chosen) < iouThreshold)) kept.push(candidate);
  }
  return kept;
}

/**
 * BlazeFace as Human 3.3.6 runs it for `detect` with the face mesh and every face model off
 * (blazeface.ts `getBoxes`, facemesh.ts `predict`, facemeshutil.ts), expression for expression, its
 * network on onnxruntime (tfjs-to-onnx/) and the arithmetic around it here, so that the boxes and
 * scores are Human's to float rounding. What is left out is what Human does around it that the
 * face check never reads: cutting each face out for the face models (all off), its landmarks and
 * bookkeeping.
 */
export function createBlazeFace(network: ConvertedNetwork, settings: FaceDetectorSettings): BlazeFace {
  const inputSize = network.inputShape[1];
  const anchors = anchorGrid(inputSize);
  const maxDetected = settings.maxDetected || 0;
  const iouThreshold = settings.iouThreshold || 0;
  const minConfidence = settings.minConfidence || 0;
  const enlarge = settings.boxScale || 1.4;

  return {
    async detect(input) {
      // Human joins the outputs by size: the 512 anchors' logits and regressors, then the 384's.
      const outputs = (await network.run(networkInput(input, inputSize))).sort((a, b) => a.length - b.length);
      const [logits384, logits512, regressors384, regressors512] = outputs as [Float32Array, Float32Array, Float32Array, Float32Array];
      const rows = [
        ...Array.from({ length: logits512.length }, (_, row) => ({
          logit: logits512[row]!,
          regressors: regressors512.subarray(row * 16, row * 16 + 16),
        })),
        ...Array.from({ length: logits384.length }, (_, row) => ({
          logit: logits384[row]!,
          regressors: regressors384.subarray(row * 16, row * 16 + 16),
        })),
      ];
      if (rows.length !== anchors.length) throw new Error(`BlazeFace gave ${rows.length} anchors' answers for ${anchors.length} anchors`);
      // blazeface.ts `decodeBoxes`: the regressors' offsets and sizes around the anchors, in input pixels.
      const boxValues = new Float32Array(rows.length * 4);
      const scoreValues = new Float32Array(rows.length);
      rows.forEach(({ logit, regressors }, index) => {
        const [anchorX, anchorY] = anchors[index]!;
        for (const axis of [0, 1]) {
          const centre = (regressors[axis]! + (axis === 0 ? anchorX : anchorY)) / inputSize;
          const half = regressors[axis + 2]! / inputSize / 2;
          boxValues[index * 4 + axis] = (centre - half) * inputSize;
          boxValues[index * 4 + 2 + axis] = (centre + half) * inputSize;
        }
        scoreValues[index] = 1 / (1 + Math.exp(-logit));
      });
      const chosen = nonMaxSuppression(boxValues, scoreValues, maxDetected, iouThreshold, minConfidence);
      const [height, width] = [input.paddedHeight, input.paddedWidth];
      const factor: Point = [width / inputSize, height / inputSize];
      const faces: HumanFaceAnswer[] = [];
      for (const index of chosen) {
        const confidence = scoreValues[index]!;
        if (!(confidence > minConfidence)) continue;
        const [x1, y1, x2, y2] = [0, 1, 2, 3].map((offset) => boxValues[index * 4 + offset]!) as [number, number, number, number];
        // util.scaleBoxCoordinates, enlargeBox, squarifyBox.
        const scaled: Box = { startPoint: [x1 * factor[0], y1 * factor[1]], endPoint: [x2 * factor[0], y2 * factor[1]] };
        const scaledCenter = center(scaled);
        const scaledSize = sizeOf(scaled);
        const enlarged: Box = {
          startPoint: [scaledCenter[0] - (enlarge * scaledSize[0]) / 2, scaledCenter[1] - (enlarge * scaledSize[1]) / 2],
          endPoint: [scaledCenter[0] + (enlarge * scaledSize[0]) / 2, scaledCenter[1] + (enlarge * scaledSize[1]) / 2],
        };
        const squareCenter = center(enlarged);
        const squareHalf = Math.max(...sizeOf(enlarged)) / 2;
        const start: Point = [Math.round(squareCenter[0] - squareHalf), Math.round(squareCenter[1] - squareHalf)];
        const end: Point = [Math.round(squareCenter[0] + squareHalf), Math.round(squareCenter[1] + squareHalf)];
        const squareSize = sizeOf(enlarged).map(Math.round) as Point;
        // Human's minSize is 0 here (human-config.ts).
        if (!(squareSize[0] > 0 && squareSize[1] > 0)) continue;
        // facemesh.ts `predict` without the mesh: the box clamped to the input, the score in hundredths.
        const score = Math.round(100 * confidence) / 100;
        if (!(score > (settings.minConfidence || 1))) continue;
        const box: HumanFaceAnswer['box'] = [
          Math.trunc(Math.max(0, start[0])),
          Math.trunc(Math.max(0, start[1])),
          Math.trunc(Math.min(width, end[0]) - Math.max(0, start[0])),
          Math.trunc(Math.min(height, end[1]) - Math.max(0, start[1])),
        ];
        faces.push({ box, score });
      }
      return faces;
    },
  };
}
