import sharp from 'sharp';
import type { PixelBox, RgbImage } from './person-crop.js';

/**
 * ViTDet (Cascade Mask R-CNN, ViT-H, COCO) as 4D-Humans runs it through detectron2, split where the
 * ONNX export cuts it (scripts/models/export_hmr2_onnx.py):
 *   - here: RGB, resized as detectron2's ResizeShortestEdge(1024, max_size=1024) does (the longest
 *     side becomes 1024), then padded to the exported square input with the model's pixel mean,
 *     which is what detectron2's zero padding after normalisation amounts to;
 *   - in the graph: normalisation, backbone, proposals, cascade heads, NMS;
 *   - here again: boxes back to photo pixels, clipped to the photo (detector_postprocess), then
 *     demo.py's choice: COCO class 0 (person) with score > 0.5; of several people the largest box.
 */

/** detectron2's ViTDet pixel mean (RGB, 0–255): padding with it is padding with 0 after normalisation. */
export const vitdetPixelMeanRgb = [123.675, 116.28, 103.53] as const;
export const personClassId = 0;
export const defaultPersonScoreThreshold = 0.5;

export interface DetectorInput {
  /** CHW float32 RGB 0–255, inputSize × inputSize. */
  tensor: Float32Array;
  inputSize: number;
  /** The photo's size inside the padded square. */
  resizedWidth: number;
  resizedHeight: number;
}

/** ResizeShortestEdge.get_output_shape(h, w, short_edge_length = size, max_size = size). */
export function resizedShape(width: number, height: number, size: number): { width: number; height: number } {
  const scale = size / Math.min(height, width);
  let newHeight = height < width ? size : scale * height;
  let newWidth = height < width ? scale * width : size;
  const longest = Math.max(newHeight, newWidth);
  if (longest > size) {
    newHeight *= size / longest;
    newWidth *= size / longest;
  }
  return { width: Math.trunc(newWidth + 0.5), height: Math.trunc(newHeight + 0.5) };
}

/** The detector's input for a photo (resize with sharp's triangle filter, like PIL's bilinear in detectron2). */
export async function detectorInputFor(image: RgbImage, inputSize: number): Promise<DetectorInput> {
  const { width, height } = resizedShape(image.width, image.height, inputSize);
  const resized =
    width === image.width && height === image.height
      ? image.data
      : new Uint8Array(
          await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
            .resize(width, height, { fit: 'fill', kernel: 'linear' })
            .raw()
            .toBuffer(),
        );
  const plane = inputSize * inputSize;
  const tensor = new Float32Array(3 * plane);
  for (let channel = 0; channel < 3; channel++) tensor.fill(vitdetPixelMeanRgb[channel]!, channel * plane, (channel + 1) * plane);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const source = (y * width + x) * 3;
      const target = y * inputSize + x;
      tensor[target] = resized[source]!;
      tensor[plane + target] = resized[source + 1]!;
      tensor[2 * plane + target] = resized[source + 2]!;
    }
  }
  return { tensor, inputSize, resizedWidth: width, resizedHeight: height };
}

export interface Detection {
  box: PixelBox;
  score: number;
  classId: number;
}

/**
 * The detector's outputs in photo pixels: boxes scaled by the resize per axis and clipped to the
 * photo; empty boxes dropped (detector_postprocess).
 */
export function detectionsFromOutputs(
  outputs: { boxes: ArrayLike<number>; scores: ArrayLike<number>; classes: ArrayLike<number | bigint> },
  input: Pick<DetectorInput, 'resizedWidth' | 'resizedHeight'>,
  photo: { width: number; height: number },
): Detection[] {
  const count = outputs.scores.length;
  if (outputs.boxes.length !== count * 4 || outputs.classes.length !== count) {
    throw new Error(`the detector returned ${outputs.boxes.length / 4} boxes, ${count} scores and ${outputs.classes.length} classes`);
  }
  const scaleX = photo.width / input.resizedWidth;
  const scaleY = photo.height / input.resizedHeight;
  const clip = (value: number, limit: number): number => Math.min(limit, Math.max(0, value));
  const detections: Detection[] = [];
  for (let k = 0; k < count; k++) {
    const box = {
      x1: clip(outputs.boxes[k * 4]! * scaleX, photo.width),
      y1: clip(outputs.boxes[k * 4 + 1]! * scaleY, photo.height),
      x2: clip(outputs.boxes[k * 4 + 2]! * scaleX, photo.width),
      y2: clip(outputs.boxes[k * 4 + 3]! * scaleY, photo.height),
    };
    if (!(box.x2 > box.x1 && box.y2 > box.y1)) continue;
    detections.push({ box, score: outputs.scores[k]!, classId: Number(outputs.classes[k]!) });
  }
  return detections;
}

export function boxArea(box: PixelBox): number {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}

/** The person to measure: class person, score above the threshold (strictly, as demo.py), largest box. */
export function selectPerson(
  detections: readonly Detection[],
  scoreThreshold = defaultPersonScoreThreshold,
): { person: Detection; personCount: number } | null {
  const people = detections.filter((detection) => detection.classId === personClassId && detection.score > scoreThreshold);
  if (people.length === 0) return null;
  const person = people.reduce((best, candidate) => (boxArea(candidate.box) > boxArea(best.box) ? candidate : best));
  return { person, personCount: people.length };
}
