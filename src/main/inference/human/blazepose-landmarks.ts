import type { Padding } from './model-input.js';

/** BlazePose's 39 landmarks in its output order, named as Human names them (blazeposecoords.ts). */
export const blazePoseParts = [
  'nose',
  'leftEyeInside',
  'leftEye',
  'leftEyeOutside',
  'rightEyeInside',
  'rightEye',
  'rightEyeOutside',
  'leftEar',
  'rightEar',
  'leftMouth',
  'rightMouth',
  'leftShoulder',
  'rightShoulder',
  'leftElbow',
  'rightElbow',
  'leftWrist',
  'rightWrist',
  'leftPinky',
  'rightPinky',
  'leftIndex',
  'rightIndex',
  'leftThumb',
  'rightThumb',
  'leftHip',
  'rightHip',
  'leftKnee',
  'rightKnee',
  'leftAnkle',
  'rightAnkle',
  'leftHeel',
  'rightHeel',
  'leftFoot',
  'rightFoot',
  'bodyCenter',
  'bodyTop',
  'leftPalm',
  'leftHand',
  'rightPalm',
  'rightHand',
] as const;

export type BlazePosePart = (typeof blazePoseParts)[number];
/** A part BlazePose has on both sides, without its side: `Shoulder` for `leftShoulder` and `rightShoulder`. */
export type SidedPart = LeftPartWithoutSide<BlazePosePart>;
type LeftPartWithoutSide<Part> = Part extends `left${infer Unsided}` ? Unsided : never;

/**
 * The outputs read: the landmarks (x, y, z, visibility, presence each) and the pose score. Human
 * asks for the segmentation and the heatmap as well and never uses them; not asking for them
 * leaves their part of the graph unrun (about a quarter of the model's time).
 */
export const blazePoseOutputs = ['ld_3d', 'output_poseflag'] as const;

/** A person as Human's BlazePose answers it: in the pixels of the image it was given, truncated to integers. */
export interface HumanBodyAnswer {
  score: number;
  /** [x, y, width, height] around all 39 landmarks. */
  box: [number, number, number, number];
  keypoints: { part: string; position: [number, number, number]; score: number }[];
}

const sigmoid = (value: number): number => 1 - 1 / (1 + Math.exp(value));

/**
 * Human 3.3.6's reading of BlazePose's outputs (blazepose.ts `detectLandmarks`, `fixKeypoints`,
 * `rescaleKeypoints`, box.ts `calc`), expression for expression so that the numbers are the same:
 * the landmarks scaled to the image, undone of `padding`, the palms' depth taken from wrist and
 * index finger, scores truncated to hundredths. Null below `minConfidence`.
 *
 * `padding` is the padding this image was given to make it square (none for a square image).
 * Human itself undoes, for a square image, the padding of the last image it padded (a module
 * variable it sets only when it pads), which stretched the answers on a square region of a
 * portrait photo 1.78× across; that is not reproduced.
 */
export function humanBodyAnswer(
  landmarks: ArrayLike<number>,
  poseScore: number,
  image: { width: number; height: number },
  padding: Padding,
  minConfidence: number,
  inputSizePx: number,
): HumanBodyAnswer | null {
  const depth = 5;
  const keypoints = blazePoseParts.map((part, index) => {
    const score = sigmoid(landmarks[depth * index + 3]!);
    const presence = sigmoid(landmarks[depth * index + 4]!);
    const x = Math.trunc(image.width * (landmarks[depth * index]! / inputSizePx));
    const y = Math.trunc(image.height * (landmarks[depth * index + 1]! / inputSizePx));
    const position: [number, number, number] = [x, y, landmarks[depth * index + 2]! + 0];
    return { part: part as string, position, score: Math.trunc(100 * score * presence * poseScore) / 100 };
  });
  if (poseScore < minConfidence) return null;
  const z = (part: string): number => keypoints.find((keypoint) => keypoint.part === part)!.position[2] || 0;
  for (const side of ['left', 'right']) {
    keypoints.find((keypoint) => keypoint.part === `${side}Palm`)!.position[2] = (z(`${side}Wrist`) + z(`${side}Index`)) / 2;
  }
  const { width, height } = image;
  for (const keypoint of keypoints) {
    const [x, y, depthValue] = keypoint.position;
    keypoint.position = [
      Math.trunc((x * (width + padding.left + padding.right)) / width - padding.left),
      Math.trunc((y * (height + padding.top + padding.bottom)) / height - padding.top),
      depthValue,
    ];
  }
  const xs = keypoints.map((keypoint) => keypoint.position[0]);
  const ys = keypoints.map((keypoint) => keypoint.position[1]);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return {
    score: Math.trunc(100 * poseScore) / 100,
    box: [left, top, Math.max(...xs) - left, Math.max(...ys) - top],
    keypoints,
  };
}
