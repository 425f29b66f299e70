import type { GraphModel } from '@vladmandic/human';
import type { FaceDetectorSettings } from './human-config.js';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D, Tf } from './tfjs.js';

/** A face as Human answers it with the mesh off: [x, y, width, height] in the input's pixels, truncated, and its score in hundredths. */
export interface HumanFaceAnswer {
  box: [number, number, number, number];
  score: number;
}

export interface BlazeFace {
  /** Faces in an image tensor [1, height, width, 3] of 0–255 values, in Human's order (non-max suppression's). */
  detect(input: Tensor4D): Promise<HumanFaceAnswer[]>;
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
 * BlazeFace as Human 3.3.6 runs it for `detect` with the face mesh and every face model off
 * (blazeface.ts `getBoxes`, facemesh.ts `predict`, facemeshutil.ts), expression for expression and
 * with the same tfjs ops on the same tensors, so that the boxes and scores are Human's. What is left
 * out is what Human does around it that the face check never reads: merging the call's config into
 * its own, cloning the input, cutting each face out to a 256×256 crop for the face models (all off),
 * its landmarks and bookkeeping (about 3 ms of a 30 ms detection on the capture check's bench photo).
 */
export function createBlazeFace(tf: Tf, model: GraphModel, settings: FaceDetectorSettings): BlazeFace {
  const inputSize = model.inputs[0]?.shape?.[2] ?? 256;
  // Human's constants and its module's tensors, made once as Human makes them on load.
  const inputSizeT = tf.scalar(inputSize, 'int32');
  const anchors = tf.tensor2d(anchorGrid(inputSize));
  const two = tf.scalar(2.0, 'float32');
  const half255 = tf.scalar(127.5, 'float32');
  const one = tf.scalar(1.0, 'float32');
  const maxDetected = settings.maxDetected || 0;
  const iouThreshold = settings.iouThreshold || 0;
  const minConfidence = settings.minConfidence || 0;
  const enlarge = settings.boxScale || 1.4;

  /** blazeface.ts `decodeBoxes`: the regressors' offsets and sizes around the anchors, in input pixels. */
  function decodeBoxes(batch: Tensor, kept: <T extends Tensor>(tensor: T) => T): Tensor2D {
    const centers = kept(tf.add(kept(tf.slice(batch, [0, 1], [-1, 2])), anchors));
    const boxSizesNormalized = kept(tf.div(kept(tf.slice(batch, [0, 3], [-1, 2])), inputSizeT));
    const centersNormalized = kept(tf.div(centers, inputSizeT));
    const halfBoxSize = kept(tf.div(boxSizesNormalized, two));
    const starts = kept(tf.sub(centersNormalized, halfBoxSize));
    const ends = kept(tf.add(centersNormalized, halfBoxSize));
    const startNormalized = kept(tf.mul(starts, inputSizeT)) as Tensor2D;
    const endNormalized = kept(tf.mul(ends, inputSizeT)) as Tensor2D;
    return kept(tf.concat2d([startNormalized, endNormalized], 1));
  }

  /** The model's outputs as one [anchors, 17] batch (score logit, box, six landmarks), as `getBoxes` joins them. */
  function batchOf(outputs: Tensor | Tensor[], kept: <T extends Tensor>(tensor: T) => T): Tensor {
    if (Array.isArray(outputs) && outputs.length > 2) {
      const sorted = [...outputs].sort((a, b) => a.size - b.size);
      const concat384 = kept(tf.concat([sorted[0]!, sorted[2]!], 2));
      const concat512 = kept(tf.concat([sorted[1]!, sorted[3]!], 2));
      return kept(tf.squeeze(kept(tf.concat([concat512, concat384], 1)), [0]));
    }
    return kept(tf.squeeze(Array.isArray(outputs) ? outputs[0]! : outputs));
  }

  return {
    async detect(input) {
      const t: Tensor[] = [];
      const kept = <T extends Tensor>(tensor: T): T => {
        t.push(tensor);
        return tensor;
      };
      try {
        const resized = kept(tf.image.resizeBilinear(input, [inputSize, inputSize]));
        const normalized = kept(tf.sub(kept(tf.div(resized, half255)), one));
        const outputs = model.execute(normalized) as Tensor | Tensor[];
        (Array.isArray(outputs) ? outputs : [outputs]).forEach((output) => kept(output));
        const batch = batchOf(outputs, kept);
        const boxes = decodeBoxes(batch, kept);
        const scores = kept(tf.squeeze(kept(tf.sigmoid(kept(tf.slice(batch, [0, 0], [-1, 1])))))) as Tensor1D;
        const nms = kept(await tf.image.nonMaxSuppressionAsync(boxes, scores, maxDetected, iouThreshold, minConfidence));
        const [chosen, scoreValues, boxValues] = await Promise.all([nms.data(), scores.data(), boxes.data()]);
        const [height, width] = [input.shape[1], input.shape[2]];
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
      } finally {
        tf.dispose(t);
      }
    },
  };
}
